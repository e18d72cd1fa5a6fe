"""Quality flags in the database: recomputed with their draft, listed, dismissed.

No Flask and no click: the pipeline, the CLI and (later) the review pages call these with a
session of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
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
    session: Session, revision: Revision, language: str, scope: str, flags: Sequence[Flag]
) -> list[QualityFlag]:
    """Replace the flags of (revision, language, scope) with ``flags``; unchanged rows keep their
    ids, so an id an editor was given still names the same flag after a refresh."""
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
    _store(session, revision, revision.language, "source", flags)


def _as_flag(row: QualityFlag, revision: Revision) -> Flag:
    """Enough of a stored flag to compare languages (texts are not needed for that)."""
    check = BY_ID[row.check_id]
    segment = Segment(row.segment)
    pair = Pair("", "", revision.language, row.language, segment, row.sentence_index)
    return Flag(row.check_id, check.issue_type, check.severity, row.message, pair, row.fingerprint)
