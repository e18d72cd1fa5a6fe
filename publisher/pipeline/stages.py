"""Pipeline stages as idempotent functions over stored records.

Each stage reads what it needs from the store, does its work, and writes its result in one
transaction, so running it twice, or after a crash, does no harm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Revision, Sentence, Store, Summary, Translation
from publisher.errors import EngineError, TranslationUnavailable
from publisher.glossary import store as glossaries
from publisher.publication import TranslationStatus, VersionState
from publisher.summarize import summarize
from publisher.text import split_paragraphs
from publisher.translate import editor_memory
from publisher.translate.guided import translate_guided
from publisher.translate.memory import TranslationMemory
from publisher.translate.router import TranslationRouter, engine_failure


@dataclass(frozen=True)
class SummaryOptions:
    method: str = "default"
    count: int | None = 3
    ratio: float | None = None


def split_revision(store: Store, revision_id: int) -> int:
    """Split a revision's paragraphs into sentences; return how many. Idempotent."""
    with store.session() as session:
        revision = session.get(Revision, revision_id)
        if revision is None:
            return 0
        existing = session.scalars(
            select(Sentence.id).where(Sentence.revision_id == revision_id).limit(1)
        ).first()
        if existing is not None:
            return len(revision.sentences)
        pieces = split_paragraphs(revision.paragraphs, revision.language)
        for index, (paragraph, text) in enumerate(pieces):
            session.add(
                Sentence(revision_id=revision_id, index=index, paragraph=paragraph, text=text)
            )
        return len(pieces)


def summarize_revision(
    store: Store, revision_id: int, options: SummaryOptions, *, replace: bool = False
) -> list[int]:
    """Choose the summary sentences of a revision; return their indexes. Idempotent.

    With ``replace`` an existing summary is recomputed; translation drafts made from a summary
    that changed are marked stale (their text is kept, and what readers see is untouched: see
    publisher.publication). Raises ConfigError for an unknown method.
    """
    split_revision(store, revision_id)
    with store.session() as session:
        revision = session.get(Revision, revision_id, options=[selectinload(Revision.sentences)])
        if revision is None:
            return []
        if revision.summary is not None and not replace:
            return list(revision.summary.sentence_indexes)
        texts = [s.text for s in revision.sentences]
        indexes = summarize(
            texts,
            revision.language,
            method=options.method,
            count=options.count,
            ratio=options.ratio,
            title=revision.headline,
        )
        if revision.summary is None:
            session.add(
                Summary(revision_id=revision_id, method=options.method, sentence_indexes=indexes)
            )
        else:
            changed = list(revision.summary.sentence_indexes) != indexes
            revision.summary.method = options.method
            revision.summary.sentence_indexes = indexes
            if changed:
                mark_translations_stale(session, revision_id)
        return indexes


def summarize_revisions(
    store: Store, revision_ids: Sequence[int], options: SummaryOptions
) -> dict[int, list[int]]:
    """``split_revision`` then ``summarize_revision`` (without ``replace``) for many revisions
    in one transaction: one read of their sentences and summaries and one commit, rather than
    five queries and two commits per revision. Returns the indexes per revision found. Raises
    as ``summarize_revision``; then nothing of the batch is stored.
    """
    found: dict[int, list[int]] = {}
    with store.session() as session:
        revisions = session.scalars(
            select(Revision)
            .where(Revision.id.in_(revision_ids))
            .options(selectinload(Revision.sentences), selectinload(Revision.summary))
            .order_by(Revision.id)
        )
        for revision in revisions:
            texts = [s.text for s in revision.sentences]
            if not texts:  # not split yet: as split_revision does
                pieces = split_paragraphs(revision.paragraphs, revision.language)
                for index, (paragraph, text) in enumerate(pieces):
                    session.add(
                        Sentence(
                            revision_id=revision.id, index=index, paragraph=paragraph, text=text
                        )
                    )
                texts = [text for _paragraph, text in pieces]
            if revision.summary is not None:
                found[revision.id] = list(revision.summary.sentence_indexes)
                continue
            indexes = summarize(
                texts,
                revision.language,
                method=options.method,
                count=options.count,
                ratio=options.ratio,
                title=revision.headline,
            )
            session.add(
                Summary(revision_id=revision.id, method=options.method, sentence_indexes=indexes)
            )
            found[revision.id] = indexes
    return found


