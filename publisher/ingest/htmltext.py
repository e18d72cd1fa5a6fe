"""HTML fragments to plain-text paragraphs, and the metadata a page head declares."""

from __future__ import annotations

import re
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
_HEADINGS = frozenset({"h1", "h2", "h3"})
_ARTICLE_REGIONS = frozenset({"article", "main"})
_COUNTED = _SIDE_REGIONS | _ARTICLE_REGIONS | _HEADINGS | {"title", "svg"}
# <time class="updated"> (WordPress), "modified", "dt-updated" (microformats); hAtom's
# <abbr class="published">
_MODIFIED_CLASS = re.compile(r"updated|modified", re.IGNORECASE)
_PUBLISHED_CLASS = re.compile(r"(?:^|\s)(?:dt-)?published(?:\s|$)", re.IGNORECASE)
# A heading is the site's name, not the article's, when its class or id says so (WordPress
# "site-title", Drupal "site-name", "logo") or when it is a link to the home page (below); a
# widget's or menu's heading ("menu-toggle", "widget-title") is neither.
_SITE_HEADING = re.compile(
    r"site[-_]?(?:title|name|logo|branding)|blog[-_]?(?:title|name)|\blogo\b|brand",
    re.IGNORECASE,
)
_WIDGET_HEADING = re.compile(r"menu|toggle|widget|sidebar|navigation", re.IGNORECASE)
_HOME_HREF = re.compile(r"^(?:https?://[^/?#]+)?/?(?:\.\./)*(?:index\.\w{3,4})?/?(?:[?#].*)?$")
# How many headings (h1 to h3) and how much of each are kept for the headline's fallbacks.
MAX_HEADINGS = 32
MAX_HEADING_CHARS = 400
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
        # (tag, text, kind) of each h1-h3 in page order: kind "article", "site" or "widget"
        self.headings: list[tuple[str, str, str]] = []
        # how many of each followed element are open (a plain int each: this runs per tag)
        self._side = 0
        self._article = 0
        self._headers: list[bool] = []  # per open <header>: whether it counts as a side region
        self._title = 0
        self._svg = 0
        self._heading: list[str] | None = None
        self._heading_tag = ""
        self._heading_is_site = False
        self._heading_is_widget = False
        self._heading_in_side = False
        self._script: list[str] | None = None
        self._script_kind = ""

    def _count(self, tag: str, step: int) -> None:
        if tag == "header":
            # an <article>'s own <header> holds its title and date: not a side region
            if step > 0:
                self._headers.append(self._article == 0)
                self._side += self._headers[-1]
            elif self._headers:
                self._side = max(0, self._side - self._headers.pop())
        elif tag in _SIDE_REGIONS:
            self._side = max(0, self._side + step)
        elif tag in _ARTICLE_REGIONS:
            self._article = max(0, self._article + step)
        elif tag == "title":
            self._title = max(0, self._title + step)
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
        elif tag == "abbr" and _PUBLISHED_CLASS.search(values.get("class", "")):
            # hAtom: <abbr class="published" title="2015-03-10T08:05:41-07:00">March 10, 2015
            if values.get("title"):
                self.published_times.append(values["title"])
        elif tag == "script":
            self._start_script(values)
        elif tag in _HEADINGS:
            self._start_heading(tag, values)
        elif tag == "a" and self._heading is not None and _is_home_link(values):
            self._heading_is_site = True

    def _start_heading(self, tag: str, values: dict[str, str]) -> None:
        if len(self.headings) >= MAX_HEADINGS:
            return
        self._heading, self._heading_tag = [], tag
        self._heading_in_side = bool(self._side)
        marks = f"{values.get('class', '')} {values.get('id', '')}"
        self._heading_is_site = bool(_SITE_HEADING.search(marks))
        self._heading_is_widget = bool(_WIDGET_HEADING.search(marks))

    def _end_heading(self) -> None:
        if self._heading is None:
            return
        text = normalize_text("".join(self._heading))[:MAX_HEADING_CHARS]
        # a sidebar's or header's heading is kept only as the site's name, never as a headline
        kind = "site" if self._heading_is_site else "widget" if self._heading_is_widget else ""
        if text and (kind == "site" or not self._heading_in_side):
            self.headings.append((self._heading_tag, text, kind or "article"))
        self._heading = None

    def _meta(self, values: dict[str, str]) -> None:
        if "content" not in values:
            return
        # <meta property="article:published_time" itemprop="datePublished">: both names count
        for attribute in ("property", "name", "itemprop"):
            name = values.get(attribute, "").casefold()
            if name:
                self.meta.setdefault(name, values["content"])

    def _time(self, values: dict[str, str]) -> None:
        itemprop = values.get("itemprop", "").casefold()
        if itemprop == "datepublished":
            self.published_times.append(values["datetime"])
        elif itemprop == "datemodified" or _MODIFIED_CLASS.search(values.get("class", "")):
            return  # a modified time is never a published time
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
        elif self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in _COUNTED:
            self._count(tag, -1)
        if tag == self._heading_tag:
            self._end_heading()
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
    # the text of <title>; the first <h1> outside sidebars that is the article's, not the
    # site's name; the first heading that names the site; h2 and h3 texts (the article's own)
    title: str = ""
    h1: str = ""
    site_heading: str = ""
    subheadings: tuple[str, ...] = ()

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
    reader._end_heading()
    article = [text for tag, text, kind in reader.headings if tag == "h1" and kind == "article"]
    site = [text for _, text, kind in reader.headings if kind == "site"]
    return PageHead(
        reader.meta,
        reader.lang,
        reader.canonical,
        tuple(reader.times),
        tuple(reader.published_times),
        tuple(reader.json_ld),
        tuple(reader.page_data),
        normalize_text("".join(reader.title)),
        article[0] if article else "",
        site[0] if site else "",
        tuple(text for tag, text, kind in reader.headings if tag != "h1" and kind == "article"),
    )


def _is_home_link(values: dict[str, str]) -> bool:
    """An <a> that leads to the site's home page: rel="home", or an href of "/" or "index"."""
    if "home" in values.get("rel", "").casefold().split():
        return True
    href = values.get("href", "").strip()
    return bool(href) and not href.startswith("#") and bool(_HOME_HREF.match(href))
