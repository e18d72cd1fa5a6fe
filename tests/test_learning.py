"""Editors teach the desk: an approved sentence is reused for the same source later, marked as
coming from the editors' memory; a later approval of another rendering retires the earlier."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from publisher.db import EditorMemoryEntry, Translation
from tests.review_support import EDITOR, FIRST, approve, ingest_text, review_desk

SECOND = """---
title: Night buses added on the harbour line
agency: Reuters
language: en
guid: night-buses-2026
---

Commuter groups welcomed the decision but asked for later evening crossings as well.
The city said three night buses would run on the harbour line from next month.
Drivers' unions are expected to agree to the new shifts this week.
"""


def _draft(desk, dispatch_id: int) -> Translation:  # type: ignore[no-untyped-def]
    with desk.store.session() as session:
        current = desk.dispatch(dispatch_id).revision_id
        return session.scalars(
            select(Translation).where(
                Translation.revision_id == current,
                Translation.language == "qaa",
                Translation.full_text.is_(False),
            )
        ).one()


def test_an_approved_sentence_is_reused_and_a_new_approval_retires_it(
    instance: Path, tmp_path: Path
) -> None:
    desk = review_desk(instance, summary_sentences="4")
    first = ingest_text(desk, tmp_path / "in", "first.md", FIRST)
    draft = _draft(desk, first)
    assert draft.engine_scores is not None and len(draft.engine_scores) == 1 + len(draft.sentences)
    shared = "Commuter groups welcomed the decision but asked for later evening crossings as well."
    position = [desk.dispatch(first).sentences[i]["text"] for i in draft.source_indexes].index(
        shared
    )
    detail = desk.review.detail(first).versions["qaa"]
    desk.review.edit(
        first, "qaa", EDITOR, expected_version=detail.lock_version,
        sentences={position: "[qaa] Los viajeros aplaudieron, y piden cruces más tarde."},
    )  # fmt: skip
    approve(desk, first, "qaa")
    with desk.store.session() as session:
        live = session.scalars(
            select(EditorMemoryEntry).where(EditorMemoryEntry.retired_at.is_(None))
        ).all()
    assert {entry.editor for entry in live} == {EDITOR}
    assert any(e.target_text.startswith("[qaa] Los viajeros") for e in live)

    second = ingest_text(desk, tmp_path / "in", "second.md", SECOND)
    reused = _draft(desk, second)
    position = [desk.dispatch(second).sentences[i]["text"] for i in reused.source_indexes].index(
        shared
    )
    assert reused.sentences[position] == "[qaa] Los viajeros aplaudieron, y piden cruces más tarde."
    assert reused.sentence_origins is not None and reused.sentence_origins[position] == "memory"
    others = [o for n, o in enumerate(reused.sentence_origins) if n != position]
    assert set(others) == {"machine"}
    # a second editor approves another rendering: the first is retired, the new one lives
    detail = desk.review.detail(second).versions["qaa"]
    desk.review.edit(
        second, "qaa", EDITOR, expected_version=detail.lock_version,
        sentences={position: "[qaa] Los grupos celebraron la decisión."},
    )  # fmt: skip
    approve(desk, second, "qaa")
    with desk.store.session() as session:
        rows = session.scalars(
            select(EditorMemoryEntry).where(EditorMemoryEntry.source_text == shared)
        ).all()
    assert [r.target_text for r in rows if r.retired_at is None] == [
        "[qaa] Los grupos celebraron la decisión."
    ]
    assert any(r.retired_at is not None for r in rows)
    # in TMX the sentence was created by its first approval and changed by the second
    from publisher.export.memory_tmx import memory_pairs

    with desk.store.session() as session:
        every = list(memory_pairs(session))
    pairs = [p for p in every if p.source == shared]
    assert len(pairs) == 1 and pairs[0].target == "[qaa] Los grupos celebraron la decisión."
    assert pairs[0].changed is not None and pairs[0].created < pairs[0].changed
    assert pairs[0].changed_by == EDITOR
    others = [p for p in every if p.source != shared]
    assert others and all(p.changed is None for p in others)


def test_an_edit_that_drops_a_forced_term_is_flagged_and_the_flag_follows_the_glossary(
    instance: Path, tmp_path: Path
) -> None:
    from publisher.glossary.model import Term, TermKind, parse_pair
    from publisher.glossary.store import add_terms

    desk = review_desk(instance, summary_sentences="4")
    with desk.store.session() as session:
        add_terms(
            session,
            parse_pair("en-qaa"),
            [Term("harbour authority", "autoridad portuaria", TermKind.FORCED)],
        )
    first = ingest_text(desk, tmp_path / "in", "first.md", FIRST)
    assert not [
        f for f in desk.flags(first) if f.check_id == "terminology"
    ]  # applied at translation
    draft = _draft(desk, first)
    sources = [desk.dispatch(first).sentences[i]["text"] for i in draft.source_indexes]
    position = next(n for n, text in enumerate(sources) if "harbour authority" in text)
    assert "autoridad portuaria" in draft.sentences[position]
    detail = desk.review.detail(first).versions["qaa"]
    desk.review.edit(
        first, "qaa", EDITOR, expected_version=detail.lock_version,
        sentences={position: "[qaa] El puerto dijo que habrá más ferris."},
    )  # fmt: skip
    flags = [f for f in desk.flags(first) if f.check_id == "terminology"]
    assert flags and "autoridad portuaria" in flags[0].message
