"""Translator items from the drafts: what editor exports hold, and what imports match against.

The per-sentence state is derived in :func:`sentence_state` and nowhere else, so the review
workflow can re-point that one function at its own columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import (
    Dispatch,
    FlagDismissal,
    Publication,
    QualityFlag,
    Revision,
    Translation,
)
from publisher.errors import NotFound
from publisher.export.model import join_sentences
from publisher.export.translator import (
    STATE_RANK,
    Flag,
    Origin,
    Part,
    SentenceState,
    TranslatorItem,
    TranslatorPart,
    TranslatorSentence,
)
from publisher.publication import TranslationStatus, VersionState
from publisher.quality.queries import DISMISSAL_OF_FLAG

CHUNK = 200  # dispatches loaded per query: memory stays flat however many are exported


class StateFilter(StrEnum):
    """``--state``: the least advanced sentence an editor export holds."""

    PUBLISHED = "published"  # only what readers see
    APPROVED = "approved"  # approved by an editor or published
    ANY = "any"  # every draft, machine output included


_MINIMUM = {
    StateFilter.PUBLISHED: STATE_RANK[SentenceState.FINAL],
    StateFilter.APPROVED: STATE_RANK[SentenceState.REVIEWED],
    StateFilter.ANY: 0,
}


@dataclass(frozen=True)
class StoredSentence:
    """What the tables say of one target sentence, the input of :func:`sentence_state`."""

    target: str | None
    translation_status: str | None  # TranslationStatus, None with no translation row
    review_state: str | None  # the draft's VersionState
    published_target: str | None  # the reader's text for the same source sentence, if any
    # what the review workflow recorded (publisher.review.states), None where it has nothing
    recorded_state: str | None = None
    recorded_origin: str | None = None


def sentence_state(stored: StoredSentence) -> tuple[SentenceState, Origin]:
    """The review state and origin of one target sentence.

    Text equal to the live published snapshot is ``final``; otherwise what the review
    workflow recorded for the sentence. Rows it has not touched: a stale draft
    ``needs_editing``, a draft an editor approved ``reviewed``, one awaiting approval
    ``translated``, anything else machine output (``initial``).
    """
    origin = Origin(stored.recorded_origin) if stored.recorded_origin else None
    if stored.target is not None and stored.target == stored.published_target:
        editor = stored.review_state not in (None, VersionState.DRAFT.value)
        return SentenceState.FINAL, origin or (Origin.EDITOR if editor else Origin.MACHINE)
    if stored.recorded_state and stored.recorded_state != SentenceState.INITIAL.value:
        return SentenceState(stored.recorded_state), origin or Origin.MACHINE
    if stored.recorded_state and stored.translation_status != TranslationStatus.STALE.value:
        return SentenceState.INITIAL, origin or Origin.MACHINE  # e.g. from the memory
    if stored.translation_status == TranslationStatus.STALE.value:
        return SentenceState.NEEDS_EDITING, Origin.MACHINE
    if stored.review_state == VersionState.APPROVED.value:
        return SentenceState.REVIEWED, Origin.EDITOR
    if stored.review_state == VersionState.IN_REVIEW.value:
        return SentenceState.TRANSLATED, Origin.EDITOR
    return SentenceState.INITIAL, Origin.MACHINE


def _live(publication: Publication | None, revision_id: int) -> Publication | None:
    """The publication when readers see this revision's text through it, else None."""
    if publication is None or publication.state != VersionState.PUBLISHED.value:
        return None
    return publication if publication.revision_id == revision_id else None


def _published(publication: Publication | None) -> dict[int, str]:
    """Source sentence index → published text of a live snapshot."""
    if publication is None:
        return {}
    pairs = zip(publication.source_indexes or [], publication.sentences or [], strict=False)
    return {int(i): str(t) for i, t in pairs}


