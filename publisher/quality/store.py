"""Quality flags in the database: recomputed with their draft, listed, dismissed.

No Flask and no click: the pipeline, the CLI and (later) the review pages call these with a
session of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

from publisher.db import QualityFlag, Revision, Translation
from publisher.errors import NotFound
from publisher.publication import TranslationStatus
from publisher.quality.base import Context, Flag, Pair, Segment, Version, fingerprint
from publisher.quality.registry import BY_ID, check_version, source_problems

ContextFor = Callable[[str, str], Context]  # (source language, target language) -> Context
# Drafts whose text editors read: a stale draft keeps its text until translated again.
CHECKED = (TranslationStatus.DONE.value, TranslationStatus.STALE.value)


def _pairs(
    revision: Revision, row: Translation, scores: Sequence[float | None] | None
) -> tuple[Version, list[Pair]]:
    by_index = {s.index: s.text for s in revision.sentences}
    indexes = [int(i) for i in row.source_indexes or []]
    targets = [str(t) for t in row.sentences or []]
    # what the engine said holds only for texts still the machine's own (not edited, not
    # from the editors' memory)
    machine = [row.headline_origin == "machine"]
    origins = list(row.sentence_origins or [])
    machine += [n >= len(origins) or origins[n] == "machine" for n in range(len(targets))]
    score = _aligned(scores if scores is not None else row.engine_scores, machine)
    problem = _aligned(row.engine_problems, machine)
    source, target = revision.language, row.language
    pairs = [
        Pair(
            revision.headline,
            row.headline or "",
            source,
            target,
            Segment.HEADLINE,
            None,
            _number(score[0]),
            _text(problem[0]),
        )
    ]
    pairs += [
        Pair(
            by_index.get(index, ""),
            text,
            source,
            target,
            Segment.SENTENCE,
            index,
            _number(score[n + 1]),
            _text(problem[n + 1]),
        )
        for n, (index, text) in enumerate(zip(indexes, targets, strict=False))
    ]
    version = Version([by_index.get(i, "") for i in indexes], targets, source, target)
    return version, pairs


def _aligned(values: Sequence[object] | None, machine: list[bool]) -> list[object]:
    """``values`` (headline first) padded to the texts, None where a person made the text."""
    out = list(values or [])[: len(machine)]
    out += [None] * (len(machine) - len(out))
    return [value if keep else None for value, keep in zip(out, machine, strict=True)]


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _key(segment: str, index: int | None, check_id: str, digest: str) -> tuple[str, int, str, str]:
    return segment, -1 if index is None else index, check_id, digest


def _store(
    session: Session,
    revision: Revision,
    language: str,
    scope: str,
    flags: Sequence[Flag],
    existing: Sequence[QualityFlag] | None = None,
    *,
    flush: bool = True,
) -> list[QualityFlag]:
    """Replace the flags of (revision, language, scope) with ``flags``; unchanged rows keep their
    ids, so an id an editor was given still names the same flag after a refresh.

    ``existing``: the rows stored there, when the caller loaded them already (a batch);
    ``flush=False`` leaves the writes to the caller's one flush."""
    if existing is None:
        existing = session.scalars(
            select(QualityFlag).where(
                QualityFlag.revision_id == revision.id,
                QualityFlag.language == language,
                QualityFlag.scope == scope,
            )
        ).all()
    by_key = {_key(r.segment, r.sentence_index, r.check_id, r.fingerprint): r for r in existing}
    kept: list[QualityFlag] = []
    for flag in flags:
        key = _key(flag.pair.segment.value, flag.pair.index, flag.check_id, flag.fingerprint)
        row = by_key.pop(key, None)
        if row is None:
            row = QualityFlag(
                dispatch_id=revision.dispatch_id,
                revision_id=revision.id,
                language=language,
                scope=scope,
                segment=flag.pair.segment.value,
                sentence_index=flag.pair.index,
                check_id=flag.check_id,
                fingerprint=flag.fingerprint,
            )
            session.add(row)
        row.issue_type = flag.issue_type.value
        row.severity = flag.severity.value
        row.message = flag.message
        kept.append(row)
    for row in by_key.values():
        session.delete(row)
    if flush:
        session.flush()
    return kept


def refresh_flags(
    session: Session,
    revision_id: int,
    language: str,
    *,
    context_for: ContextFor | None = None,
    scores: Sequence[float | None] | None = None,
) -> list[QualityFlag]:
    """(Re)compute the flags of one revision's draft in ``language`` from its stored text.

    Call it whenever the draft's text changes: after a translation, after an editor's edit.
    A draft that is missing, pending or failed has no flags. ``scores`` are the engine's
    per-sentence scores in draft order (headline, then sentences), when it gives them;
    ``context_for`` gives the glossary's term checker for a language pair. The flags on the
    source sentences (a check failing in every language) are recomputed too. Raises NotFound
    for an unknown revision.
    """
    revision = session.get(Revision, revision_id, options=[selectinload(Revision.sentences)])
    if revision is None:
        raise NotFound(f"no revision with id {revision_id}")
    row = _draft(session, revision_id, language)
    flags: list[Flag] = []
    if row is not None:
        context = context_for(revision.language, language) if context_for else Context()
        version, pairs = _pairs(revision, row, scores)
        flags = check_version(version, pairs, context)
    stored = _store(session, revision, language, "target", flags)
    _refresh_source_flags(session, revision)
    return stored


