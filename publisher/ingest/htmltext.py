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


class _HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.canonical: str | None = None
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.casefold(): value or "" for name, value in attrs}
        if tag == "html" and values.get("lang"):
            self.lang = values["lang"]
        elif tag == "meta":
            name = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if name and "content" in values:
                self.meta.setdefault(name.casefold(), values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").casefold().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])


@dataclass(frozen=True)
class PageHead:
    """What a page declares about itself in its head and markup."""

    meta: dict[str, str]
    lang: str | None
    canonical: str | None
    times: tuple[str, ...]

    def first(self, *names: str) -> str | None:
        """The content of the first of these meta names (or properties) that is present."""
        for name in names:
            value = self.meta.get(name)
            if value and value.strip():
                return value.strip()
        return None


def read_head(page: str) -> PageHead:
    """Meta tags, html lang, canonical link and <time datetime> values of a page."""
    reader = _HeadReader()
    reader.feed(strip_non_text(page))
    reader.close()
    return PageHead(reader.meta, reader.lang, reader.canonical, tuple(reader.times))