def _sentences(
    indexes: Sequence[int],
    sources: dict[int, str],
    translation: Translation | None,
    published: dict[int, str],
    flags: Mapping[tuple[str, int | None], tuple[Flag, ...]] | None = None,
) -> tuple[TranslatorSentence, ...]:
    targets: dict[int, str] = {}
    recorded: dict[int, tuple[str | None, str | None]] = {}
    scores: dict[int, float] = {}
    if translation is not None:
        indexes_of = [int(i) for i in translation.source_indexes or []]
        pairs = zip(indexes_of, translation.sentences or [], strict=False)
        targets = {i: str(t) for i, t in pairs}
        states = list(translation.sentence_states or [])
        origins = list(translation.sentence_origins or [])
        engine = list(translation.engine_scores or [])
        for position, index in enumerate(indexes_of):
            recorded[index] = (
                states[position] if position < len(states) else None,
                origins[position] if position < len(origins) else None,
            )
            score = confidence(engine[position + 1] if position + 1 < len(engine) else None)
            if score is not None and recorded[index][1] in (None, Origin.MACHINE.value):
                scores[index] = score
    made = []
    for index in indexes:
        if index not in sources:
            continue
        stored = StoredSentence(
            target=targets.get(index),
            translation_status=translation.status if translation is not None else None,
            review_state=translation.review_state if translation is not None else None,
            published_target=published.get(index),
            recorded_state=recorded.get(index, (None, None))[0],
            recorded_origin=recorded.get(index, (None, None))[1],
        )
        state, origin = sentence_state(stored)
        made.append(
            TranslatorSentence(
                index,
                sources[index],
                stored.target,
                state,
                origin,
                (flags or {}).get(("sentence", index), ()),
                scores.get(index),
            )
        )
    return tuple(made)


def confidence(score: object) -> float | None:
    """The engine's mean log-probability per token as a confidence in 0..1 (ITS
    mtConfidence), or None where it gave none."""
    if not isinstance(score, int | float) or isinstance(score, bool):
        return None
    return round(min(1.0, math.exp(score)), 3)


def flags_of(
    session: Session, revision_ids: Sequence[int]
) -> dict[tuple[int, str], dict[tuple[str, int | None], tuple[Flag, ...]]]:
    """Open quality flags of these revisions, by (revision, language) then (segment, index),
    as the exports carry them."""
    if not revision_ids:
        return {}
    rows = session.execute(
        select(QualityFlag, FlagDismissal.id)
        .outerjoin(FlagDismissal, DISMISSAL_OF_FLAG)
        .where(QualityFlag.revision_id.in_(list(revision_ids)), QualityFlag.scope == "target")
    ).all()
    found: dict[tuple[int, str], dict[tuple[str, int | None], list[Flag]]] = {}
    for row, dismissed in rows:
        if dismissed is not None:
            continue
        place = (row.segment, row.sentence_index if row.segment == "sentence" else None)
        severity = 100.0 if row.severity == "error" else 50.0
        found.setdefault((row.revision_id, row.language), {}).setdefault(place, []).append(
            Flag(row.issue_type, row.message, severity)
        )
    return {
        key: {place: tuple(items) for place, items in places.items()}
        for key, places in found.items()
    }


def _recorded_headline(summary: Translation | None, column: str) -> str | None:
    """The workflow's headline state or origin, None without a draft."""
    value = getattr(summary, column, None) if summary is not None else None
    return str(value) if value else None