def refresh_many(
    session: Session, items: Sequence[tuple[int, str]], *, context_for: ContextFor | None = None
) -> None:
    """``refresh_flags`` for many (revision id, language) drafts in one transaction: revisions,
    drafts and stored flags read in three queries, the flags read as plain values and written
    in bulk (a translated backlog has thousands; an ORM object each cost more than checking
    them), each language pair's context made once.

    Gives the same rows as calling ``refresh_flags`` on each item in turn (later items see the
    flags earlier ones stored; a row whose flag stays keeps its id). Raises what
    ``refresh_flags`` would for any item (NotFound for an unknown revision); the caller then
    rolls the whole batch back. ``session`` must hold no QualityFlag objects of these
    revisions (a new session does not): the bulk writes do not update them.
    """
    if not items:
        return
    revision_ids = list(dict.fromkeys(revision_id for revision_id, _ in items))
    revisions = {
        revision.id: revision
        for revision in session.scalars(
            select(Revision)
            .where(Revision.id.in_(revision_ids))
            .options(selectinload(Revision.sentences))
        )
    }
    drafts: dict[int, dict[str, Translation]] = {rid: {} for rid in revision_ids}
    for translation in session.scalars(
        select(Translation).where(
            Translation.revision_id.in_(revision_ids),
            Translation.full_text.is_(False),
            Translation.status.in_(CHECKED),
        )
    ):
        drafts[translation.revision_id][translation.language] = translation
    # revision id -> (language, scope) -> the rows stored there, kept current as items are done
    stored: dict[int, dict[tuple[str, str], list[_Held]]] = {rid: {} for rid in revision_ids}
    for values in session.execute(
        select(*_HELD_COLUMNS).where(QualityFlag.revision_id.in_(revision_ids))
    ):
        held = _Held(**values._mapping)
        stored[held.revision_id].setdefault((held.language, held.scope), []).append(held)
    writes = _Writes()
    contexts: dict[tuple[str, str], Context] = {}
    for revision_id, language in items:
        revision = revisions.get(revision_id)
        if revision is None:
            raise NotFound(f"no revision with id {revision_id}")
        row = drafts[revision_id].get(language)
        flags: list[Flag] = []
        if row is not None:
            pair_key = (revision.language, language)
            if pair_key not in contexts:
                contexts[pair_key] = context_for(*pair_key) if context_for else Context()
            version, pairs = _pairs(revision, row, None)
            flags = check_version(version, pairs, contexts[pair_key])
        rows = stored[revision_id]
        target = (language, "target")
        rows[target] = writes.replace(revision, language, "target", flags, rows.get(target, []))
        target_rows = [
            r for (_lang, scope), kept in rows.items() if scope == "target" for r in kept
        ]
        source_flags = _source_flags(revision, list(drafts[revision_id]), target_rows)
        source = (revision.language, "source")
        rows[source] = writes.replace(
            revision, revision.language, "source", source_flags, rows.get(source, [])
        )
    writes.apply(session)


# what refresh_many reads of a stored flag: _Held's fields
_HELD_COLUMNS = (
    QualityFlag.id,
    QualityFlag.dispatch_id,
    QualityFlag.revision_id,
    QualityFlag.language,
    QualityFlag.scope,
    QualityFlag.segment,
    QualityFlag.sentence_index,
    QualityFlag.check_id,
    QualityFlag.fingerprint,
    QualityFlag.issue_type,
    QualityFlag.severity,
    QualityFlag.message,
)
# ids in one IN list of a delete (SQLite and PostgreSQL both take far more)
_DELETE_CHUNK = 500


@dataclass(slots=True)
class _Held:
    """A flag row as refresh_many holds it: read as plain values, or new (``id`` None)."""

    id: int | None
    dispatch_id: int
    revision_id: int
    language: str
    scope: str
    segment: str
    sentence_index: int | None
    check_id: str
    fingerprint: str
    issue_type: str
    severity: str
    message: str
    gone: bool = False  # new, then replaced within the same batch: never written


