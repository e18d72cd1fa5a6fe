"""The editors' translation memory: sentences as an editor approved them.

Kept apart from :mod:`publisher.translate.memory`, which caches machine output per engine and
model: an entry here is written only by :func:`remember`, which the review workflow calls when
an editor approves a sentence, so machine output never becomes "approved" by being cached.
A source sentence has at most one live entry per pair; a later approval retires the earlier
one (``retired_at``/``retired_by``), which stays for the record.

Functions take the caller's session, so remembering joins the approval's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import EditorMemoryEntry, utcnow
from publisher.errors import PublisherError
from publisher.translate.sentence_key import normalize, sentence_hash

MAX_EDITOR_CHARS = 320
# bound parameters per IN list: well under SQLite's and PostgreSQL's limits
CHUNK = 500


@dataclass(frozen=True)
class EditorTranslation:
    """One entry as plain data (for lookups, listings and the TMX writer)."""

    id: int
    source_lang: str
    target_lang: str
    source_text: str
    target_text: str
    editor: str
    approved_at: datetime
    retired_at: datetime | None
    retired_by: str | None


def _plain(row: EditorMemoryEntry) -> EditorTranslation:
    return EditorTranslation(
        row.id,
        row.source_lang,
        row.target_lang,
        row.source_text,
        row.target_text,
        row.editor,
        row.approved_at,
        row.retired_at,
        row.retired_by,
    )


def _live(
    session: Session, source_lang: str, target_lang: str, hashes: Sequence[str]
) -> list[EditorMemoryEntry]:
    rows: list[EditorMemoryEntry] = []
    for start in range(0, len(hashes), CHUNK):
        rows += session.scalars(
            select(EditorMemoryEntry)
            .where(
                EditorMemoryEntry.source_lang == source_lang,
                EditorMemoryEntry.target_lang == target_lang,
                EditorMemoryEntry.source_hash.in_(hashes[start : start + CHUNK]),
                EditorMemoryEntry.retired_at.is_(None),
            )
            .order_by(EditorMemoryEntry.approved_at, EditorMemoryEntry.id)
        )
    return rows


def remember(
    session: Session,
    source_lang: str,
    target_lang: str,
    source_text: str,
    target_text: str,
    editor: str,
    approved_at: datetime | None = None,
) -> EditorTranslation:
    """Record an editor's approved translation of one sentence; return the live entry.

    An earlier live entry for the same source sentence is retired by ``editor``, unless it
    already says the same, in which case it stays as it is. Raises PublisherError for an
    empty sentence or editor.
    """
    source = normalize(source_text)
    target = normalize(target_text)
    who = editor.strip()
    if not source or not target:
        raise PublisherError("an approved sentence and its translation must not be empty")
    if not who or len(who) > MAX_EDITOR_CHARS:
        raise PublisherError("the editor who approved a sentence must be named (320 characters)")
    when = approved_at or utcnow()
    key = sentence_hash(source)
    for row in _live(session, source_lang, target_lang, [key]):
        if row.source_text != source:
            continue  # a hash collision, never the same sentence
        if row.target_text == target:
            return _plain(row)
        row.retired_at, row.retired_by = when, who
    row = EditorMemoryEntry(
        source_lang=source_lang,
        target_lang=target_lang,
        source_hash=key,
        source_text=source,
        target_text=target,
        editor=who,
        approved_at=when,
    )
    session.add(row)
    session.flush()
    return _plain(row)


def lookup(
    session: Session, source_lang: str, target_lang: str, sentences: Sequence[str]
) -> dict[int, EditorTranslation]:
    """``{index: entry}`` for the sentences an editor has approved a translation of."""
    texts = [normalize(sentence) for sentence in sentences]
    keys = {sentence_hash(text): text for text in texts if text}
    found: dict[str, EditorMemoryEntry] = {}
    for row in _live(session, source_lang, target_lang, list(keys)):
        if keys.get(row.source_hash) == row.source_text:
            found[row.source_hash] = row  # ordered by approval: the latest wins
    result: dict[int, EditorTranslation] = {}
    for index, text in enumerate(texts):
        hit = found.get(sentence_hash(text)) if text else None
        if hit is not None:
            result[index] = _plain(hit)
    return result


def retire(session: Session, source_lang: str, target_lang: str, source_text: str, by: str) -> int:
    """Retire the live entry of a source sentence (an editor withdrew it); return how many."""
    source = normalize(source_text)
    rows = [
        row
        for row in _live(session, source_lang, target_lang, [sentence_hash(source)])
        if row.source_text == source
    ]
    when = utcnow()
    for row in rows:
        row.retired_at, row.retired_by = when, by.strip() or "unknown"
    return len(rows)


def entries(
    session: Session,
    source_lang: str | None = None,
    target_lang: str | None = None,
    *,
    include_retired: bool = False,
) -> Iterator[EditorTranslation]:
    """Every entry (live ones only unless asked), by pair then approval: for listings and
    the TMX export. Streams in batches, so a large memory is not loaded at once."""
    query = select(EditorMemoryEntry)
    if source_lang is not None:
        query = query.where(EditorMemoryEntry.source_lang == source_lang)
    if target_lang is not None:
        query = query.where(EditorMemoryEntry.target_lang == target_lang)
    if not include_retired:
        query = query.where(EditorMemoryEntry.retired_at.is_(None))
    query = query.order_by(
        EditorMemoryEntry.source_lang,
        EditorMemoryEntry.target_lang,
        EditorMemoryEntry.approved_at,
        EditorMemoryEntry.id,
    ).execution_options(yield_per=CHUNK)
    for row in session.scalars(query):
        yield _plain(row)