def translator_item(
    revision: Revision,
    language: str,
    publication: Publication | None,
    flags: Mapping[tuple[str, int | None], tuple[Flag, ...]] | None = None,
) -> TranslatorItem:
    """The drafts of ``revision`` in ``language`` (targets None where nothing is translated)."""
    sources = {s.index: s.text for s in revision.sentences}
    drafts = [t for t in revision.translations if t.language == language]
    summary = next((t for t in drafts if not t.full_text), None)
    full = next((t for t in drafts if t.full_text), None)
    live = _live(publication, revision.id)
    published = _published(live)
    separator = join_sentences(("", ""), revision.language)
    headline_published = live.headline if live is not None else None
    head_state, head_origin = sentence_state(
        StoredSentence(
            target=summary.headline if summary is not None else None,
            translation_status=summary.status if summary is not None else None,
            review_state=summary.review_state if summary is not None else None,
            published_target=headline_published,
            recorded_state=_recorded_headline(summary, "headline_state"),
            recorded_origin=_recorded_headline(summary, "headline_origin"),
        )
    )
    parts = [
        TranslatorPart(
            Part.HEADLINE,
            (
                TranslatorSentence(
                    0,
                    revision.headline,
                    summary.headline if summary is not None else None,
                    head_state,
                    head_origin,
                    (flags or {}).get(("headline", None), ()),
                    confidence((summary.engine_scores or [None])[0])
                    if summary is not None and head_origin is Origin.MACHINE
                    else None,
                ),
            ),
            separator,
        )
    ]
    indexes = list(revision.summary.sentence_indexes) if revision.summary is not None else []
    if summary is not None and summary.status == TranslationStatus.STALE.value:
        indexes = [int(i) for i in summary.source_indexes or []]  # what it was made from
    parts.append(
        TranslatorPart(
            Part.SUMMARY, _sentences(indexes, sources, summary, published, flags), separator
        )
    )
    if full is not None:
        full_indexes = [int(i) for i in full.source_indexes or []] or sorted(sources)
        parts.append(
            TranslatorPart(Part.FULL, _sentences(full_indexes, sources, full, {}), separator)
        )
    return TranslatorItem(
        dispatch_id=revision.dispatch_id,
        revision_id=revision.id,
        source_language=revision.language,
        target_language=language,
        source_headline=revision.headline,
        parts=tuple(p for p in parts if p.sentences),
        updated=max((t.updated_at for t in drafts), default=revision.ingested_at),
        engine=next((t.engine for t in drafts if t.engine), None),
        model_version=next((t.model_version for t in drafts if t.model_version), None),
        agency=revision.agency,
    )


def keep_states(item: TranslatorItem, wanted: StateFilter) -> TranslatorItem | None:
    """``item`` with only the sentences at least as far as ``wanted``; None if none is left."""
    minimum = _MINIMUM[wanted]
    parts = []
    for part in item.parts:
        kept = tuple(s for s in part.sentences if STATE_RANK[s.state] >= minimum)
        if kept:
            parts.append(TranslatorPart(part.name, kept, part.separator))
    if not parts:
        return None
    return TranslatorItem(**{**item.__dict__, "parts": tuple(parts)})


def _revisions(session: Session, dispatch_ids: Sequence[int]) -> list[Revision]:
    query = (
        select(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(Dispatch.id.in_(dispatch_ids))
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
        )
        .order_by(Revision.dispatch_id)
    )
    return list(session.scalars(query))


def target_languages(revision: Revision) -> list[str]:
    """The languages a revision has drafts in, sorted."""
    return sorted({t.language for t in revision.translations} - {revision.language})


def all_dispatch_ids(session: Session) -> list[int]:
    """Every dispatch with a current revision, oldest id first."""
    query = select(Dispatch.id).where(Dispatch.current_revision_id.is_not(None))
    return sorted(session.scalars(query))


def translator_items(
    session: Session,
    dispatch_ids: Sequence[int],
    languages: Sequence[str] | None,
    wanted: StateFilter = StateFilter.ANY,
) -> Iterator[TranslatorItem]:
    """The current drafts of these dispatches in those of ``languages`` (default: all) they
    have drafts in, by id then language, loaded :data:`CHUNK` dispatches at a time.

    Raises NotFound for an id that does not exist, when its chunk is reached.
    """
    ids = list(dict.fromkeys(dispatch_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        revisions = {r.dispatch_id: r for r in _revisions(session, chunk)}
        missing = [i for i in chunk if i not in revisions]
        if missing:
            raise NotFound(f"no dispatch with id {missing[0]}")
        publications: dict[tuple[int, str], Publication] = {
            (p.dispatch_id, p.language): p
            for p in session.scalars(select(Publication).where(Publication.dispatch_id.in_(chunk)))
        }
        flags = flags_of(session, [r.id for r in revisions.values()])
        for dispatch_id in chunk:
            revision = revisions[dispatch_id]
            drafted = target_languages(revision)
            for language in languages or drafted:
                if language not in drafted:  # nothing to hand over, nothing to take back
                    continue
                item = translator_item(
                    revision,
                    language,
                    publications.get((dispatch_id, language)),
                    flags.get((revision.id, language)),
                )
                kept = keep_states(item, wanted)
                if kept is not None:
                    yield kept
        session.expunge_all()  # what was written out need not stay in the identity map
