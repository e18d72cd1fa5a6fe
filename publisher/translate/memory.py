"""Translation memory: sentences already translated by an engine and model are not sent again."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from threading import Lock
from typing import Any

from sqlalchemy import insert as sql_insert
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from publisher.db import MemoryEntry, Store
from publisher.translate.sentence_key import normalize, sentence_hash

# bound parameters per IN list or INSERT: well under SQLite's and PostgreSQL's limits
CHUNK = 500
_UPSERT_DIALECTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class TranslationMemory:
    """Stored translations keyed by engine, model version, pair and the source sentence's hash.

    ``hits`` and ``misses`` count looked-up sentences found and not found since creation
    (by every thread: the desk translates languages at once).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hits = 0
        self.misses = 0
        self._count_lock = Lock()

    def lookup(
        self,
        engine: str,
        model_version: str,
        source_lang: str,
        target_lang: str,
        sentences: Sequence[str],
    ) -> dict[int, str]:
        """Return ``{index: translation}`` for the sentences already in the memory."""
        if not sentences:
            return {}
        wanted: dict[str, str] = {}
        for sentence in sentences:
            text = normalize(sentence)
            wanted[sentence_hash(text)] = text
        found: dict[str, str] = {}
        with self.store.session() as session:
            for hashes in _chunks(list(wanted)):
                rows = session.execute(
                    select(
                        MemoryEntry.source_hash, MemoryEntry.source_text, MemoryEntry.target_text
                    )
                    .where(MemoryEntry.engine == engine)
                    .where(MemoryEntry.model_version == model_version)
                    .where(MemoryEntry.source_lang == source_lang)
                    .where(MemoryEntry.target_lang == target_lang)
                    .where(MemoryEntry.source_hash.in_(hashes))
                )
                for source_hash, source_text, target_text in rows:
                    # the stored text is checked too, so a hash collision cannot mistranslate
                    if wanted[source_hash] == source_text:
                        found[source_hash] = target_text
        result: dict[int, str] = {}
        for index, sentence in enumerate(sentences):
            translation = found.get(sentence_hash(sentence))
            if translation is not None:
                result[index] = translation
        with self._count_lock:
            self.hits += len(result)
            self.misses += len(sentences) - len(result)
        return result

    def save(
        self,
        engine: str,
        model_version: str,
        source_lang: str,
        target_lang: str,
        pairs: Sequence[tuple[str, str]],
    ) -> None:
        """Store (source, translation) pairs; pairs already stored are left as they are."""
        rows: dict[str, dict[str, Any]] = {}
        for source, target in pairs:
            text = normalize(source)
            key = sentence_hash(text)
            rows.setdefault(
                key,
                {
                    "engine": engine,
                    "model_version": model_version,
                    "source_lang": source_lang,
                    "target_lang": target_lang,
                    "source_hash": key,
                    "source_text": text,
                    "target_text": target,
                },
            )
        if not rows:
            return
        with self.store.session() as session:
            for chunk in _chunks(list(rows.values())):
                if self.store.dialect in _UPSERT_DIALECTS:
                    insert = _UPSERT_DIALECTS[self.store.dialect]
                    session.execute(insert(MemoryEntry).on_conflict_do_nothing(), chunk)
                    continue
                for row in chunk:
                    # other databases: one savepoint per row, so a duplicate skips only itself
                    try:
                        with session.begin_nested():
                            session.execute(sql_insert(MemoryEntry), [row])
                    except IntegrityError:
                        continue


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
