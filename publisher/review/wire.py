"""Keeping language versions in step with the wire: new drafts, updates, corrections, kills."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, LanguageVersion, Publication, Revision, Translation
from publisher.publication import Provenance, VersionState
from publisher.review import audit
from publisher.review.revisions import RevisionKind, classify
from publisher.review.states import SentenceOrigin, SentenceState

S = VersionState
# a new revision sends these back to review; a draft stays a draft, a kill stays a kill
_REOPENED = frozenset({S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.REJECTED, S.UNPUBLISHED})


def kind_of(revision: Revision) -> RevisionKind:
    return classify(revision.number, revision.update_tag, revision.headline)


def versions_of(session: Session, dispatch_id: int) -> dict[str, LanguageVersion]:
    rows = session.scalars(
        select(LanguageVersion)
        .where(LanguageVersion.dispatch_id == dispatch_id)
        .order_by(LanguageVersion.language)
        .with_for_update()
    )
    return {row.language: row for row in rows}


def draft_languages(session: Session, revision: Revision) -> list[str]:
    """The languages this revision has a draft in: its own once summarized, and each
    summary translation begun."""
    return _draft_languages(revision, _translated_languages(session, [revision.id]))


def _translated_languages(session: Session, revision_ids: Sequence[int]) -> dict[int, list[str]]:
    """The languages each revision's summary translation was begun in, in one query."""
    languages: dict[int, list[str]] = defaultdict(list)
    for revision_id, language in session.execute(
        select(Translation.revision_id, Translation.language).where(
            Translation.revision_id.in_(revision_ids), Translation.full_text.is_(False)
        )
    ):
        languages[revision_id].append(language)
    return languages


def _draft_languages(revision: Revision, translated: Mapping[int, list[str]]) -> list[str]:
    if revision.summary is None:
        return []
    return list(dict.fromkeys([revision.language, *translated.get(revision.id, [])]))


def sync(session: Session, dispatch_id: int, actor: str = audit.WIRE) -> list[str]:
    """Bring the dispatch's language versions up to its current revision; return the
    languages whose state changed.

    A first draft makes a ``draft`` version. A later revision moves every version on to it
    and reopens its review; a kill takes every version (and what readers see) down at once.
    Each wire revision is taken account of once (``seen_revision_id``), so an editor's later
    decision is never undone by the same revision.
    """
    return sync_many(session, [dispatch_id], actor).get(dispatch_id, [])


# dispatches synced per round of queries: the ids go into IN lists, which SQLite and
# PostgreSQL bound (a backlog summarized at once may name tens of thousands)
SYNC_CHUNK = 500


def sync_many(
    session: Session, dispatch_ids: Sequence[int], actor: str = audit.WIRE
) -> dict[int, list[str]]:
    """``sync`` for many dispatches, their rows read in five queries per SYNC_CHUNK of them
    rather than five per dispatch (the pipeline syncs every dispatch of a translated chunk);
    return the languages changed, by dispatch."""
    # in id order, so that two workers syncing together lock rows in the same order
    wanted = sorted(set(dispatch_ids))
    changed: dict[int, list[str]] = {}
    for start in range(0, len(wanted), SYNC_CHUNK):
        changed.update(_sync_chunk(session, wanted[start : start + SYNC_CHUNK], actor))
    return changed


def _sync_chunk(session: Session, wanted: Sequence[int], actor: str) -> dict[int, list[str]]:
    dispatches = session.scalars(select(Dispatch).where(Dispatch.id.in_(wanted))).all()
    current = [d.current_revision_id for d in dispatches if d.current_revision_id is not None]
    revisions = {
        r.id: r
        for r in session.scalars(
            select(Revision).where(Revision.id.in_(current)).options(selectinload(Revision.summary))
        )
    }
    versions: dict[int, dict[str, LanguageVersion]] = defaultdict(dict)
    # locked in (dispatch, language) order, as every other sync locks them
    for version in session.scalars(
        select(LanguageVersion)
        .where(LanguageVersion.dispatch_id.in_(wanted))
        .order_by(LanguageVersion.dispatch_id, LanguageVersion.language)
        .with_for_update()
    ):
        versions[version.dispatch_id][version.language] = version
    publications: dict[int, dict[str, Publication]] = defaultdict(dict)
    for published in session.scalars(
        select(Publication).where(Publication.dispatch_id.in_(wanted))
    ):
        publications[published.dispatch_id][published.language] = published
    translated = _translated_languages(session, list(revisions))
    changed: dict[int, list[str]] = {}
    by_id = {d.id: d for d in dispatches}
    for dispatch_id in wanted:
        dispatch = by_id.get(dispatch_id)
        revision = revisions.get(dispatch.current_revision_id or 0) if dispatch else None
        if revision is None:
            changed[dispatch_id] = []
            continue
        changed[dispatch_id] = _sync_one(
            session,
            actor,
            revision,
            versions[dispatch_id],
            publications[dispatch_id],
            _draft_languages(revision, translated),
        )
    return changed


