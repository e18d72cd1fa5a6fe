"""The editors' memory as TMX 1.4b, both ways: what editors approved goes out with who and
when; a TMX from another tool or desk comes in as approved pairs of the account importing it.

Machine output is never in the editors' memory (publisher.translate.editor_memory), so a TMX
written here holds approved sentence pairs only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import EditorMemoryEntry
from publisher.export.tmx import MemoryPair, TmxEntry
from publisher.languages import Language, UnknownLanguage
from publisher.translate import editor_memory

#: Most pairs taken from one TMX: a desk's memory, not a corpus.
MAX_IMPORT_PAIRS = 200_000


def memory_pairs(session: Session, languages: Sequence[str] | None = None) -> Iterator[MemoryPair]:
    """Live entries of the editors' memory (into ``languages`` when given), oldest first.

    A sentence's creation is its first approval (an entry since retired, if any), its change
    the approval of the rendering that stands now, with who made each.
    """
    wanted = set(languages) if languages else None
    first = _first_approvals(session)
    for entry in editor_memory.entries(session):
        if wanted is not None and entry.target_lang not in wanted:
            continue
        created, created_by = first.get(
            (entry.source_lang, entry.target_lang, entry.source_text),
            (entry.approved_at, entry.editor),
        )
        changed = _aware(entry.approved_at) != _aware(created)
        yield MemoryPair(
            source_language=entry.source_lang,
            target_language=entry.target_lang,
            source=entry.source_text,
            target=entry.target_text,
            created=created,
            created_by=created_by,
            changed=entry.approved_at if changed else None,
            changed_by=entry.editor if changed else None,
            props=(("x-origin", "editor"), ("x-entry", str(entry.id))),
        )


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _first_approvals(session: Session) -> dict[tuple[str, str, str], tuple[datetime, str]]:
    """The first approval (when, who) of every source sentence the memory has held."""
    rows = session.execute(
        select(
            EditorMemoryEntry.source_lang,
            EditorMemoryEntry.target_lang,
            EditorMemoryEntry.source_text,
            EditorMemoryEntry.approved_at,
            EditorMemoryEntry.editor,
        ).order_by(EditorMemoryEntry.approved_at.desc(), EditorMemoryEntry.id.desc())
    )
    # newest first, so the last one written for a key is its first approval
    return {(s, t, text): (when, editor) for s, t, text, when, editor in rows}


@dataclass
class ImportReport:
    added: int = 0
    skipped: list[str] = field(default_factory=list)


def import_entries(
    session: Session, entries: Sequence[TmxEntry], actor: str, *, dry_run: bool = False
) -> ImportReport:
    """Remember each pair as approved by ``actor`` (an earlier live entry of the same source
    sentence is retired, as for an approval on the desk); a pair whose languages are not
    language codes, or that is empty, is skipped with its reason."""
    report = ImportReport()
    for number, entry in enumerate(entries[:MAX_IMPORT_PAIRS], start=1):
        try:
            source = str(Language.parse(entry.source_language))
            target = str(Language.parse(entry.target_language))
        except UnknownLanguage as error:
            report.skipped.append(f"pair {number}: {error}")
            continue
        if source == target or not entry.source.strip() or not entry.target.strip():
            report.skipped.append(f"pair {number}: empty, or one language into itself")
            continue
        if not dry_run:
            editor_memory.remember(session, source, target, entry.source, entry.target, actor)
        report.added += 1
    if len(entries) > MAX_IMPORT_PAIRS:
        report.skipped.append(f"{len(entries) - MAX_IMPORT_PAIRS} pairs over {MAX_IMPORT_PAIRS:,}")
    return report
