"""A page's headline without the site's name and the separators around it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from publisher.ingest.model import normalize_text

# Separators between a headline and a site or section name: "Title | DW | 12.11.2025", "Title - Site".
_SEPARATOR = re.compile(r"\s+[|｜•·–—-]\s+|\s*[|｜]\s*|\s+::\s+")
_TRAILING_SEPARATOR = re.compile(r"(?:\s+[|｜•·–—:-]|\s*[|｜])\s*$")
_LEADING_SEPARATOR = re.compile(r"^\s*(?:[|｜]\s*|[|｜•·–—:-]\s+)")
# A segment that is only a date, as some sites append to titles.
_DATE_SEGMENT = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def title_key(text: str) -> str:
    """What two forms of a title share once case, spaces and punctuation are set aside."""
    return re.sub(r"[\W_]+", "", text).casefold()


def _site_keys(site_names: tuple[str, ...], url: str | None) -> set[str]:
    keys = {title_key(name) for name in site_names if title_key(name)}
    host = urlsplit(url).hostname if url else None
    if host:
        labels = [label for label in host.split(".") if label not in {"www", "m", "amp"}]
        if labels:
            keys.add(title_key(labels[0]))
            keys.add(title_key(".".join(labels)))
    return keys


def _without_site_name(text: str, names: tuple[str, ...]) -> str:
    """``text`` without a site name that ends or starts it behind a separator.

    A name may hold a separator of its own ("Salsa-Figuren - Rueda in Berlin"), which the
    segment test below cannot see whole.
    """
    for name in sorted({normalize_text(n) for n in names if n}, key=len, reverse=True):
        folded, wanted = text.casefold(), name.casefold()
        if len(wanted) >= len(folded):
            continue
        if folded.endswith(wanted):
            head = _TRAILING_SEPARATOR.sub("", text[: len(text) - len(name)])
            if head != text[: len(text) - len(name)] and head:
                return head
        if folded.startswith(wanted):
            tail = _LEADING_SEPARATOR.sub("", text[len(name) :])
            if tail != text[len(name) :] and tail:
                return tail
    return text


def clean_headline(
    raw: str,
    site_name: str | None = None,
    url: str | None = None,
    other_site_names: tuple[str, ...] = (),
) -> str:
    """``raw`` without the segments that name the site (og:site_name, the page's site heading,
    the URL's host).

    Only whole segments between separators go, and only those that name the site or are a
    bare date: a headline with a dash of its own keeps it.
    """
    names = tuple(n for n in (site_name, *other_site_names) if n)
    text = _without_site_name(normalize_text(raw), names)
    keys = _site_keys(names, url)
    segments = [s.strip() for s in _SEPARATOR.split(text)]
    if len(segments) < 2:
        return text

    def is_site(segment: str) -> bool:
        key = title_key(segment)
        return not key or key in keys or bool(_DATE_SEGMENT.match(segment))

    while segments and is_site(segments[-1]):
        segments.pop()
    while segments and is_site(segments[0]):
        segments.pop(0)
    if not segments:
        return text
    if len(segments) == len(_SEPARATOR.split(text)):
        return text  # nothing named the site: the separators are the headline's own
    return _rejoin(text, segments)


def _rejoin(text: str, segments: list[str]) -> str:
    """The stretch of ``text`` from the first kept segment to the end of the last one."""
    start = text.find(segments[0])
    end = text.rfind(segments[-1]) + len(segments[-1])
    return text[start:end].strip() if start >= 0 and end > start else " ".join(segments)
