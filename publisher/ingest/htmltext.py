"""HTML fragments to plain-text paragraphs, and the metadata a page head declares."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from publisher.ingest.model import normalize_text, strip_non_text

# Tags that end a paragraph; everything else is inline.
_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote br tr table section article figure figcaption "
    "pre hr dd dt".split()
)
# Dropped with their content: code, and page furniture around a story.
_DROPPED = frozenset("script style title noscript template nav aside header footer".split())
_KEPT_TAGS = _BLOCKS | frozenset("a b i em strong span small sub sup td th abbr cite q".split())


class _ParagraphCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []

    def _flush(self) -> None:
        text = normalize_text("".join(self._buffer))
        if text:
            self.paragraphs.append(text)
        self._buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def sanitize_html(fragment: str) -> str:
    """Keep only harmless structural and inline tags (nh3), dropping scripts and styles."""
    return nh3.clean(
        strip_non_text(fragment),  # lone surrogates (from JSON escapes) cannot cross into Rust
        tags=set(_KEPT_TAGS),
        clean_content_tags=set(_DROPPED),
        attributes={},
        link_rel=None,
    )


def html_to_paragraphs(fragment: str) -> list[str]:
    """Plain-text paragraphs of an HTML fragment, one per block element."""
    collector = _ParagraphCollector()
    collector.feed(sanitize_html(fragment))
    collector.close()
    return collector.paragraphs


# Page regions whose dates belong to other stories (most-read lists, related links, footers).
_SIDE_REGIONS = frozenset("aside nav footer header".split())
# Elements whose nesting the reader follows (an <svg> has a <title> of its own).
_COUNTED = _SIDE_REGIONS | {"title", "h1", "svg"}
# Script blocks that can carry the article: JSON-LD, and frameworks' embedded page data.
_DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
_DATA_SCRIPT_IDS = frozenset({"__next_data__", "__nuxt_data__", "__apollo_state__"})
# A bigger script is skipped: no article needs it, and a parser should not chew on it.
MAX_SCRIPT_CHARS = 2_000_000
MAX_SCRIPTS = 64


class _HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.canonical: str | None = None
        self.times: list[str] = []
        self.published_times: list[str] = []
        self.json_ld: list[str] = []
        self.page_data: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        # how many of each followed element are open (a plain int each: this runs per tag)
        self._side = 0
        self._title = 0
        self._h1 = 0
        self._svg = 0
        self._h1_seen = 0
        self._script: list[str] | None = None
        self._script_kind = ""

    def _count(self, tag: str, step: int) -> None:
        if tag in _SIDE_REGIONS:
            self._side = max(0, self._side + step)
        elif tag == "title":
            self._title = max(0, self._title + step)
        elif tag == "h1":
            self._h1 = max(0, self._h1 + step)
        elif tag == "svg":
            self._svg = max(0, self._svg + step)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.casefold(): value or "" for name, value in attrs}
        if tag in _COUNTED:
            self._count(tag, 1)
        if tag == "html" and values.get("lang"):
            self.lang = values["lang"]
        elif tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").casefold().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "time" and values.get("datetime"):
            self._time(values)
        elif tag == "script":
            self._start_script(values)
        elif tag == "h1":
            self._h1_seen += 1

    def _meta(self, values: dict[str, str]) -> None:
        if "content" not in values:
            return
        # <meta property="article:published_time" itemprop="datePublished">: both names count
        for attribute in ("property", "name", "itemprop"):
            name = values.get(attribute, "").casefold()
            if name:
                self.meta.setdefault(name, values["content"])

    def _time(self, values: dict[str, str]) -> None:
        if values.get("itemprop", "").casefold() == "datepublished":
            self.published_times.append(values["datetime"])
        elif not self._side:
            # a date in the article, not one of a sidebar's headlines
            self.times.append(values["datetime"])

    def _start_script(self, values: dict[str, str]) -> None:
        kind = values.get("type", "").casefold().split(";")[0].strip()
        ident = values.get("id", "").casefold()
        if len(self.json_ld) + len(self.page_data) >= MAX_SCRIPTS:
            return
        if kind == "application/ld+json":
            self._script, self._script_kind = [], "ld"
        elif kind in _DATA_SCRIPT_TYPES or ident in _DATA_SCRIPT_IDS:
            self._script, self._script_kind = [], "data"

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._title and not self._svg:
            self.title.append(data)
        elif self._h1 and not self._side and self._h1_seen == 1:
            # only the first <h1> is the page's headline
            self.h1.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in _COUNTED:
            self._count(tag, -1)
        if tag == "script" and self._script is not None:
            text = "".join(self._script)
            if len(text) <= MAX_SCRIPT_CHARS:
                (self.json_ld if self._script_kind == "ld" else self.page_data).append(text)
            self._script = None


@dataclass(frozen=True)
class PageHead:
    """What a page declares about itself in its head, markup and data scripts."""

    meta: dict[str, str]
    lang: str | None
    canonical: str | None
    # <time datetime> values outside sidebars, and those marked itemprop="datePublished"
    times: tuple[str, ...]
    published_times: tuple[str, ...] = ()
    json_ld: tuple[str, ...] = ()
    page_data: tuple[str, ...] = ()
    # the text of <title> and of the first <h1> outside sidebars
    title: str = ""
    h1: str = ""

    def first(self, *names: str) -> str | None:
        """The content of the first of these meta names (or properties) that is present."""
        for name in names:
            value = self.meta.get(name)
            if value and value.strip():
                return value.strip()
        return None


def read_head(page: str) -> PageHead:
    """Meta tags, html lang, canonical link, <time datetime> values and data scripts of a page."""
    reader = _HeadReader()
    reader.feed(strip_non_text(page))
    reader.close()
    return PageHead(
        reader.meta,
        reader.lang,
        reader.canonical,
        tuple(reader.times),
        tuple(reader.published_times),
        tuple(reader.json_ld),
        tuple(reader.page_data),
        normalize_text("".join(reader.title)),
        normalize_text("".join(reader.h1)),
    )
