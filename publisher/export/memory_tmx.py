"""The editors' memory as TMX 1.4b, both ways: what editors approved goes out with who and
when; a TMX from another tool or desk comes in as approved pairs of the account importing it.

Machine output is never in the editors' memory (publisher.translate.editor_memory), so a TMX
written here holds approved sentence pairs only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from publisher.export.tmx import MemoryPair, TmxEntry
from publisher.languages import Language, UnknownLanguage
from publisher.translate import editor_memory

#: Most pairs taken from one TMX: a desk's memory, not a corpus.
MAX_IMPORT_PAIRS = 200_000


def memory_pairs(session: Session, languages: Sequence[str] | None = None) -> Iterator[MemoryPair]:
    """Live entries of the editors' memory (into ``languages`` when given), oldest first."""
    wanted = set(languages) if languages else None
    for entry in editor_memory.entries(session):
        if wanted is not None and entry.target_lang not in wanted:
            continue
        yield MemoryPair(
            source_language=entry.source_lang,
            target_language=entry.target_lang,
            source=entry.source_text,
            target=entry.target_text,
            created=entry.approved_at,
            created_by=entry.editor,
            props=(("x-origin", "editor"), ("x-entry", str(entry.id))),
        )


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