def mark_translations_stale(session: Session, revision_id: int) -> None:
    """Mark the finished summary translations of a revision stale: its summary changed.

    Their text stays (editors see what they had) until the next run translates them again.
    """
    session.execute(
        update(Translation)
        .where(
            Translation.revision_id == revision_id,
            Translation.full_text.is_(False),
            Translation.status == TranslationStatus.DONE.value,
        )
        .values(status=TranslationStatus.STALE.value, reason="the summary changed")
    )


@dataclass(frozen=True)
class TranslationOrigins:
    """Where each text of one stored translation came from: ``editor`` (the editors' memory)
    or ``machine``; ``unprotected`` lists the sentences (positions in ``sentences``) the engine
    translated without the glossary's protection because it mangled the placeholders."""

    headline: str
    sentences: list[str]
    unprotected: list[int]
    headline_unprotected: bool
    glossary_version: int


@dataclass
class TranslationReport:
    """What one translation batch did, per language."""

    done: list[tuple[int, str]] = field(default_factory=list)  # (dispatch id, language)
    done_revisions: list[tuple[int, str]] = field(default_factory=list)  # (revision id, language)
    # (dispatch id, language, reason)
    pending: list[tuple[int, str, str]] = field(default_factory=list)
    failed: list[tuple[int, str, str]] = field(default_factory=list)
    # (revision id, language, reason)
    pending_revisions: list[tuple[int, str, str]] = field(default_factory=list)
    failed_revisions: list[tuple[int, str, str]] = field(default_factory=list)
    sentences: int = 0
    memory_hits: int = 0
    editor_hits: int = 0
    # (revision id, language) → origins of the texts stored for it
    origins: dict[tuple[int, str], TranslationOrigins] = field(default_factory=dict)

    def merge(self, other: TranslationReport) -> None:
        self.done += other.done
        self.done_revisions += other.done_revisions
        self.pending += other.pending
        self.failed += other.failed
        self.pending_revisions += other.pending_revisions
        self.failed_revisions += other.failed_revisions
        self.sentences += other.sentences
        self.memory_hits += other.memory_hits
        self.editor_hits += other.editor_hits
        self.origins.update(other.origins)


@dataclass
class _Work:
    revision_id: int
    dispatch_id: int
    source_language: str
    headline: str
    dateline_place: str
    source_indexes: list[int]
    texts: list[str]

    @property
    def batch(self) -> list[str]:
        """What goes to the engine: headline, dateline place name, then the sentences."""
        return [self.headline, self.dateline_place, *self.texts]


def _load_work(session: Session, revision_ids: Sequence[int], full_text: bool) -> list[_Work]:
    revisions = session.scalars(
        select(Revision)
        .where(Revision.id.in_(revision_ids))
        .options(selectinload(Revision.sentences), selectinload(Revision.summary))
        .order_by(Revision.id)
    )
    work = []
    for revision in revisions:
        by_index = {s.index: s.text for s in revision.sentences}
        if full_text:
            indexes = sorted(by_index)
        elif revision.summary is not None:
            indexes = list(revision.summary.sentence_indexes)
        else:
            continue
        work.append(
            _Work(
                revision.id,
                revision.dispatch_id,
                revision.language,
                revision.headline,
                dateline_place(revision.dateline),
                indexes,
                [by_index[i] for i in indexes],
            )
        )
    return work


