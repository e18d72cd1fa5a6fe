"""Plain-text wire copy: scraped agency pages and hand-written text files."""

from __future__ import annotations

from publisher.ingest.assemble import (
    META_WINDOW,
    Draft,
    apply_conventions,
    conventions_for,
    drop_repeats,
    finish,
    is_boilerplate,
    read_meta_line,
)
from publisher.ingest.furniture import drop_furniture
from publisher.ingest.model import ParsedDispatch, normalize_text
from publisher.ingest.patterns import AgencyPatterns

# A line ending in none of these stops mid-sentence: hard-wrapped text continues on the next line.
_SENTENCE_ENDS = tuple(".!?:;\"'”’)]»」』。！？…")


def join_wrapped(lines: list[str]) -> list[str]:
    """Paragraphs from lines: blank lines separate them, and wrapped lines are joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if line.endswith(_SENTENCE_ENDS):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


# How far down the page a metadata line is looked for: the headline (with a breadcrumb or two
# above it), then the window of metadata lines under it.
_META_REACH = META_WINDOW + 4


def _is_meta_line(line: str, conventions: list[AgencyPatterns]) -> bool:
    return bool(line) and any(p.search(line) for c in conventions for p in c.meta_lines)


def body_from_lines(
    lines: list[str], draft: Draft, conventions: list[AgencyPatterns], *, take_headline: bool
) -> None:
    """Fill ``draft`` from text lines: headline (if asked), metadata lines, then paragraphs.

    Furniture lines (breadcrumbs, widgets, promos) are blanked first: a breadcrumb above the
    headline is no headline, and a "Share" between paragraphs is not joined to the next one.
    """
    # a metadata line that looks like a breadcrumb ("Source: Xinhua | Editor: … | 2026-12-01
    # 18:30:12") is read as metadata, not blanked as furniture
    kept = drop_furniture(lines)
    lines = [
        kept_line or (line if index < _META_REACH and _is_meta_line(line, conventions) else "")
        for index, (line, kept_line) in enumerate(zip(lines, kept, strict=True))
    ]
    lines = ["" if is_boilerplate(line, conventions) else line for line in lines]
    if take_headline:
        while lines and not lines[0]:
            lines.pop(0)
        if lines:
            draft.headline = lines.pop(0)
        # A headline wrapped onto a second line goes on in lower case.
        while lines and lines[0][:1].islower() and not draft.headline.endswith(_SENTENCE_ENDS):
            draft.headline += " " + lines.pop(0)
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        if seen >= META_WINDOW:
            break
        seen += 1
        if read_meta_line(line, draft, conventions):
            lines[index] = ""
    draft.paragraphs = join_wrapped(drop_repeats(lines, draft.headline, conventions))
    apply_conventions(draft, conventions)


def parse_wire(text: str, source_name: str) -> ParsedDispatch:
    """Read a plain-text dispatch: first line headline, then metadata lines and body.

    Raises MalformedItem when no headline or no body text is found.
    """
    lines = [normalize_text(line) for line in text.splitlines()]
    draft = Draft()
    body_from_lines(lines, draft, conventions_for(text, None), take_headline=True)
    return finish(draft, "wire", source_name)
