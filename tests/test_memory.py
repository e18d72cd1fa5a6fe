"""TranslationMemory on SQLite and PostgreSQL, and the router sending only what it lacks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from publisher import schema
from publisher.db import MemoryEntry, Store
from publisher.translate.base import Translator
from publisher.translate.memory import CHUNK, TranslationMemory
from publisher.translate.router import TranslationRouter
from tests.doubles import RecordingTranslator

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KEY = ("argos", "argos-en-ko 1.1", "en", "ko")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'memory.db'}")
    schema.upgrade(store)
    yield store
    store.dispose()


def count_rows(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(MemoryEntry)) or 0


def test_lookup_returns_stored_translations_by_index(store: Store) -> None:
    memory = TranslationMemory(store)
    assert memory.lookup(*KEY, ["The port reopened."]) == {}
    memory.save(*KEY, [("The port reopened.", "항구가 다시 열렸다."), ("Rain fell.", "비가 왔다.")])
    found = memory.lookup(*KEY, ["Snow fell.", "Rain fell.", "The port reopened.", "Rain fell."])
    assert found == {1: "비가 왔다.", 2: "항구가 다시 열렸다.", 3: "비가 왔다."}
    assert (memory.hits, memory.misses) == (3, 2)


def test_whitespace_differences_hit_the_same_entry(store: Store) -> None:
    memory = TranslationMemory(store)
    memory.save(*KEY, [("The port  reopened.\n", "항구가 다시 열렸다.")])
    assert memory.lookup(*KEY, [" The port reopened."]) == {0: "항구가 다시 열렸다."}


def test_save_is_idempotent_and_keeps_the_first_translation(store: Store) -> None:
    memory = TranslationMemory(store)
    memory.save(*KEY, [("Rain fell.", "비가 왔다."), ("Rain fell.", "duplicate in batch")])
    memory.save(*KEY, [("Rain fell.", "a later answer")])
    assert count_rows(store) == 1
    assert memory.lookup(*KEY, ["Rain fell."]) == {0: "비가 왔다."}


def test_entries_are_kept_apart_by_engine_model_and_pair(store: Store) -> None:
    memory = TranslationMemory(store)
    memory.save(*KEY, [("Rain fell.", "비가 왔다.")])
    assert memory.lookup("argos", "argos-en-ko 1.2", "en", "ko", ["Rain fell."]) == {}
    assert memory.lookup("apertium", "argos-en-ko 1.1", "en", "ko", ["Rain fell."]) == {}
    assert memory.lookup("argos", "argos-en-ko 1.1", "en", "ja", ["Rain fell."]) == {}


def test_memory_persists_across_instances_and_stores(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = Store(url)
    schema.upgrade(first)
    TranslationMemory(first).save(*KEY, [("Rain fell.", "비가 왔다.")])
    first.dispose()
    second = Store(url)
    schema.upgrade(second)
    assert TranslationMemory(second).lookup(*KEY, ["Rain fell."]) == {0: "비가 왔다."}
    second.dispose()


def test_large_batches_are_chunked(store: Store) -> None:
    memory = TranslationMemory(store)
    size = CHUNK * 2 + 7
    pairs = [(f"Sentence number {n}.", f"문장 {n}.") for n in range(size)]
    memory.save(*KEY, pairs)
    found = memory.lookup(*KEY, [source for source, _ in pairs] + ["Not stored."])
    assert len(found) == size
    assert found[size - 1] == f"문장 {size - 1}."


def make_router() -> tuple[TranslationRouter, RecordingTranslator, RecordingTranslator]:
    argos = RecordingTranslator("argos", ["es-en", "en-ko"])
    apertium = RecordingTranslator("apertium", ["en-ca"])
    engines: dict[str, Translator] = {"argos": argos, "apertium": apertium}
    return TranslationRouter(engines), argos, apertium


def test_second_translation_makes_no_engine_calls(store: Store) -> None:
    router, argos, _ = make_router()
    sentences = ["The port reopened.", "Rain fell.", "The port reopened."]
    first = router.translate(sentences, "en", "ko", memory=TranslationMemory(store))
    assert (first.memory_hits, first.engine_sentences) == (0, 2)
    assert len(argos.calls) == 1

    memory = TranslationMemory(store)
    second = router.translate(sentences, "en", "ko", memory=memory)
    assert second.texts == first.texts
    assert len(argos.calls) == 1
    assert (second.memory_hits, second.engine_sentences) == (2, 0)
    assert (memory.hits, memory.misses) == (2, 0)


def test_only_missing_sentences_reach_the_engine(store: Store) -> None:
    router, argos, _ = make_router()
    memory = TranslationMemory(store)
    router.translate(["Rain fell."], "en", "ko", memory=memory)
    result = router.translate(["Rain fell.", "Snow fell."], "en", "ko", memory=memory)
    assert argos.calls[-1] == (["Snow fell."], "en", "ko")
    assert result.texts == ["[ko] Rain fell.", "[ko] Snow fell."]


def test_new_model_version_misses_the_memory(store: Store) -> None:
    router, argos, _ = make_router()
    router.translate(["Rain fell."], "en", "ko", memory=TranslationMemory(store))
    argos.version = "2"
    router.translate(["Rain fell."], "en", "ko", memory=TranslationMemory(store))
    assert len(argos.calls) == 2


def test_pivot_remembers_each_leg(store: Store) -> None:
    router, argos, apertium = make_router()
    router.translate(["Llueve."], "es", "ca", memory=TranslationMemory(store))
    assert count_rows(store) == 2
    result = router.translate(["Llueve."], "es", "ca", memory=TranslationMemory(store))
    assert result.texts == ["[ca] [en] Llueve."]
    assert (len(argos.calls), len(apertium.calls)) == (1, 1)
    assert result.memory_hits == 2


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    namespace = f"memory_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{namespace}"'))
    except OperationalError as error:
        admin.dispose()
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {error.orig}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # libpq's options put the test's own schema first, so tables are created and read there
    store = Store(f"{POSTGRES_URL}?options=-csearch_path%3D{namespace}")
    try:
        schema.upgrade(store)
        yield store
    finally:
        store.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{namespace}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_memory_on_postgresql(postgres_store: Store) -> None:
    assert postgres_store.dialect == "postgresql"
    memory = TranslationMemory(postgres_store)
    memory.save(*KEY, [("Rain fell.", "비가 왔다."), ("Rain fell.", "duplicate in batch")])
    memory.save(*KEY, [("Rain fell.", "a later answer"), ("Snow fell.", "눈이 왔다.")])
    assert count_rows(postgres_store) == 2
    assert memory.lookup(*KEY, ["Snow fell.", "Hail fell.", "Rain fell."]) == {
        0: "눈이 왔다.",
        2: "비가 왔다.",
    }
    router, argos, _ = make_router()
    router.translate(["Fog."], "en", "ko", memory=memory)
    router.translate(["Fog."], "en", "ko", memory=TranslationMemory(postgres_store))
    assert len(argos.calls) == 1