def _record_all(
    store: Store,
    rows: Sequence[tuple[_Work, dict[str, object]]],
    language: str,
    full_text: bool,
) -> None:
    """Insert or update the translation rows of many revisions in one transaction (one
    read of the rows there already, one flush), rather than a transaction per row.

    Two workers may finish the same translation at once; the loser updates the winner's row:
    on a conflict the rows are written again, each in its own transaction.
    """
    if not rows:
        return
    try:
        _write_rows(store, rows, language, full_text)
        return
    except IntegrityError:
        if len(rows) == 1:
            try:
                _write_rows(store, rows, language, full_text)
                return
            except IntegrityError:
                item = rows[0][0]
                raise EngineError(
                    f"could not store the {language} translation of revision {item.revision_id}"
                ) from None
    for row in rows:
        _record_all(store, [row], language, full_text)


def _write_rows(
    store: Store,
    rows: Sequence[tuple[_Work, dict[str, object]]],
    language: str,
    full_text: bool,
) -> None:
    with store.session() as session:
        existing = {
            row.revision_id: row
            for row in session.scalars(
                select(Translation).where(
                    Translation.revision_id.in_([item.revision_id for item, _ in rows]),
                    Translation.language == language,
                    Translation.full_text.is_(full_text),
                )
            )
        }
        for item, values in rows:
            row = existing.get(item.revision_id)
            if row is None:
                row = Translation(
                    revision_id=item.revision_id, language=language, full_text=full_text
                )
                session.add(row)
                existing[item.revision_id] = row
            for name, value in values.items():
                setattr(row, name, value)


def translate_revisions(
    store: Store,
    router: TranslationRouter,
    memory: TranslationMemory,
    revision_ids: Sequence[int],
    language: str,
    *,
    full_text: bool = False,
) -> TranslationReport:
    """Translate the headline and summary (or full text) of many revisions into ``language``.

    Sentences of all revisions that share a source language go to the engine as one batch.
    A missing model leaves the translation pending with its reason; nothing else is lost. A
    sentence the engine fails on (the router isolates it) fails its own revision only.
    A sentence an editor approved before is reused from the editors' memory, and the pair's
    glossary is applied (publisher.translate.guided); ``report.origins`` says which is which.
    """
    report = TranslationReport()
    with store.session() as session:
        work = _load_work(session, revision_ids, full_text)
    groups: dict[str, list[_Work]] = defaultdict(list)
    for item in work:
        if item.source_language != language:
            groups[item.source_language].append(item)
    for source, items in groups.items():
        try:
            route = router.route(source, language)
        except TranslationUnavailable as missing:
            pending: dict[str, object] = {"status": "pending", "reason": missing.reason}
            _record_all(store, [(item, pending) for item in items], language, full_text)
            for item in items:
                report.pending.append((item.dispatch_id, language, missing.reason))
                report.pending_revisions.append((item.revision_id, language, missing.reason))
            continue
        batch = [text for item in items for text in item.batch]
        with store.session() as session:
            glossary = glossaries.snapshot(session, source, language)
            approved = editor_memory.lookup(session, source, language, batch)
        try:
            result = translate_guided(
                router,
                batch,
                source,
                language,
                memory=memory,
                glossary=glossary,
                approved=approved,
            )
        # The edge of an engine: whatever it raises (a corrupt model, CTranslate2 refusing it,
        # Apertium crashing, memory running out) is this batch's failure, recorded with its
        # reason, never an exception that leaves the jobs looking done.
        except Exception as error:  # noqa: BLE001
            reason = engine_failure(error)
            failed: dict[str, object] = {"status": "failed", "reason": reason}
            _record_all(store, [(item, failed) for item in items], language, full_text)
            for item in items:
                report.failed.append((item.dispatch_id, language, reason))
                report.failed_revisions.append((item.revision_id, language, reason))
            continue
        report.sentences += len(batch)
        report.memory_hits += result.memory_hits
        report.editor_hits += result.editor_hits
        unprotected = set(result.unprotected)
        position = 0
        # every row of the group in one transaction, written once the group is known
        rows: list[tuple[_Work, dict[str, object]]] = []
        for item in items:
            size = len(item.batch)
            headline, place, *sentences = result.texts[position : position + size]
            origins = TranslationOrigins(
                headline=result.origins[position],
                sentences=result.origins[position + 2 : position + size],
                unprotected=[i for i in range(len(sentences)) if position + 2 + i in unprotected],
                headline_unprotected=position in unprotected,
                glossary_version=result.glossary_version,
            )
            # one poisoned sentence fails its own revision only, with the engine's reason
            reasons = [
                result.failures[i] for i in range(position, position + size) if i in result.failures
            ]
            position += size
            if reasons:
                rows.append((item, {"status": "failed", "reason": reasons[0]}))
                report.failed.append((item.dispatch_id, language, reasons[0]))
                report.failed_revisions.append((item.revision_id, language, reasons[0]))
                continue
            values: dict[str, object] = dict(
                status=TranslationStatus.DONE.value,
                reason=None,
                engine=route.engine_label,
                model_version=route.model_version,
                headline=headline,
                # the place name alone: readers of the translation get the date from the page
                dateline=place.strip() or None,
                sentences=sentences,
                source_indexes=item.source_indexes,
                review_state=VersionState.DRAFT.value,
                # the editors' memory is publisher.review's "memory" origin
                headline_origin=_origin(origins.headline),
                sentence_origins=[_origin(origin) for origin in origins.sentences],
                engine_scores=[
                    result.scores.get(i)
                    for i in (position - size, *range(position - size + 2, position))
                ],
                engine_problems=[
                    result.problems.get(i)
                    for i in (position - size, *range(position - size + 2, position))
                ],
            )
            rows.append((item, values))
            report.done.append((item.dispatch_id, language))
            report.done_revisions.append((item.revision_id, language))
            report.origins[(item.revision_id, language)] = origins
        _record_all(store, rows, language, full_text)
    return report


