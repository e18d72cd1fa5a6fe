"""Fuzzing every reader with random and mutated inputs: the only failure is the item's own.

Each reader is called directly (not through parse_items, whose edge turns any error into a
failure), so that a crash inside a reader shows here instead of hiding as a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.errors import MalformedItem
from publisher.ingest import ItemFailure, ItemNote, ParsedDispatch, ParsedItem, parse_items
from publisher.ingest.feeds import parse_feed
from publisher.ingest.markdown import parse_markdown
from publisher.ingest.model import LIMITS, MAX_PARAGRAPHS, MAX_TOPICS
from publisher.ingest.ninjs import parse_json, parse_json_lines
from publisher.ingest.webpage import parse_html
from publisher.ingest.wire import parse_wire

SAMPLES = Path(__file__).resolve().parents[1] / "publisher" / "samples"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Pieces that readers treat specially, spliced into good samples.
_TOKENS = [
    "\x00",
    "\udfff",
    "\ud800",
    "\x1b",
    "\u202e",
    "\ufeff",
    "---\n",
    "&a ",
    "*a",
    "[[[[[[[[",
    "]]]]",
    "{{{{",
    "}}",
    '"',
    "\\u0000",
    "\\udfff",
    "<",
    ">",
    "</p>",
    "<![CDATA[",
    "<!ENTITY x 'y'>",
    "&x;",
    "&#0;",
    "&#xD800;",
    "<item>",
    "</item>",
    "<entry>",
    "title:",
    "topics: [",
    "(LEAD)",
    "(END)",
    "SEOUL, Nov. 13 (Yonhap) -- ",
    "9" * 5000,
    "x" * 3000,
    "\n",
    "\n\n",
    "\r",
]


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


@st.composite
def mutated(draw: st.DrawFn, samples: list[str]) -> str:
    """A good sample with a few random edits: cuts, splices of tokens or random text, repeats."""
    text = draw(st.sampled_from(samples))
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 200)))
        edit = draw(st.sampled_from(["cut", "token", "text", "repeat", "truncate"]))
        if edit == "cut":
            text = text[:start] + text[end:]
        elif edit == "token":
            text = text[:start] + draw(st.sampled_from(_TOKENS)) + text[start:]
        elif edit == "text":
            text = text[:start] + draw(st.text(max_size=40)) + text[end:]
        elif edit == "repeat":
            text = text[:start] + text[start:end] * draw(st.integers(2, 50)) + text[end:]
        else:
            text = text[:start]
    return text


def _inputs(*names: str) -> st.SearchStrategy[str]:
    samples = [_sample(name) for name in names]
    return st.one_of(mutated(samples), st.text(max_size=300))


def _check(item: ParsedDispatch) -> None:
    """What every dispatch that comes out must be: within limits, and text UTF-8 accepts."""
    assert item.headline
    assert item.paragraphs
    assert len(item.headline) <= LIMITS["headline"].chars
    assert len(item.paragraphs) <= MAX_PARAGRAPHS
    assert len(item.topics) <= MAX_TOPICS
    for name in ("byline", "agency", "dateline", "guid", "url", "update_tag"):
        value = getattr(item, name)
        assert value is None or len(value) <= LIMITS[name].chars
    text = "\n".join([item.headline, *item.paragraphs, *item.topics, item.byline or ""])
    text.encode("utf-8")
    assert "\x00" not in text
    item.content_hash()
    assert len(item.story_key()) <= 512


def _single(parser: Callable[[str, str], ParsedDispatch], text: str) -> None:
    try:
        item = parser(text, "fuzz")
    except MalformedItem as error:
        assert error.reason
        return
    _check(item)


def _many(parser: Callable[[str, str], list[ParsedItem]], text: str) -> None:
    try:
        items = parser(text, "fuzz")
    except MalformedItem as error:
        assert error.reason
        return
    for item in items:
        if isinstance(item, ItemFailure):
            assert item.reason
        elif isinstance(item, ItemNote):
            assert item.note
        else:
            _check(item)


@FUZZ
@given(
    _inputs(
        "ap_river_flooding.txt",
        "efe_olive_harvest.txt",
        "ians_harbour_scraped.txt",
        "yonhap_rail_2_2nd_ld.txt",
    )
)
def test_wire_text(text: str) -> None:
    _single(parse_wire, text)


@FUZZ
@given(_inputs("library_robots.md"))
def test_markdown(text: str) -> None:
    _single(parse_markdown, text)


@settings(FUZZ, max_examples=60)
@given(_inputs("museum_reopening.html"))
def test_html(text: str) -> None:
    _single(parse_html, text)


@FUZZ
@given(_inputs("desk_feed.rss"))
def test_feeds(text: str) -> None:
    _many(parse_feed, text)


@FUZZ
@given(_inputs("solar_ferry.ninjs.json"))
def test_ninjs(text: str) -> None:
    _many(parse_json, text)


@FUZZ
@given(_inputs("regional_briefs.jsonl"))
def test_json_lines(text: str) -> None:
    _many(parse_json_lines, text)


def _encoded(text: str) -> bytes:
    # a lone surrogate becomes the invalid UTF-8 bytes a hostile file would hold
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(st.binary(max_size=400) | _inputs("desk_feed.rss", "library_robots.md").map(_encoded))
def test_any_bytes_through_parse_items(data: bytes) -> None:
    try:
        items = parse_items(data, "fuzz")
    except MalformedItem:
        return
    for item in items:
        if isinstance(item, ParsedDispatch):
            _check(item)