def _sync_one(
    session: Session,
    actor: str,
    revision: Revision,
    versions: Mapping[str, LanguageVersion],
    publications: Mapping[str, Publication],
    draft_languages: Sequence[str],
) -> list[str]:
    dispatch_id = revision.dispatch_id
    kind = kind_of(revision)
    changed: list[str] = []
    for language, version in versions.items():
        if version.seen_revision_id == revision.id:
            continue
        before = version.state
        version.seen_revision_id = revision.id
        if kind is RevisionKind.KILL:
            if before != S.KILLED:
                take_down(session, version, S.KILLED, notice=None)
                version.reason = f"withdrawn by the agency ({revision.update_tag or 'kill'})"
        elif before != S.KILLED:
            version.revision_id = revision.id
            if before in _REOPENED:
                version.state = S.IN_REVIEW.value
            version.reason = f"{kind.value}: revision {revision.number}"
        else:
            continue
        version.lock_version += 1
        version.updated_by = actor
        audit.record(
            session,
            actor,
            dispatch_id,
            "kill" if kind is RevisionKind.KILL else "revision",
            language=language,
            revision_id=revision.id,
            before=before,
            after=version.state,
            kind=kind.value,
            tag=revision.update_tag,
            lock=version.lock_version,
        )
        changed.append(language)
    if kind is RevisionKind.KILL:
        # what readers see with no version row yet (stored before the workflow) goes down too
        for language, row in publications.items():
            if language not in versions and row.state != S.KILLED:
                version = _new_version(session, actor, dispatch_id, language, row.revision_id, kind)
                version.seen_revision_id = revision.id
                take_down(session, version, S.KILLED, notice=None)
                changed.append(language)
        return changed
    for language in draft_languages:
        if language in versions:
            continue
        version = _new_version(session, actor, dispatch_id, language, revision.id, kind)
        published = publications.get(language)
        if (
            published is not None
            and published.revision_id == revision.id
            and published.provenance == Provenance.REVIEWED
        ):
            # an editor's version stored before the workflow kept its state
            version.state = published.state
        changed.append(language)
    return changed


def _new_version(
    session: Session,
    actor: str,
    dispatch_id: int,
    language: str,
    revision_id: int,
    kind: RevisionKind,
) -> LanguageVersion:
    version = LanguageVersion(
        dispatch_id=dispatch_id,
        language=language,
        revision_id=revision_id,
        state=S.DRAFT.value,
        lock_version=1,
        seen_revision_id=revision_id,
        updated_by=actor,
    )
    session.add(version)
    audit.record(
        session,
        actor,
        dispatch_id,
        "draft",
        language=language,
        revision_id=revision_id,
        before=None,
        after=S.DRAFT.value,
        kind=kind.value,
        lock=1,
    )
    return version


def unsynced_dispatches(session: Session, limit: int = 500) -> list[int]:
    """Summarized dispatches without any language version: stored before the workflow (an
    upgraded database) or by a process that did not sync them."""
    has_version = (
        select(LanguageVersion.id).where(LanguageVersion.dispatch_id == Dispatch.id).exists()
    )
    return list(
        session.scalars(
            select(Dispatch.id)
            .join(Revision, Revision.id == Dispatch.current_revision_id)
            .where(Revision.summary.has(), ~has_version)
            .order_by(Dispatch.id)
            .limit(limit)
        )
    )


def take_down(
    session: Session, version: LanguageVersion, state: VersionState, *, notice: str | None
) -> None:
    """Set the version, and what readers see of it, to ``killed`` or ``unpublished``."""
    version.state = state.value
    publication = session.scalars(
        select(Publication).where(
            Publication.dispatch_id == version.dispatch_id,
            Publication.language == version.language,
        )
    ).first()
    if publication is not None:
        publication.state = state.value
        publication.notice = notice if state is S.KILLED else None


def machine_drafts(session: Session, revision_id: int, language: str) -> None:
    """The machine (re)wrote a translation draft: its sentences are its own again."""
    translation = session.scalars(
        select(Translation).where(
            Translation.revision_id == revision_id,
            Translation.language == language,
            Translation.full_text.is_(False),
        )
    ).first()
    if translation is not None:
        _machine_draft(translation)


def machine_drafts_of(session: Session, drafts: Sequence[tuple[int, str]]) -> None:
    """``machine_drafts`` for many (revision id, language) drafts, read in one query."""
    if not drafts:
        return
    wanted = set(drafts)
    rows = session.scalars(
        select(Translation).where(
            Translation.revision_id.in_({revision_id for revision_id, _ in drafts}),
            Translation.full_text.is_(False),
        )
    )
    for translation in rows:
        if (translation.revision_id, translation.language) in wanted:
            _machine_draft(translation)


def _machine_draft(translation: Translation) -> None:
    count = len(translation.sentences or [])
    translation.sentence_states = [SentenceState.INITIAL.value] * count
    # the translation stage wrote each sentence's origin (machine, or the editors' memory)
    origins = list(translation.sentence_origins or [])
    if len(origins) != count:
        translation.sentence_origins = [SentenceOrigin.MACHINE.value] * count
    translation.headline_state = SentenceState.INITIAL.value
