"""Markdown, HTML, RSS, Atom, ninjs JSON and JSON Lines, and how a format is recognized."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from publisher.errors import MalformedItem
from publisher.ingest import ItemFailure, ItemNote, ParsedDispatch, parse_bytes, parse_items
from publisher.ingest.parse import sniff_format

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "ingest"
SAMPLES = REPO / "publisher" / "samples"
CET = timezone(timedelta(hours=1))
KST = timezone(timedelta(hours=9))
IST = timezone(timedelta(hours=5, minutes=30))


def items_of(path: Path) -> list[ParsedDispatch | ItemFailure]:
    return parse_items(path.read_bytes(), str(path))


def dispatches(items: list[ParsedDispatch | ItemFailure]) -> list[ParsedDispatch]:
    return [item for item in items if isinstance(item, ParsedDispatch)]


def failures(items: list[ParsedDispatch | ItemFailure]) -> list[ItemFailure]:
    return [item for item in items if isinstance(item, ItemFailure)]


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_front_matter_fields() -> None:
    path = SAMPLES / "library_robots.md"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.source_format == "markdown"
    assert d.headline == "City libraries test robots that return books to the shelves"
    assert (d.agency, d.byline, d.dateline, d.language) == (
        "Desk Wire",
        "Lena Fischer",
        "Hamburg",
        "en",
    )
    assert d.published == datetime(2025, 11, 10, 8, 15, tzinfo=CET)
    assert d.updated == datetime(2025, 11, 10, 10, 2, tzinfo=CET)
    assert d.guid == "urn:desk-wire:2025:library-robots"
    assert d.url == "https://news.example.org/2025/11/library-robots"
    assert d.topics == ["libraries", "technology", "public services"]
    assert d.story_key() == "urn:desk-wire:2025:library-robots"
    # hard-wrapped lines are joined; Markdown syntax is reduced to text
    assert d.paragraphs[0].startswith("Two public libraries in Hamburg have started")
    assert "**" not in " ".join(d.paragraphs)
    assert d.paragraphs[-1] == (
        "Visitors can watch the robots at work during open evenings held once a month."
    )
    assert len(d.paragraphs) == 5


def test_markdown_without_front_matter_takes_the_heading() -> None:
    text = (
        "# Night trains return to the Alps\n\n"
        "VIENNA, Nov 2 (Reuters) - Night trains will run again between Vienna and two ski "
        "resorts from December, the rail operator said.\n\n"
        "- Tickets go on sale next week.\n\n"
        "(Reporting by Anna Berger; Editing by Tom Hill)\n"
    )
    received = datetime(2025, 11, 3, 6, 0, tzinfo=UTC)
    (d,) = parse_bytes(text.encode(), "night-trains.md", received=received)
    assert d.headline == "Night trains return to the Alps"
    assert (d.agency, d.dateline, d.byline) == ("Reuters", "VIENNA, Nov 2", "Anna Berger")
    assert d.paragraphs == [
        "Night trains will run again between Vienna and two ski resorts from December, the rail "
        "operator said.",
        "Tickets go on sale next week.",
    ]
    # no timestamp of its own: dated by its dateline's day, the year from the receipt
    assert d.published == datetime(2025, 11, 2, 12, 0, tzinfo=UTC) and d.published_inferred
    assert d.guid is None


def test_markdown_yaml_dates_and_comma_topics() -> None:
    text = "---\ntitle: Dated\npublished: 2025-11-03\ntopics: a, b\n---\nSome text here.\n"
    (d,) = parse_bytes(text.encode(), "dated.md")
    assert d.published == datetime(2025, 11, 3, tzinfo=UTC)
    assert d.topics == ["a", "b"]


def test_markdown_bad_front_matter() -> None:
    path = DATA / "bad_front_matter.md"
    with pytest.raises(MalformedItem, match=r"front matter is not valid YAML at line 3"):
        parse_bytes(path.read_bytes(), str(path))
    with pytest.raises(MalformedItem, match="not a mapping"):
        parse_bytes(b"---\n- a list\n---\nText.\n", "list.md")


# --- HTML ---------------------------------------------------------------------------------------


def test_html_article_page() -> None:
    path = SAMPLES / "museum_reopening.html"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.source_format == "html"
    assert d.headline == "Coastal museum reopens after three-year renovation"
    assert d.byline == "Priya Natarajan"
    assert d.dateline == "FALMOUTH, England, Nov 11"
    assert d.agency == "Harbour Herald"
    assert d.published == datetime(2025, 11, 11, 18, 20, tzinfo=UTC)
    assert d.updated == datetime(2025, 11, 11, 19, 5, tzinfo=UTC)
    assert d.language == "en"
    assert d.url == "https://harbour-herald.example.com/culture/coastal-museum-reopens"
    assert d.topics == ["culture", "museums", "Cornwall"]
    text = " ".join(d.paragraphs)
    assert d.paragraphs[0].startswith("A maritime museum on the Cornish coast")
    for furniture in ("analytics", "font-family", "Most read", "Ferry timetable", "Home"):
        assert furniture not in text
    assert not any("<" in p for p in d.paragraphs)
    assert len(d.paragraphs) == 6


def test_html_keeps_the_offset_of_the_page_date() -> None:
    page = (
        '<html lang="ko"><head><title>t</title>'
        '<meta property="article:published_time" content="2025-11-12T09:30:00+09:00"></head>'
        "<body><article><h1>지하철 9호선 연장 구간 개통</h1>"
        "<p>서울 지하철 9호선 연장 구간이 12일 개통했다. 새 구간에는 역 네 곳이 생겼다.</p>"
        "<p>시는 출퇴근 시간 혼잡이 줄어들 것으로 기대한다고 밝혔다.</p></article></body></html>"
    )
    (d,) = parse_bytes(page.encode(), "page.html")
    assert d.published == datetime(2025, 11, 12, 9, 30, tzinfo=KST)
    assert d.language == "ko"


def test_html_without_text_is_malformed() -> None:
    with pytest.raises(MalformedItem, match="no article text"):
        parse_bytes(b"<html><head><title>Empty</title></head><body></body></html>", "e.html")


# --- RSS and Atom -------------------------------------------------------------------------------


def test_rss_entries() -> None:
    items = items_of(SAMPLES / "desk_feed.rss")
    assert not failures(items)
    first, second, third = dispatches(items)
    assert first.source_format == "rss"
    assert first.source_name.endswith("desk_feed.rss#entry-1")
    assert third.source_name.endswith("#entry-3")
    assert first.guid == "desk-wire-2025-11-12-typhoon"
    assert first.url == "https://news.example.org/asia/typhoon-weakens"
    assert first.published == datetime(2025, 11, 12, 14, 30, tzinfo=KST)
    assert first.published is not None and first.published.utcoffset() == timedelta(hours=9)
    assert second.published is not None and second.published.utcoffset() == timedelta(hours=7)
    assert first.byline == "Kenji Aoyama"
    assert first.topics == ["weather", "Japan"]
    assert (first.dateline, first.agency) == ("NAHA, Nov 12", "Desk Wire")
    assert first.paragraphs[0].startswith("A typhoon weakened to a tropical storm")
    assert len(first.paragraphs) == 5
    assert first.language == "en"


def test_atom_entries_and_bad_entries() -> None:
    items = items_of(DATA / "atom_feed.xml")
    tea, untitled = dispatches(items)
    assert untitled.headline == "A story without a title."
    assert untitled.derived == {"headline": "body"}
    assert tea.source_format == "atom"
    assert tea.guid == "urn:test:atom:tea"
    assert tea.url == "https://news.example.org/tea"
    assert tea.published == datetime(2025, 11, 12, 9, 15, tzinfo=IST)
    assert tea.updated == datetime(2025, 11, 12, 9, 45, tzinfo=IST)
    assert (tea.byline, tea.dateline, tea.topics) == (
        "Anil Rao",
        "KOLKATA, Nov 12",
        ["agriculture"],
    )
    assert tea.paragraphs == [
        "Tea growers in the eastern hills expect a record autumn crop after steady rain.",
        "Auction prices have eased as a result.",
    ]
    reasons = {f.source_name.rsplit("#", 1)[1]: f.reason for f in failures(items)}
    assert reasons == {"entry-3": "feed entry has no text (no content or summary)"}


def test_truncated_feed_keeps_complete_entries() -> None:
    items = items_of(DATA / "truncated_feed.rss")
    (bridge,) = dispatches(items)
    assert bridge.headline == "Bridge repairs finish ahead of schedule"
    feed_failure, entry_failure = failures(items)
    assert feed_failure.source_name.endswith("truncated_feed.rss")
    assert "the feed is cut off" in feed_failure.reason
    assert "kept 1 complete entry" in feed_failure.reason
    assert entry_failure.source_name.endswith("#entry-2")
    assert "cut off" in entry_failure.reason
    with pytest.raises(MalformedItem, match="cut off"):
        parse_bytes((DATA / "truncated_feed.rss").read_bytes(), "t.rss")


def test_feed_with_declared_latin1_encoding() -> None:
    feed = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>c</title>'
        "<item><title>Caf\u00e9 de la Paix reabre</title><guid>x</guid>"
        "<description>El caf\u00e9 reabri\u00f3 el lunes tras la reforma.</description></item>"
        "</channel></rss>"
    ).encode("latin-1")
    (d,) = parse_bytes(feed, "latin.rss")
    assert d.headline == "Caf\u00e9 de la Paix reabre"
    assert d.paragraphs == ["El caf\u00e9 reabri\u00f3 el lunes tras la reforma."]


def test_not_a_feed() -> None:
    with pytest.raises(MalformedItem, match="not an RSS or Atom feed"):
        parse_bytes(b"<?xml version='1.0'?><catalog><book/></catalog>", "books.xml")


# --- ninjs and JSON Lines -----------------------------------------------------------------------


def test_ninjs_2_object() -> None:
    path = SAMPLES / "solar_ferry.ninjs.json"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.source_format == "ninjs"
    assert d.headline == "Solar-powered ferry begins service on Lake Constance"
    assert (d.byline, d.dateline, d.agency) == ("Jonas Weber", "Konstanz", "Desk Wire")
    assert d.guid == "urn:desk-wire:2025:solar-ferry"
    assert d.published == datetime(2025, 11, 9, 7, 0, tzinfo=CET)
    assert d.updated == datetime(2025, 11, 9, 9, 30, tzinfo=CET)
    assert d.topics == ["transport", "energy"]
    assert len(d.paragraphs) == 6 and not any("<" in p for p in d.paragraphs)


def test_ninjs_1_fields_update_tag_and_sanitized_html() -> None:
    path = DATA / "ninjs_v1.json"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.headline == "Grape harvest ends early in southern vineyards"
    assert d.update_tag == "LEAD"
    assert (d.byline, d.dateline, d.language) == ("Test Reporter", "Stellenbosch", "en")
    # only versioncreated is given: it is both the first and the latest time
    assert (
        d.published
        == d.updated
        == datetime(2025, 11, 5, 16, 0, tzinfo=timezone(timedelta(hours=2)))
    )
    assert d.topics == ["agriculture"]
    assert d.paragraphs == [
        "Wine farms in the south finished the grape harvest two weeks early this year.",
        "Growers blamed a hot, dry spring.",
    ]


def test_ninjs_3_camel_case_fields() -> None:
    path = DATA / "ninjs_v3.json"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.headline == "Lantern festival draws record crowds to river"
    assert d.agency == "Yonhap"
    assert d.dateline == "SEOUL, Nov. 6"
    assert d.guid == "https://news.example.org/items/ninjs3-lanterns"
    assert d.published == datetime(2025, 11, 6, 20, 0, tzinfo=KST)
    assert d.updated == datetime(2025, 11, 6, 21, 30, tzinfo=KST)
    assert d.topics == ["culture", "festivals"]
    assert (
        d.paragraphs[-1]
        == "Organisers counted more than 200,000 visitors in the first three hours."
    )


def test_json_array_reports_each_bad_item() -> None:
    items = items_of(DATA / "ninjs_array.json")
    (good,) = dispatches(items)
    assert good.source_name.endswith("#item-1")
    reasons = [(f.source_name.rsplit("#", 1)[1], f.reason) for f in failures(items)]
    assert reasons == [
        ("item-2", "ninjs item has no body text"),
        ("item-3", "expected a JSON object, found str"),
    ]
    # a picture is no failure: it is passed over with a note
    (picture,) = [item for item in items if isinstance(item, ItemNote)]
    assert picture.source_name.endswith("#item-4") and picture.skipped
    assert picture.note == "not a text item (ninjs type 'picture'): passed over"


def test_json_lines_bad_line_names_its_number() -> None:
    items = items_of(DATA / "bad_lines.jsonl")
    assert [d.headline for d in dispatches(items)] == ["Line one is fine", "Line four is fine too"]
    (bad,) = failures(items)
    assert bad.source_name.endswith("bad_lines.jsonl#line-3")
    assert bad.reason.startswith("not valid JSON on line 3: column ")


def test_json_lines_sample() -> None:
    items = items_of(SAMPLES / "regional_briefs.jsonl")
    glacier, bakery = dispatches(items)
    assert glacier.headline == "Andean glacier shrank faster this year, study finds"
    assert glacier.dateline == "Santiago"  # located wins over the body's lead-in
    assert glacier.paragraphs[0].startswith("A glacier in the central Andes")
    assert glacier.published is not None and glacier.published.utcoffset() == timedelta(hours=-3)
    assert bakery.guid == "urn:desk-wire:2025:bakery-apprentices"
    assert (bakery.byline, bakery.topics) == ("Claire Dubois", ["economy"])
    assert len(bakery.paragraphs) == 5


def test_invalid_json_says_where() -> None:
    path = DATA / "invalid.json"
    with pytest.raises(MalformedItem, match=r"not valid JSON: line 4 column 3 \(Expecting ','"):
        parse_bytes(path.read_bytes(), str(path))
    with pytest.raises(MalformedItem, match="empty"):
        parse_bytes(b"[]", "empty.json")


def test_single_ninjs_object_spread_over_lines_is_not_json_lines() -> None:
    obj = {"uri": "u", "headline": "Pretty printed", "body_text": "Body text."}
    (d,) = parse_bytes(json.dumps(obj, indent=2).encode(), "pretty.json")
    assert d.headline == "Pretty printed"


# --- recognizing the format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ('{"a": 1}', "x", "json"),
        ('{"a": 1}\n{"b": 2}\n', "x", "jsonl"),
        ('{"a": 1}', "x.jsonl", "jsonl"),
        ("[1, 2]", "x", "json"),
        ('<?xml version="1.0"?>\n<rss version="2.0"></rss>', "x", "feed"),
        ('<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"/>', "x", "feed"),
        ("<!DOCTYPE html><html></html>", "x", "html"),
        ("<p>fragment</p>", "x", "html"),
        ("---\ntitle: t\n---\nbody", "x", "markdown"),
        ("Headline\n\nBody.", "x.md", "markdown"),
        ("Headline\n\nBody.", "x.txt", "wire"),
        ("Headline\n\nBody.", "https://example.org/story?id=1", "wire"),
    ],
)
def test_sniff_format(text: str, name: str, kind: str) -> None:
    assert sniff_format(text, name) == kind


def test_hint_overrides_sniffing() -> None:
    text = b"# Not a heading here\n\nBody text of the story."
    (wire,) = parse_bytes(text, "story.md", hint="wire")
    assert wire.source_format == "wire" and wire.headline == "# Not a heading here"
    with pytest.raises(MalformedItem, match="unknown format hint"):
        parse_bytes(text, "story.md", hint="docx")
