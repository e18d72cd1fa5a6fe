"""Read model: dispatches as the CLI, the web pages, the feeds and the API show them.

No Flask here: callers pass a SQLAlchemy session and get plain dataclasses back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Revision, Translation
from publisher.errors import NotFound


@dataclass
class TranslationView:
    language: str
    status: str
    reason: str | None
    engine: str | None
    model_version: str | None
    headline: str | None
    sentences: list[str]
    source_indexes: list[int]
    review_state: str
    full_text: bool
    updated_at: datetime


@dataclass
class DispatchView:
    id: int
    revision: int
    revision_id: int
    source_language: str
    headline: str
    agency: str | None
    byline: str | None
    dateline: str | None
    published: str | None  # ISO 8601 with the source's offset
    updated: str | None
    published_at: datetime | None
    published_inferred: bool  # published is the dateline's day; its time of day is not known
    ingested_at: datetime
    url: str | None
    topics: list[str]
    paragraphs: list[str]
    sentences: list[dict[str, Any]]  # {"index", "paragraph", "text"}
    summary: dict[str, Any] | None  # {"method", "sentence_indexes", "text"}
    translations: dict[str, TranslationView] = field(default_factory=dict)

    @property
    def summary_sentences(self) -> list[str]:
        if not self.summary:
            return []
        by_index = {s["index"]: s["text"] for s in self.sentences}
        return [by_index[i] for i in self.summary["sentence_indexes"]]

    @property
    def sort_time(self) -> datetime:
        return self.published_at or self.ingested_at

    def to_json(self) -> dict[str, Any]:
        """The object `publisher show ID --json` prints and the API returns."""
        data = asdict(self)
        data.pop("published_at")
        data["ingested_at"] = self.ingested_at.isoformat()
        for language, translation in data["translations"].items():
            translation["updated_at"] = self.translations[language].updated_at.isoformat()
        return data


@dataclass
class LocalizedItem:
    """A dispatch as a reader of one language sees it."""

    dispatch: DispatchView
    language: str
    headline: str
    summary: list[str]  # aligned with source_indexes
    source_indexes: list[int]
    is_original: bool  # the page language is the dispatch's own language
    machine_translated: bool
    reviewed: bool


def _translation_view(row: Translation) -> TranslationView:
    return TranslationView(
        language=row.language,
        status=row.status,
        reason=row.reason,
        engine=row.engine,
        model_version=row.model_version,
        headline=row.headline,
        sentences=list(row.sentences or []),
        source_indexes=list(row.source_indexes or []),
        review_state=row.review_state,
        full_text=row.full_text,
        updated_at=row.updated_at,
    )


def view_of(revision: Revision) -> DispatchView:
    """Turn a loaded revision (with sentences, summary, translations) into a DispatchView."""
    summary = None
    by_index = {s.index: s.text for s in revision.sentences}
    if revision.summary is not None:
        indexes = list(revision.summary.sentence_indexes)
        summary = {
            "method": revision.summary.method,
            "sentence_indexes": indexes,
            "text": " ".join(by_index[i] for i in indexes if i in by_index),
        }
    translations = {
        t.language: _translation_view(t) for t in revision.translations if not t.full_text
    }
    return DispatchView(
        id=revision.dispatch_id,
        revision=revision.number,
        revision_id=revision.id,
        source_language=revision.language,
        headline=revision.headline,
        agency=revision.agency,
        byline=revision.byline,
        dateline=revision.dateline,
        published=revision.published_iso,
        updated=revision.updated_iso,
        published_at=revision.published_at,
        published_inferred=revision.published_inferred,
        ingested_at=revision.ingested_at,
        url=revision.url,
        topics=list(revision.topics or []),
        paragraphs=list(revision.paragraphs),
        sentences=[
            {"index": s.index, "paragraph": s.paragraph, "text": s.text} for s in revision.sentences
        ],
        summary=summary,
        translations=translations,
    )


def _current_revisions() -> Any:
    return (
        select(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
        )
    )


def get_dispatch(session: Session, dispatch_id: int) -> DispatchView:
    """The current revision of one dispatch. Raises NotFound."""
    revision = session.scalars(_current_revisions().where(Dispatch.id == dispatch_id)).first()
    if revision is None:
        raise NotFound(f"no dispatch with id {dispatch_id}")
    return view_of(revision)


def list_dispatches(session: Session, *, limit: int = 100, offset: int = 0) -> list[DispatchView]:
    """All dispatches, newest first, whatever their state (for the CLI and editors)."""
    query = (
        _current_revisions()
        .order_by(
            func.coalesce(Revision.published_at, Revision.ingested_at).desc(), Revision.id.desc()
        )
        .limit(limit)
        .offset(offset)
    )
    return [view_of(r) for r in session.scalars(query)]


def _published_translation(language: str, auto_publish: bool) -> Any:
    states = ["approved", "machine"] if auto_publish else ["approved"]
    return and_(
        Translation.language == language,
        Translation.full_text.is_(False),
        Translation.status == "done",
        Translation.review_state.in_(states),
    )


def _visible_in(language: str, auto_publish: bool) -> Any:
    """A revision is readable in a language when it was written in it and has a summary, or
    when its translation into that language is published."""
    translated = (
        select(Translation.id)
        .where(
            Translation.revision_id == Revision.id, _published_translation(language, auto_publish)
        )
        .exists()
    )
    return or_(and_(Revision.language == language, Revision.summary.has()), translated)


def localize(view: DispatchView, language: str, *, auto_publish: bool) -> LocalizedItem | None:
    """The dispatch in ``language`` if it is published in it, else None."""
    if view.source_language == language:
        if view.summary is None:
            return None
        return LocalizedItem(
            dispatch=view,
            language=language,
            headline=view.headline,
            summary=view.summary_sentences,
            source_indexes=list(view.summary["sentence_indexes"]),
            is_original=True,
            machine_translated=False,
            reviewed=False,
        )
    translation = view.translations.get(language)
    states = {"approved", "machine"} if auto_publish else {"approved"}
    if (
        translation is None
        or translation.status != "done"
        or translation.review_state not in states
    ):
        return None
    return LocalizedItem(
        dispatch=view,
        language=language,
        headline=translation.headline or "",
        summary=translation.sentences,
        source_indexes=translation.source_indexes,
        is_original=False,
        machine_translated=True,
        reviewed=translation.review_state == "approved",
    )


def published_in(
    session: Session,
    language: str,
    *,
    auto_publish: bool,
    limit: int = 20,
    offset: int = 0,
    day: date | None = None,
    timezone: str = "UTC",
) -> tuple[list[LocalizedItem], int]:
    """Published dispatches readable in ``language``, newest first, and how many there are.

    ``day`` keeps those first published on that calendar day in ``timezone``.
    """
    condition = _visible_in(language, auto_publish)
    when = func.coalesce(Revision.published_at, Revision.ingested_at)
    if day is not None:
        zone = ZoneInfo(timezone)
        start = datetime.combine(day, time.min, tzinfo=zone)
        condition = and_(condition, when >= start, when < start + timedelta(days=1))
    total = session.scalar(
        select(func.count())
        .select_from(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(condition)
    )
    query = (
        _current_revisions()
        .where(condition)
        .order_by(when.desc(), Revision.id.desc())
        .limit(limit)
        .offset(offset)
    )
    items = [
        localize(view_of(r), language, auto_publish=auto_publish) for r in session.scalars(query)
    ]
    return [item for item in items if item is not None], int(total or 0)


def content_languages(session: Session, *, auto_publish: bool) -> list[str]:
    """Languages that have at least one published dispatch."""
    states = ["approved", "machine"] if auto_publish else ["approved"]
    translated = session.scalars(
        select(Translation.language)
        .where(
            Translation.status == "done",
            Translation.full_text.is_(False),
            Translation.review_state.in_(states),
        )
        .distinct()
    )
    originals = session.scalars(
        select(Revision.language)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(Revision.summary.has())
        .distinct()
    )
    return sorted(set(translated) | set(originals))


def available_languages(view: DispatchView, *, auto_publish: bool) -> list[str]:
    """Languages in which this dispatch can be read."""
    languages: Sequence[str] = [view.source_language, *view.translations]
    return sorted(
        {lang for lang in languages if localize(view, lang, auto_publish=auto_publish) is not None}
    )