class _Writes:
    """The inserts, updates and deletes of one refresh_many, written together at the end in
    the order one ORM flush would write them (inserts, then updates, then deletes)."""

    def __init__(self) -> None:
        self.inserted: list[_Held] = []
        self.updated: dict[int, _Held] = {}
        self.deleted: list[int] = []

    def replace(
        self,
        revision: Revision,
        language: str,
        scope: str,
        flags: Sequence[Flag],
        existing: Sequence[_Held],
    ) -> list[_Held]:
        """``_store`` on held rows: the rows of (revision, language, scope) become ``flags``;
        a row whose flag stays keeps its id."""
        by_key = {_key(r.segment, r.sentence_index, r.check_id, r.fingerprint): r for r in existing}
        kept: list[_Held] = []
        for flag in flags:
            segment = flag.pair.segment.value
            key = _key(segment, flag.pair.index, flag.check_id, flag.fingerprint)
            values = (flag.issue_type.value, flag.severity.value, flag.message)
            row = by_key.pop(key, None)
            if row is None:
                row = _Held(
                    None,
                    revision.dispatch_id,
                    revision.id,
                    language,
                    scope,
                    segment,
                    flag.pair.index,
                    flag.check_id,
                    flag.fingerprint,
                    *values,
                )
                self.inserted.append(row)
            elif (row.issue_type, row.severity, row.message) != values:
                row.issue_type, row.severity, row.message = values
                if row.id is not None:
                    self.updated[row.id] = row
            kept.append(row)
        for row in by_key.values():
            if row.id is None:
                row.gone = True
            else:
                self.deleted.append(row.id)
                self.updated.pop(row.id, None)
        return kept

    def apply(self, session: Session) -> None:
        new = [
            {
                "dispatch_id": r.dispatch_id,
                "revision_id": r.revision_id,
                "language": r.language,
                "scope": r.scope,
                "segment": r.segment,
                "sentence_index": r.sentence_index,
                "check_id": r.check_id,
                "fingerprint": r.fingerprint,
                "issue_type": r.issue_type,
                "severity": r.severity,
                "message": r.message,
            }
            for r in self.inserted
            if not r.gone
        ]
        if new:
            session.execute(insert(QualityFlag), new)
        if self.updated:
            session.execute(
                update(QualityFlag),
                [
                    {
                        "id": r.id,
                        "issue_type": r.issue_type,
                        "severity": r.severity,
                        "message": r.message,
                    }
                    for r in self.updated.values()
                ],
            )
        for start in range(0, len(self.deleted), _DELETE_CHUNK):
            chunk = self.deleted[start : start + _DELETE_CHUNK]
            session.execute(delete(QualityFlag).where(QualityFlag.id.in_(chunk)))


def _draft(session: Session, revision_id: int, language: str) -> Translation | None:
    return session.scalars(
        select(Translation).where(
            Translation.revision_id == revision_id,
            Translation.language == language,
            Translation.full_text.is_(False),
            Translation.status.in_(CHECKED),
        )
    ).first()


def _refresh_source_flags(session: Session, revision: Revision) -> None:
    """Flag a source sentence when one check fails on it in every checked language."""
    languages = session.scalars(
        select(Translation.language).where(
            Translation.revision_id == revision.id,
            Translation.full_text.is_(False),
            Translation.status.in_(CHECKED),
        )
    ).all()
    rows = session.scalars(
        select(QualityFlag).where(
            QualityFlag.revision_id == revision.id, QualityFlag.scope == "target"
        )
    ).all()
    _store(session, revision, revision.language, "source", _source_flags(revision, languages, rows))


class _FlagRow(Protocol):
    """What the source flags read of a stored flag (an ORM row or a held one)."""

    @property
    def language(self) -> str: ...
    @property
    def segment(self) -> str: ...
    @property
    def sentence_index(self) -> int | None: ...
    @property
    def check_id(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...


def _source_flags(
    revision: Revision, languages: Sequence[str], rows: Sequence[_FlagRow]
) -> list[Flag]:
    """The source flags of a revision, from the target flags ``rows`` of its checked drafts'
    ``languages``."""
    by_language: dict[str, list[Flag]] = {language: [] for language in languages}
    for row in rows:
        if row.language in by_language and row.check_id in BY_ID:
            by_language[row.language].append(_as_flag(row, revision))
    by_index = {s.index: s.text for s in revision.sentences}
    flags = []
    for check_id, segment, index in source_problems(by_language):
        text = revision.headline if segment == Segment.HEADLINE else by_index.get(index or 0, "")
        if segment == Segment.VERSION:
            text = " ".join(by_index.values())
        pair = Pair(text, "", revision.language, revision.language, Segment(segment), index)
        check = BY_ID[check_id]
        languages_named = ", ".join(sorted(by_language))
        message = f"{check.name} in every language ({languages_named}): check the source"
        flags.append(
            Flag(
                check_id,
                check.issue_type,
                check.severity,
                message,
                pair,
                fingerprint(f"source:{check_id}", pair),
            )
        )
    return flags


def _as_flag(row: _FlagRow, revision: Revision) -> Flag:
    """Enough of a stored flag to compare languages (texts are not needed for that)."""
    check = BY_ID[row.check_id]
    segment = Segment(row.segment)
    pair = Pair("", "", revision.language, row.language, segment, row.sentence_index)
    return Flag(row.check_id, check.issue_type, check.severity, row.message, pair, row.fingerprint)
