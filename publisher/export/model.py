"""ExportItem: one published language version of a dispatch, as plain data for the writers."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path

from publisher.ingest.urls import web_url
from publisher.reading import LocalizedItem

# C0 and C1 controls, and the format characters that reorder or hide text (bidi overrides,
# zero-width marks other than ZWJ/ZWNJ, which some scripts need).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_JOINERS_FILE = Path(__file__).resolve().parent.parent / "web" / "data" / "sentence_joiners.toml"


class ReviewState(StrEnum):
    ORIGINAL = "original"  # the agency's own text
    MACHINE = "machine"  # machine translation nobody has reviewed
    REVIEWED = "reviewed"  # a translation an editor approved


def clean_line(text: str) -> str:
    """``text`` on one line: controls dropped, runs of white space made one space."""
    return _SPACES.sub(" ", _CONTROLS.sub(" ", text)).strip()


def _clean_optional(text: str | None) -> str | None:
    if text is None:
        return None
    return clean_line(text) or None


@dataclass(frozen=True)
class ExportItem:
    """What a reader of ``language`` sees of one dispatch. Every text is cleaned to one line
    without control characters when the item is made, whoever makes it."""

    dispatch_id: int
    language: str
    source_language: str
    headline: str
    summary: tuple[str, ...]  # the published summary sentences, in ``language``
    source_headline: str
    source_sentences: tuple[str, ...]  # what ``summary`` was made from, in ``source_language``
    review_state: ReviewState
    received: datetime  # when the desk took the dispatch in
    published: datetime | None = None  # when this language version first reached readers
    agency: str | None = None
    dateline: str | None = None
    dateline_language: str | None = None  # a translated dateline is in ``language``
    url: str | None = None  # where the agency published it; http(s) only
    engine: str | None = None  # the translation engine, None for an original
    topics: tuple[str, ...] = field(default=())
    # the published full text in ``language`` beside the original sentences it translates;
    # empty for an original and for a translation of the summary only
    full_text: tuple[str, ...] = field(default=())
    source_full_text: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.dateline_language is None:
            object.__setattr__(self, "dateline_language", self.source_language)
        for name in (
            "language",
            "source_language",
            "dateline_language",
            "headline",
            "source_headline",
        ):
            object.__setattr__(self, name, clean_line(getattr(self, name)))
        for name in ("agency", "dateline", "engine"):
            object.__setattr__(self, name, _clean_optional(getattr(self, name)))
        for name in ("summary", "source_sentences", "topics"):
            cleaned = tuple(s for s in (clean_line(s) for s in getattr(self, name)) if s)
            object.__setattr__(self, name, cleaned)
        # aligned pairs: cleaned one for one, so that sentence i still translates sentence i
        object.__setattr__(self, "full_text", tuple(clean_line(s) for s in self.full_text))
        object.__setattr__(
            self, "source_full_text", tuple(clean_line(s) for s in self.source_full_text)
        )
        object.__setattr__(self, "url", web_url(self.url))
        object.__setattr__(self, "review_state", ReviewState(self.review_state))

    @property
    def is_original(self) -> bool:
        return self.review_state is ReviewState.ORIGINAL


def export_item(item: LocalizedItem) -> ExportItem:
    """The ExportItem of a published language version (from ``reading.published_versions``)."""
    view = item.dispatch
    publication = view.publications.get(item.language)
    if publication is not None and publication.revision_id == view.revision_id:
        source_headline = publication.source_headline
        source_sentences = list(publication.source_sentences)
        engine = publication.engine
    else:  # the publication row moved on; the revision itself still holds the source text
        by_index = {s["index"]: s["text"] for s in view.sentences}
        source_headline = view.headline
        source_sentences = [by_index[i] for i in item.source_indexes if i in by_index]
        engine = None
    by_text = {s["index"]: s["text"] for s in view.sentences}
    if item.is_original:
        state, engine = ReviewState.ORIGINAL, None
    elif item.reviewed:
        state = ReviewState.REVIEWED
    else:
        state = ReviewState.MACHINE
    return ExportItem(
        dispatch_id=view.id,
        language=item.language,
        source_language=view.source_language,
        headline=item.headline,
        summary=tuple(item.summary),
        source_headline=source_headline,
        source_sentences=tuple(source_sentences),
        review_state=state,
        received=view.ingested_at,
        published=item.published_at,
        agency=view.agency,
        dateline=item.dateline or view.dateline,
        dateline_language=(
            item.language if item.dateline and item.dateline != view.dateline else None
        ),
        url=view.url,
        engine=engine,
        topics=tuple(view.topics),
        full_text=tuple(item.full_text),
        source_full_text=tuple(by_text.get(i, "") for i in item.full_source_indexes),
    )


def iso(moment: datetime) -> str:
    """``moment`` in UTC to the second, as ISO 8601 with ``Z``."""
    if moment.tzinfo is None:  # stored times are UTC (db.UTCDateTime)
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@cache
def _joiners() -> tuple[str, dict[str, str]]:
    data = tomllib.loads(_JOINERS_FILE.read_text(encoding="utf-8"))
    return str(data["default"]), {str(k): str(v) for k, v in data["languages"].items()}


def join_sentences(sentences: tuple[str, ...], language: str) -> str:
    """The sentences as one paragraph, spaced as ``language`` is written (the feeds' rule)."""
    default, by_language = _joiners()
    return by_language.get(language.split("-")[0].lower(), default).join(sentences)
