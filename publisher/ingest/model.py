"""What ingest hands to the rest of the desk: parsed dispatches and per-item failures."""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from publisher.errors import MalformedItem
from publisher.ingest.dates import WrittenDay, day_as_published
from publisher.ingest.patterns import load_patterns

log = logging.getLogger(__name__)

SAME_STORY_RATIO = 0.8
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")
# Characters that are never text: C0 and C1 controls (NUL included) and lone surrogates, which
# a JSON escape such as "\udfff" can produce and no encoder accepts. Tab, newline, carriage
# return and form feed are white space: normalize_text turns them into spaces.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Limit:
    """How long a field of a dispatch may be, in characters.

    ``cut``: over the limit the text is shortened (a name we make ourselves, such as a path);
    otherwise the item is refused with the field named.
    """

    chars: int
    cut: bool = False


# Every bound on what one dispatch may hold, declared once and checked in one place
# (ParsedDispatch.__post_init__). The character limits are within the database columns.
LIMITS: dict[str, Limit] = {
    "headline": Limit(1_000),
    "byline": Limit(500),
    "agency": Limit(200),
    "dateline": Limit(200),
    "update_tag": Limit(64),
    "guid": Limit(1_024),
    "url": Limit(2_048),
    "source_name": Limit(1_024, cut=True),
    "topic": Limit(100),
    "paragraph": Limit(20_000),
}
MAX_TOPICS = 50
MAX_PARAGRAPHS = 2_000
# The story key column holds 512 characters: a longer key is kept as a digest of itself.
STORY_KEY_CHARS = 512
# The update tag of a dispatch its agency took back (a ninjs item whose pubStatus is
# "canceled", a wire KILL): the review workflow takes every language of the story down.
KILL_TAG = "KILL"
# The update tag of an item its agency holds back for now (ninjs pubStatus "withheld").
WITHHELD_TAG = "WITHHELD"


def strip_non_text(text: str) -> str:
    """``text`` without controls and lone surrogates (each becomes a space)."""
    return _NOT_TEXT.sub(" ", text)


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
    # Fields the source did not give and ingest made up, each with what it was made from
    # ({"headline": "summary"}); every entry is also said in ``warnings``.
    derived: dict[str, str] = field(default_factory=dict)

    def mark_derived(self, name: str, origin: str, warning: str) -> None:
        """Record that field ``name`` was made from ``origin``, and say so in the warnings."""
        self.derived[name] = origin
        self.warnings.append(warning)

    def __post_init__(self) -> None:
        """Clean every text field and hold the dispatch to LIMITS.

        Controls and lone surrogates are removed from text; an identifier (guid, URL) holding
        one is refused, as is any field, topic list or body over its limit. Raises
        MalformedItem naming the field and both sizes.
        """
        self.headline = _bounded("headline", self.headline, self.source_name)
        if not self.headline:
            raise MalformedItem("no headline found", self.source_name)
        for name in ("byline", "agency", "dateline", "update_tag"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, _bounded(name, value, self.source_name) or None)
        for name in ("guid", "url"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, _identifier(name, value, self.source_name))
        self.source_name = _fit("source_name", strip_non_text(self.source_name), self.source_name)
        if len(self.topics) > MAX_TOPICS:
            raise MalformedItem(
                f"{len(self.topics)} topics, over the limit of {MAX_TOPICS}", self.source_name
            )
        topics = (_bounded("topic", str(topic), self.source_name) for topic in self.topics)
        self.topics = [topic for topic in dict.fromkeys(topics) if topic]
        if len(self.paragraphs) > MAX_PARAGRAPHS:
            raise MalformedItem(
                f"{len(self.paragraphs)} paragraphs, over the limit of {MAX_PARAGRAPHS}",
                self.source_name,
            )
        paragraphs = (_bounded("paragraph", str(p), self.source_name) for p in self.paragraphs)
        self.paragraphs = [paragraph for paragraph in paragraphs if paragraph]
        if not self.paragraphs:
            raise MalformedItem("no body text found under the headline", self.source_name)

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
            return _fitting_key(self.guid)
        if self.url:
            return _fitting_key(self.url)
        agency = normalize_text(self.agency).casefold() if self.agency else "unknown"
        return _fitting_key(f"{agency}:{headline_key(self.headline)}")


def _fitting_key(key: str) -> str:
    # Keys that fit are kept as they are, so that stories stored before this rule still match.
    if len(key) <= STORY_KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: STORY_KEY_CHARS - len(digest) - 1]}#{digest}"


def _fit(name: str, text: str, source_name: str) -> str:
    """``text`` within its limit: cut (ending in an ellipsis) or refused, as LIMITS says."""
    limit = LIMITS[name]
    if len(text) <= limit.chars:
        return text
    if limit.cut:
        return text[: limit.chars - 1] + "\u2026"
    raise MalformedItem(
        f"{name} is {len(text)} characters long, over the limit of {limit.chars}", source_name
    )


def _bounded(name: str, value: str, source_name: str) -> str:
    """A text field cleaned (controls off, spaces collapsed); raises MalformedItem over LIMITS."""
    return _fit(name, normalize_text(strip_non_text(value)), source_name)


def _identifier(name: str, value: str, source_name: str) -> str | None:
    """A guid or URL as given, stripped; refused with a control character or over LIMITS."""
    text = value.strip()
    if _NOT_TEXT.search(text):
        raise MalformedItem(f"{name} holds control characters", source_name)
    return _fit(name, text, source_name) or None


@dataclass
class ItemFailure:
    """One input item that could not be read, with the reason in one sentence."""

    source_name: str
    reason: str


@dataclass
class ItemNote:
    """A word about an input that is no lost item: a feed read leniently (``skipped`` False,
    a warning), or an item passed over on purpose, such as a picture (``skipped`` True).

    Neither makes ``publisher ingest`` exit 1: its exit status says whether an item was lost.
    """

    source_name: str
    note: str
    skipped: bool = False


# What reading one input yields, item by item.
ParsedItem = ParsedDispatch | ItemFailure | ItemNote


# How much of an unexpected error's message a failure's reason shows.
_REASON_CHARS = 200


def failure_of(error: Exception, source_name: str) -> ItemFailure:
    """The failure of one item from whatever its reading raised (MalformedItem or anything else).

    An error no reader raises on purpose (a bug or a limit of a library) is still only that
    item's failure: its reason names the error, and the traceback goes to the debug log.
    """
    if isinstance(error, MalformedItem):
        return ItemFailure(source_name, error.reason)
    log.debug("%s: reading failed", source_name, exc_info=error)
    if isinstance(error, RecursionError):
        return ItemFailure(source_name, "cannot be read: it is nested too deeply")
    return ItemFailure(source_name, f"cannot be read ({describe_error(error)})")


def describe_error(error: BaseException) -> str:
    """An unexpected error in a few words for a reason: its type and the start of its message."""
    message = normalize_text(strip_non_text(str(error)))[:_REASON_CHARS]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def read_item(read: Callable[[], ParsedDispatch], source_name: str) -> ParsedDispatch | ItemFailure:
    """Run the reader of one item; any failure is that item's own, and the rest go on."""
    try:
        return read()
    except Exception as error:  # noqa: BLE001 - at the edge of one item, any failure is its own
        return failure_of(error, source_name)
