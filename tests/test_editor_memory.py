"""The editors' memory: approved sentences remembered with who and when, reused ahead of the
engine, retired by a later edit, and never mixed with the machine cache."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from publisher.core import Desk
from publisher.db import EditorMemoryEntry, MemoryEntry, Store, Translation
from publisher.errors import PublisherError
from publisher.settings import load_settings
from publisher.translate import editor_memory
from tests.builders import make_dispatch
from tests.doubles import RecordingTranslator

T1 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def double() -> RecordingTranslator:
    return RecordingTranslator(pairs={("en", "qaa")})


@pytest.fixture
def memory_desk(instance: Path, double: RecordingTranslator) -> Desk:
    settings = load_settings({"instance": str(instance), "languages": "qaa"})
    return Desk(settings, engines={"double": double})


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_remember_lookup_and_a_later_edit_retires_the_earlier(memory_desk: Desk) -> None:
    store = memory_desk.store
    with store.session() as session:
        first = editor_memory.remember(
            session, "en", "qaa", "Busan opened a  terminal.", "Erste.", "ana@desk", T1
        )
        # the same approval again changes nothing
        again = editor_memory.remember(
            session, "en", "qaa", "Busan opened a terminal.", "Erste.", "ana@desk", T2
        )
        assert again.id == first.id
    with store.session() as session:
        hits = editor_memory.lookup(
            session, "en", "qaa", ["Nothing.", "Busan opened a terminal.", ""]
        )
        assert list(hits) == [1] and hits[1].editor == "ana@desk" and hits[1].approved_at == T1
        assert editor_memory.lookup(session, "en", "qab", ["Busan opened a terminal."]) == {}
        second = editor_memory.remember(
            session, "en", "qaa", "Busan opened a terminal.", "Zweite.", "ben@desk", T2
        )
    with store.session() as session:
        (hit,) = editor_memory.lookup(session, "en", "qaa", ["Busan opened a terminal."]).values()
        assert hit.id == second.id and hit.target_text == "Zweite."
        everything = list(editor_memory.entries(session, include_retired=True))
        assert [(e.target_text, e.retired_by) for e in everything] == [
            ("Erste.", "ben@desk"),
            ("Zweite.", None),
        ]
        assert [e.id for e in editor_memory.entries(session)] == [second.id]
        assert editor_memory.retire(session, "en", "qaa", "Busan opened a terminal.", "ana") == 1
    with store.session() as session:
        assert editor_memory.lookup(session, "en", "qaa", ["Busan opened a terminal."]) == {}
        assert list(editor_memory.entries(session)) == []


def test_empty_sentences_and_anonymous_approvals_are_refused(memory_desk: Desk) -> None:
    with memory_desk.store.session() as session:
        with pytest.raises(PublisherError):
            editor_memory.remember(session, "en", "qaa", " ", "x", "ana")
        with pytest.raises(PublisherError):
            editor_memory.remember(session, "en", "qaa", "A.", "x", "  ")


def test_translation_reuses_the_editors_sentences_and_says_so(
    memory_desk: Desk, double: RecordingTranslator
) -> None:
    store = memory_desk.store
    dispatch_id = make_dispatch(store, translations={}, publish_original=False)
    with store.session() as session:
        editor_memory.remember(
            session,
            "en",
            "qaa",
            "Officials expect passenger numbers to double by next year.",
            "[edited] Passagierzahlen verdoppeln sich.",
            "ana@desk",
            T1,
        )
    report = memory_desk.translate(["qaa"], [dispatch_id])
    assert report.editor_hits == 1
    (origins,) = report.origins.values()
    assert origins.headline == "machine"
    assert origins.sentences == ["machine", "editor"]
    sent = [sentence for batch, _s, _t in double.calls for sentence in batch]
    assert "Officials expect passenger numbers to double by next year." not in sent
    with store.session() as session:
        row = session.scalars(select(Translation)).one()
        assert row.sentences == [
            "[qaa] Busan opened a new ferry terminal on Monday.",
            "[edited] Passagierzahlen verdoppeln sich.",
        ]
    # machine output went to the machine cache only, never to the editors' memory
    assert count(store, EditorMemoryEntry) == 1
    assert count(store, MemoryEntry) > 0
