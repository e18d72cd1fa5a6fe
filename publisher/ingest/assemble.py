"""The conventions step every format shares: wire furniture off, dateline and trailer split out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone

from publisher.errors import MalformedItem
from publisher.ingest.dates import (
    SourceClock,
    WrittenDay,
    parse_datetime,
    read_stamp,
    read_written_day,
)
from publisher.ingest.language import source_language
from publisher.ingest.model import ParsedDispatch, normalize_text, split_update_tag
from publisher.ingest.patterns import (
    AgencyPatterns,
    agency_by_name,
    detect_agency,
    generic_patterns,
)
from publisher.ingest.urls import accept_source_url

# Metadata lines (bylines, timestamps) sit right under the headline; deeper lines are story text.
META_WINDOW = 4


@dataclass
class Draft:
    """A dispatch being put together: every field optional until :func:`finish`."""

    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    agency: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None
    guid: str | None = None
    url: str | None = None
    update_tag: str | None = None
    topics: list[str] = field(default_factory=list)
    # the day the dateline (or a date line under the headline) writes, often without a year
    written_day: WrittenDay | None = None


def conventions_for(text: str, agency_name: str | None) -> list[AgencyPatterns]:
    """The agency conventions that apply (named in metadata, else recognized), then generic."""
    chosen = agency_by_name(agency_name) or detect_agency(text)
    generic = generic_patterns()
    return [chosen, generic] if chosen else [generic]


def is_boilerplate(line: str, conventions: list[AgencyPatterns]) -> bool:
    return any(p.search(line) for c in conventions for p in c.boilerplate)


def source_clock(conventions: list[AgencyPatterns]) -> SourceClock:
    """The agency's clock (its zones and home zone), the first convention's that has one."""
    zones: dict[str, timezone] = {}
    for patterns in reversed(conventions):
        zones.update(patterns.clock.zones)
    home = next((p.clock.home for p in conventions if p.clock.home is not None), None)
    return SourceClock(zones=zones, home=home)


def absorb(draft: Draft, found: re.Match[str], conventions: list[AgencyPatterns]) -> None:
    """Fill the draft's empty fields from a pattern's named groups."""
    groups = {k: v for k, v in found.groupdict().items() if v}
    clock = source_clock(conventions)
    for name in ("dateline", "byline", "agency"):
        if name in groups and not getattr(draft, name):
            setattr(draft, name, normalize_text(groups[name]))
    for name in ("published", "updated"):
        if name in groups and not getattr(draft, name):
            # a stamp without an offset is in the agency's home time when its file says so
            setattr(draft, name, parse_datetime(groups[name], clock.home or UTC))
    if "date" in groups and "time" in groups and not draft.published:
        draft.published = read_stamp(groups["date"], groups["time"], source=clock)
    for name in ("date", "dateline"):
        if name in groups:
            draft.written_day = _fuller(draft.written_day, read_written_day(groups[name]))


def _fuller(kept: WrittenDay | None, found: WrittenDay | None) -> WrittenDay | None:
    """The first day found, unless a later one writes the year the first one left out."""
    if kept is None or (kept.year is None and found is not None and found.year is not None):
        return found
    return kept


def read_meta_line(line: str, draft: Draft, conventions: list[AgencyPatterns]) -> bool:
    """Fill the draft from a metadata line; True when the line was metadata."""
    for patterns in conventions:
        for pattern in patterns.meta_lines:
            found = pattern.search(line)
            if not found:
                continue
            absorb(draft, found, conventions)
            return True
    return False


def drop_teasers(lines: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """Blank out lines that end in an ellipsis and repeat the start of another line."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        suffix = next((s for s in suffixes if line.endswith(s)), None)
        if suffix:
            stem = line[: -len(suffix)].rstrip()
            others = lines[:index] + lines[index + 1 :]
            if stem and any(other != line and other.startswith(stem) for other in others):
                kept.append("")
                continue
        kept.append(line)
    return kept


def drop_repeats(lines: list[str], headline: str, conventions: list[AgencyPatterns]) -> list[str]:
    """Blank out the headline repeated in the body and teasers of the lead."""
    key = normalize_text(headline).casefold()
    lines = ["" if line and line.casefold() == key else line for line in lines]
    suffixes = tuple(s for c in conventions for s in c.teaser_suffixes)
    return drop_teasers(lines, suffixes)


def split_dateline(draft: Draft, conventions: list[AgencyPatterns]) -> None:
    """Move the dateline (and any byline or agency in it) off the first paragraph."""
    if not draft.paragraphs:
        return
    first = draft.paragraphs[0]
    for patterns in conventions:
        for pattern in patterns.dateline:
            found = pattern.match(first)
            if not found:
                continue
            absorb(draft, found, conventions)
            rest = first[found.end() :].strip()
            draft.paragraphs = [rest, *draft.paragraphs[1:]] if rest else draft.paragraphs[1:]
            return


def strip_trailers(draft: Draft, conventions: list[AgencyPatterns]) -> None:
    """Remove closing markers such as ``(END)`` or a reporting credit from the story's end."""
    patterns = [p for c in conventions for p in c.trailer]
    changed = True
    while changed and draft.paragraphs:
        changed = False
        last = draft.paragraphs[-1]
        for pattern in patterns:
            found = pattern.search(last)
            if not found:
                continue
            byline = found.groupdict().get("byline")
            if byline and not draft.byline:
                draft.byline = normalize_text(byline)
            rest = (last[: found.start()] + last[found.end() :]).strip()
            draft.paragraphs = [*draft.paragraphs[:-1], rest] if rest else draft.paragraphs[:-1]
            changed = True
            break


def apply_conventions(draft: Draft, conventions: list[AgencyPatterns]) -> None:
    """Clean a draft's paragraphs by the conventions and fill what they reveal."""
    kept = [p for p in (normalize_text(p) for p in draft.paragraphs) if p]
    kept = [p for p in kept if not is_boilerplate(p, conventions)]
    draft.paragraphs = [p for p in drop_repeats(kept, draft.headline, conventions) if p]
    split_dateline(draft, conventions)
    strip_trailers(draft, conventions)
    agency = conventions[0].agency
    if agency and not draft.agency:
        draft.agency = agency


def finish(draft: Draft, source_format: str, source_name: str) -> ParsedDispatch:
    """Turn a cleaned draft into a dispatch; raises MalformedItem without a headline or text."""
    headline, tag = split_update_tag(normalize_text(draft.headline))
    if not headline:
        raise MalformedItem("no headline found", source_name)
    paragraphs = [p for p in (normalize_text(p) for p in draft.paragraphs) if p]
    if not paragraphs:
        raise MalformedItem("no body text found under the headline", source_name)
    known = agency_by_name(draft.agency)
    language = source_language(draft.language, " ".join([headline, *paragraphs]), source_name)
    # every format's source URL passes here: only http(s) may become a link readers click
    url, url_warning = accept_source_url(draft.url)
    return ParsedDispatch(
        headline=headline,
        paragraphs=paragraphs,
        source_format=source_format,
        source_name=source_name,
        agency=known.agency if known else draft.agency,
        byline=draft.byline,
        dateline=draft.dateline,
        published=draft.published,
        updated=draft.updated,
        language=language,
        guid=draft.guid,
        url=url,
        update_tag=draft.update_tag or tag,
        topics=[t for t in dict.fromkeys(normalize_text(t) for t in draft.topics) if t],
        # a dateline given as metadata (front matter, ninjs "located") can write the day too
        written_day=draft.written_day or read_written_day(draft.dateline or ""),
        warnings=[url_warning] if url_warning else [],
    )
