"""Editors' saves with optimistic locking, and changes of the summary selection."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from publisher.db import LanguageVersion, Revision
from publisher.errors import EditConflict, ReviewError
from publisher.pipeline.stages import mark_translations_stale
from publisher.publication import VersionState
from publisher.review import audit, wire
from publisher.review.drafts import Draft, load_revision
from publisher.review.states import EDITABLE, REOPENED_BY_EDIT, Action, SentenceState, transition

HEADLINE = "headline"
# entries that rewrite a whole draft: every save based on an earlier version conflicts
_WHOLESALE = frozenset({"revision", "selection", "kill"})


def _field(position: int | None) -> str:
    return HEADLINE if position is None else str(position)


def _changed_since(
    session: Session, version: LanguageVersion, expected: int
) -> tuple[dict[str, str | None], bool]:
    """The fields saved since lock ``expected`` with the text each had then, and whether the
    whole draft was rewritten since (a new revision, a new selection)."""
    base: dict[str, str | None] = {}
    wholesale = False
    for entry in audit.entries(session, dispatch_id=version.dispatch_id, language=version.language):
        lock = int(entry.detail.get("lock", 0))
        if lock <= expected:
            continue
        if entry.action == "edit":
            base.setdefault(str(entry.detail.get("field")), entry.before)
        elif entry.action in _WHOLESALE:
            wholesale = True
    return base, wholesale


def apply_edits(
    session: Session,
    version: LanguageVersion,
    actor: str,
    expected: int,
    *,
    headline: str | None,
    sentences: dict[int, str],
) -> int:
    where = f"#{version.dispatch_id} {version.language}"
    if headline is None and not sentences:
        raise ReviewError(f"{where}: nothing to save")
    if version.state not in EDITABLE:
        raise ReviewError(f"{where}: is {version.state}; reopen it before editing")
    draft = Draft.of(session, version)
    current = {HEADLINE: draft.headline} | {str(i): t for i, t in enumerate(draft.sentences)}
    mine: dict[str, str] = {}
    if headline is not None:
        mine[HEADLINE] = headline
    mine |= {str(position): text for position, text in sentences.items()}
    if expected != version.lock_version:
        if expected > version.lock_version or expected < 1:
            raise ReviewError(
                f"{where}: there is no version {expected} (now {version.lock_version})"
            )
        base, wholesale = _changed_since(session, version, expected)
        conflicts: list[dict[str, Any]] = [
            {
                "field": name,
                "base": base.get(name),
                "mine": text,
                "theirs": current.get(name),
            }
            for name, text in mine.items()
            if wholesale or name in base
        ]
        if conflicts:
            raise EditConflict(where, expected, version.lock_version, conflicts)
    before_state = version.state
    edits: list[tuple[int | None, str | None]] = []
    if headline is not None and headline != draft.headline:
        edits.append((None, draft.headline))
        draft.set_headline(headline)
    for position, text in sorted(sentences.items()):
        old = current.get(str(position))
        draft.set_sentence(position, text)
        if draft.sentences[position] != old:
            edits.append((position, old))
    if not edits:
        return version.lock_version
    for edited, old in edits:
        version.lock_version += 1
        new = draft.headline if edited is None else draft.sentences[edited]
        audit.record(
            session,
            actor,
            version.dispatch_id,
            "edit",
            language=version.language,
            revision_id=version.revision_id,
            before=old,
            after=new,
            field=_field(edited),
            lock=version.lock_version,
        )
    if before_state in REOPENED_BY_EDIT:
        _reopen(session, version, actor, "edited after approval")
    version.updated_by = actor
    return version.lock_version


def _reopen(session: Session, version: LanguageVersion, actor: str, reason: str) -> None:
    before = version.state
    version.state = transition(Action.REOPEN, before).value
    version.reason = reason
    version.lock_version += 1
    audit.record(
        session,
        actor,
        version.dispatch_id,
        Action.REOPEN.value,
        language=version.language,
        revision_id=version.revision_id,
        before=before,
        after=version.state,
        reason=reason,
        lock=version.lock_version,
    )


def change_selection(
    session: Session,
    dispatch_id: int,
    actor: str,
    expected: int,
    indexes: list[int],
    method: str,
) -> int:
    versions = wire.versions_of(session, dispatch_id)
    revision_id = next((v.revision_id for v in versions.values()), None)
    if revision_id is None:
        raise ReviewError(f"#{dispatch_id}: not summarized yet; nothing to select from")
    revision = load_revision(session, revision_id)
    source = versions.get(revision.language)
    if source is None or revision.summary is None:
        raise ReviewError(f"#{dispatch_id}: not summarized yet; nothing to select from")
    where = f"#{dispatch_id} {revision.language}"
    if source.lock_version != expected:
        raise EditConflict(
            where,
            expected,
            source.lock_version,
            [
                {
                    "field": "selection",
                    "base": None,
                    "mine": indexes,
                    "theirs": list(revision.summary.sentence_indexes),
                }
            ],
        )
    _check_indexes(revision, indexes)
    before = list(revision.summary.sentence_indexes)
    if before == indexes:
        return source.lock_version
    revision.summary.sentence_indexes = list(indexes)
    revision.summary.method = method[:64]
    revision.summary.selection_origin = "editor"
    mark_translations_stale(session, revision.id)
    for version in versions.values():
        if version.revision_id != revision.id or version.state == VersionState.KILLED:
            continue
        draft = Draft.of(session, version) if version.language == revision.language else None
        if draft is None:
            _stale_sentences(session, version)
        version.lock_version += 1
        audit.record(
            session,
            actor,
            dispatch_id,
            "selection",
            language=version.language,
            revision_id=revision.id,
            before=",".join(map(str, before)),
            after=",".join(map(str, indexes)),
            lock=version.lock_version,
        )
        if version.state in REOPENED_BY_EDIT:
            _reopen(session, version, actor, "the summary selection changed")
        version.updated_by = actor
    return source.lock_version


def _stale_sentences(session: Session, version: LanguageVersion) -> None:
    try:
        draft = Draft.of(session, version)
    except ReviewError:
        return
    draft.set_states([SentenceState.NEEDS_EDITING.value] * len(draft.sentences), draft.origins())


def _check_indexes(revision: Revision, indexes: list[int]) -> None:
    known = {s.index for s in revision.sentences}
    if not indexes:
        raise ReviewError("a summary needs at least one sentence")
    if len(set(indexes)) != len(indexes):
        raise ReviewError("a sentence is selected twice")
    unknown = [i for i in indexes if i not in known]
    if unknown:
        raise ReviewError(
            f"no source sentence {', '.join(map(str, unknown))} "
            f"(the dispatch has {len(known)}, counted from 0)"
        )
