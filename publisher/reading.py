"""Read model: dispatches as the CLI, the web pages, the feeds and the API show them.

No Flask here: callers pass a SQLAlchemy session and get plain dataclasses back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Publication, Revision, Translation
from publisher.errors import NotFound
from publisher.publication import READABLE, Provenance, VersionState


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
class PublicationView:
    """What readers see of a dispatch in one language (see publisher.publication)."""

    language: str
    revision_id: int
    state: str
    provenance: str
    headline: str
    sentences: list[str]
    source_indexes: list[int]
    source_headline: str
    source_sentences: list[str]
    dateline: str | None
    engine: str | None
    model_version: str | None
    first_published_at: datetime
    published_at: datetime
    updated_at: datetime
    revision_kind: str = ""  # "", "update" or "correction" (publisher.review)
    notice: str | None = None  # a killed version's public notice
    # the published full text in this language, aligned with full_source_indexes; empty when
    # none was published (always for an original, whose full text is the revision's own)
    full_sentences: list[str] = field(default_factory=list)
    full_source_indexes: list[int] = field(default_factory=list)
    full_engine: str | None = None
    full_provenance: str | None = None


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
    # fields ingest made up, with what from ({"headline": "summary"}): not the agency's words
    derived: dict[str, str]
    summary: dict[str, Any] | None  # {"method", "sentence_indexes", "text"}
    translations: dict[str, TranslationView] = field(default_factory=dict)
    # drafts of full-text translations, for editors (`show`); readers see publications only
    full_texts: dict[str, TranslationView] = field(default_factory=dict)
    publications: dict[str, PublicationView] = field(default_factory=dict)

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
        for language, translation in data["full_texts"].items():
            translation["updated_at"] = self.full_texts[language].updated_at.isoformat()
        for publication in data["publications"].values():
            for name in ("first_published_at", "published_at", "updated_at"):
                publication[name] = publication[name].isoformat()
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
    dateline: str | None = None  # the dateline as readers of ``language`` see it
    published_at: datetime | None = None  # when this language version first reached readers
    updated_at: datetime | None = None  # its latest change
    # "update" once a newer revision replaced the first one readers saw, "correction" when
    # that revision corrected the story (readers see a correction note)
    revision_kind: str = ""

    @property
    def corrected(self) -> bool:
        return self.revision_kind == "correction"

    @property
    def updated(self) -> bool:
        return self.revision_kind in ("update", "correction")

    # the published full text in ``language`` (aligned with full_source_indexes), if any
    full_text: list[str] = field(default_factory=list)
    full_source_indexes: list[int] = field(default_factory=list)
    full_engine: str | None = None
    full_reviewed: bool = False


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


def _publication_view(row: Publication) -> PublicationView:
    return PublicationView(
        language=row.language,
        revision_id=row.revision_id,
        state=row.state,
        provenance=row.provenance,
        headline=row.headline,
        sentences=list(row.sentences or []),
        source_indexes=list(row.source_indexes or []),
        source_headline=row.source_headline,
        source_sentences=list(row.source_sentences or []),
        dateline=row.dateline,
        engine=row.engine,
        model_version=row.model_version,
        first_published_at=row.first_published_at,
        published_at=row.published_at,
        updated_at=row.updated_at,
        revision_kind=row.revision_kind or "",
        notice=row.notice,
        full_sentences=list(row.full_sentences or []),
        full_source_indexes=list(row.full_source_indexes or []),
        full_engine=row.full_engine,
        full_provenance=row.full_provenance,
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
    full_texts = {t.language: _translation_view(t) for t in revision.translations if t.full_text}
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
        derived={str(k): str(v) for k, v in (revision.derived or {}).items()},
        sentences=[
            {"index": s.index, "paragraph": s.paragraph, "text": s.text} for s in revision.sentences
        ],
        summary=summary,
        translations=translations,
        full_texts=full_texts,
        publications={p.language: _publication_view(p) for p in revision.dispatch.publications},
    )


_REVISION_LOADS = (
    selectinload(Revision.sentences),
    selectinload(Revision.summary),
    selectinload(Revision.translations),
    selectinload(Revision.dispatch).selectinload(Dispatch.publications),
)


def _current_revisions() -> Any:
    return (
        select(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .options(*_REVISION_LOADS)
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


def _readable(language: str) -> Any:
    return and_(READABLE, Publication.language == language)


def _published_revisions(language: str) -> Any:
    return (
        select(Revision, Publication)
        .join(Publication, Publication.revision_id == Revision.id)
        .where(_readable(language))
        .options(*_REVISION_LOADS)
    )


def localize(view: DispatchView, language: str) -> LocalizedItem | None:
    """The dispatch in ``language`` if a version in that language is published from this very
    revision, else None. The only way a DispatchView becomes reader content."""
    publication = view.publications.get(language)
    if (
        publication is None
        or publication.state != VersionState.PUBLISHED
        or publication.revision_id != view.revision_id
    ):
        return None
    return _item(view, publication)


def _item(view: DispatchView, publication: PublicationView) -> LocalizedItem:
    original = publication.provenance == Provenance.ORIGINAL
    return LocalizedItem(
        dispatch=view,
        language=publication.language,
        headline=publication.headline,
        summary=list(publication.sentences),
        source_indexes=list(publication.source_indexes),
        is_original=original,
        machine_translated=not original,
        reviewed=publication.provenance == Provenance.REVIEWED,
        dateline=publication.dateline,
        published_at=publication.first_published_at,
        updated_at=publication.updated_at,
        revision_kind=publication.revision_kind,
        full_text=list(publication.full_sentences),
        full_source_indexes=list(publication.full_source_indexes),
        full_engine=publication.full_engine,
        full_reviewed=publication.full_provenance == Provenance.REVIEWED,
    )


def published_in(
    session: Session,
    language: str,
    *,
    limit: int = 20,
    offset: int = 0,
    day: date | None = None,
    timezone: str = "UTC",
) -> tuple[list[LocalizedItem], int]:
    """Dispatches published in ``language``, newest first, and how many there are.

    ``day`` keeps those first published on that calendar day in ``timezone``.
    """
    condition = _readable(language)
    when = func.coalesce(Revision.published_at, Revision.ingested_at)
    if day is not None:
        zone = ZoneInfo(timezone)
        start = datetime.combine(day, time.min, tzinfo=zone)
        condition = and_(condition, when >= start, when < start + timedelta(days=1))
    total = session.scalar(
        select(func.count())
        .select_from(Publication)
        .join(Revision, Revision.id == Publication.revision_id)
        .where(condition)
    )
    query = (
        _published_revisions(language)
        .where(condition)
        .order_by(when.desc(), Revision.id.desc())
        .limit(limit)
        .offset(offset)
    )
    items = [
        _item(view_of(revision), _publication_view(publication))
        for revision, publication in session.execute(query).all()
    ]
    return items, int(total or 0)


def iter_published(
    session: Session,
    language: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    dispatch_ids: Sequence[int] | None = None,
    chunk: int = 200,
) -> Iterator[LocalizedItem]:
    """Dispatches published in ``language``, oldest first, ``chunk`` at a time, so that a long
    export holds one chunk in memory, never the whole set. ``start`` (inclusive) and ``end``
    (exclusive) bound the time the page digests count by."""
    when = func.coalesce(Revision.published_at, Revision.ingested_at)
    condition = _readable(language)
    if start is not None:
        condition = and_(condition, when >= start)
    if end is not None:
        condition = and_(condition, when < end)
    if dispatch_ids is not None:
        condition = and_(condition, Publication.dispatch_id.in_(list(dispatch_ids)))
    last: tuple[datetime, int] | None = None
    while True:
        query = _published_revisions(language).add_columns(when).where(condition)
        if last is not None:
            query = query.where(
                or_(when > last[0], and_(when == last[0], Publication.id > last[1]))
            )
        rows = session.execute(query.order_by(when, Publication.id).limit(chunk)).all()
        for revision, publication, _when in rows:
            yield _item(view_of(revision), _publication_view(publication))
        if len(rows) < chunk:
            return
        last = (rows[-1][2], rows[-1][1].id)
        session.expunge_all()  # what was yielded is plain data; the rows need not stay


def published_versions(session: Session, dispatch_id: int) -> dict[str, LocalizedItem]:
    """Every published language version of one dispatch, each from its own revision."""
    rows = session.execute(
        select(Revision, Publication)
        .join(Publication, Publication.revision_id == Revision.id)
        .where(READABLE, Publication.dispatch_id == dispatch_id)
        .options(*_REVISION_LOADS)
    ).all()
    views: dict[int, DispatchView] = {}
    versions: dict[str, LocalizedItem] = {}
    for revision, publication in rows:
        view = views.get(revision.id) or views.setdefault(revision.id, view_of(revision))
        versions[publication.language] = _item(view, _publication_view(publication))
    return dict(sorted(versions.items()))


def reader_view(versions: dict[str, LocalizedItem], language: str | None) -> DispatchView:
    """The revision a reader of ``language`` is shown of a dispatch with these published
    versions: that language's own, else the original's, else the newest published one."""
    if language is not None and language in versions:
        return versions[language].dispatch
    originals = [item for item in versions.values() if item.is_original]
    if originals:
        return originals[0].dispatch
    return max((item.dispatch for item in versions.values()), key=lambda view: view.revision)


def content_languages(session: Session) -> list[str]:
    """Languages that have at least one published dispatch."""
    return sorted(session.scalars(select(Publication.language).where(READABLE).distinct()))


def available_languages(view: DispatchView) -> list[str]:
    """Languages in which readers can read this revision."""
    return sorted(lang for lang in view.publications if localize(view, lang) is not None)


@dataclass(frozen=True)
class KilledView:
    """A dispatch taken down with a notice: readers see the notice, never the story."""

    id: int
    languages: list[str]
    notices: dict[str, str | None]  # per language: the editor's notice, or None
    killed_at: datetime


def killed_dispatch(session: Session, dispatch_id: int) -> KilledView | None:
    """The kill notice of a dispatch with no readable version and at least one killed, else
    None (a dispatch never published, or quietly unpublished, does not exist for readers)."""
    rows = session.scalars(select(Publication).where(Publication.dispatch_id == dispatch_id)).all()
    if not rows or any(row.state == VersionState.PUBLISHED for row in rows):
        return None
    killed = [row for row in rows if row.state == VersionState.KILLED]
    if not killed:
        return None
    return KilledView(
        id=dispatch_id,
        languages=sorted(row.language for row in killed),
        notices={row.language: row.notice for row in killed},
        killed_at=max(row.updated_at for row in killed),
    )