def _origin(origin: str) -> str:
    """publisher.translate.guided says ``editor`` for a sentence from the editors' memory."""
    return "memory" if origin == "editor" else "machine"


def dateline_place(dateline: str | None) -> str:
    """The place name that opens a dateline (``SEOUL, Nov. 13`` → ``SEOUL``), or ""."""
    if not dateline:
        return ""
    place = dateline.split(",", 1)[0].strip()
    # agencies write the place in capitals; engines translate a name better in title case
    return place.title() if place.isupper() else place


def current_revision_ids(session: Session, dispatch_ids: Sequence[int] | None = None) -> list[int]:
    """Current revision of the given dispatches (all dispatches when None), oldest first."""
    query = select(Dispatch.current_revision_id).where(Dispatch.current_revision_id.is_not(None))
    if dispatch_ids is not None:
        query = query.where(Dispatch.id.in_(dispatch_ids))
    return [rid for rid in session.scalars(query.order_by(Dispatch.id)) if rid is not None]


def revisions_needing_summary(session: Session) -> list[int]:
    query = (
        select(Revision.id)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(~Revision.summary.has())
        .order_by(Revision.id)
    )
    return list(session.scalars(query))


def revisions_needing_translation(
    session: Session, language: str, *, dispatch_ids: Sequence[int] | None = None
) -> list[int]:
    """Current revisions with a summary but no finished translation into ``language``."""
    done = (
        select(Translation.id)
        .where(
            Translation.revision_id == Revision.id,
            Translation.language == language,
            Translation.full_text.is_(False),
            Translation.status == "done",
        )
        .exists()
    )
    query = (
        select(Revision.id)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(Revision.summary.has(), Revision.language != language, ~done)
        .order_by(Revision.id)
    )
    if dispatch_ids is not None:
        query = query.where(Dispatch.id.in_(dispatch_ids))
    return list(session.scalars(query))
