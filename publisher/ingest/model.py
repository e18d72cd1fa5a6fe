"""What ingest hands to the rest of the desk: parsed dispatches and per-item failures."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime

from publisher.ingest.dates import WrittenDay, day_as_published
from publisher.ingest.patterns import load_patterns

SAME_STORY_RATIO = 0.8
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def normalize_text(text: str) -> str:
    """Composed Unicode (NFC) with runs of white space collapsed: text as it will be shown."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def comparable_text(text: str) -> str:
    """Compatibility form (NFKC) too, so that look-alike characters compare equal."""
    return normalize_text(unicodedata.normalize("NFKC", text))


def split_update_tag(headline: str) -> tuple[str, str | None]:
    """Split an agency update tag such as ``(LEAD)`` or ``UPDATE 2-`` off a headline."""
    for patterns in load_patterns():
        for pattern in patterns.update_tags:
            found = pattern.search(headline)
            if found:
                rest = (headline[: found.start()] + " " + headline[found.end() :]).strip()
                if rest:
                    return normalize_text(rest), found.group("tag")
    return headline, None


def headline_key(headline: str) -> str:
    """A headline reduced for comparison: no update tags, case, punctuation or extra spaces."""
    stripped, _tag = split_update_tag(comparable_text(headline))
    return normalize_text(_PUNCTUATION.sub(" ", stripped.casefold()))


def same_story(a_headline: str, b_headline: str) -> bool:
    """Whether two headlines name the same story once update tags are set aside."""
    a_key, b_key = headline_key(a_headline), headline_key(b_headline)
    if not a_key or not b_key:
        return False
    return difflib.SequenceMatcher(None, a_key, b_key).ratio() >= SAME_STORY_RATIO


@dataclass
class ParsedDispatch:
    """One dispatch as read from a source, before anything is stored or derived."""

    headline: str
    paragraphs: list[str]
    source_format: str
    source_name: str
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
    # The day the dateline writes (``SEOUL, Nov. 13``), read before the year is known.
    written_day: WrittenDay | None = None
    # True when ``published`` is not the source's timestamp but the dateline's day (time of day
    # unknown, stored as DAY_ONLY_TIME; the year inferred from the receipt when not written).
    published_inferred: bool = False
    # What was dropped while reading it (an unsafe source URL), reported by `publisher ingest`.
    warnings: list[str] = field(default_factory=list)

    def dated_by_dateline(self, received: datetime) -> ParsedDispatch:
        """This dispatch with the dateline's day as its publication date, for one received at
        ``received`` (aware; the ingest time, which stays separate from the publication date).

        The source's own timestamp (``published`` or ``updated``) always wins: the dispatch is
        returned unchanged when it has one, or when the dateline writes no day.
        """
        if self.published is not None or self.updated is not None or self.written_day is None:
            return self
        day = self.written_day.on_or_before(received)
        if day is None:
            return self
        return replace(self, published=day_as_published(day), published_inferred=True)

    def content_hash(self) -> str:
        """SHA-256 of the normalized headline and paragraphs: equal for exact repeats."""
        lines = [comparable_text(self.headline), *(comparable_text(p) for p in self.paragraphs)]
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def story_key(self) -> str:
        """The guid or URL when the source gives one, else agency plus normalized headline."""
        if self.guid:
            return self.guid
        if self.url:
            return self.url
        agency = normalize_text(self.agency).casefold() if self.agency else "unknown"
        return f"{agency}:{headline_key(self.headline)}"


@dataclass
class ItemFailure:
    """One input item that could not be read, with the reason in one sentence."""

    source_name: str
    reason: str
