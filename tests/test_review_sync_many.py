"""wire.sync_many, which the pipeline uses for every translated chunk, leaves the versions,
publications and audit trail that syncing each dispatch on its own leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.core import Desk
from publisher.db import AuditEntry, LanguageVersion, Publication
from publisher.review import wire
from tests.review_support import FIRST, approve, ingest_text, review_desk, revision

STORIES = ("alpha", "bravo", "charlie", "delta")


def _story(name: str, text: str) -> str:
    """``text`` as its own story: another id, and a sentence naming the pier."""
    own = text.replace("guid: ferry-timetable-2026", f"guid: ferry-{name}")
    return own.rstrip("\n") + f"\nThe {name.capitalize()} pier keeps its own timetable.\n"


def _desk_with_unsynced_wire_versions(instance: Path, monkeypatch: pytest.MonkeyPatch) -> Desk:
    """Four stories (one approved), then an update, a kill and a correction arriving with the
    review sync at ingest switched off, so that syncing them is left to the test."""
    desk = review_desk(instance)
    folder = instance / "in"
    ids = {name: ingest_text(desk, folder, f"{name}.md", _story(name, FIRST)) for name in STORIES}
    approve(desk, ids["alpha"], "qaa")
    with monkeypatch.context() as patch:
        patch.setattr(desk.review, "sync", lambda _dispatch_ids: None)
        for name, tag in (("alpha", "UPDATE 1"), ("bravo", "KILL"), ("charlie", "CORRECTED")):
            text = _story(name, revision(tag, "A sentence the agency added later."))
            (folder / f"{name}-2.md").write_text(text, encoding="utf-8")
            assert desk.ingest([str(folder / f"{name}-2.md")], enqueue=False).ok
        desk.summarize(list(ids.values()))  # summarizing syncs too: only where the test says
    return desk


def _state(desk: Desk) -> tuple[list[tuple[object, ...]], ...]:
    with desk.store.session() as session:
        versions = [
            (v.dispatch_id, v.language, v.state, v.revision_id, v.seen_revision_id, v.reason)
            + (v.lock_version,)
            for v in session.scalars(select(LanguageVersion))
        ]
        publications = [
            (p.dispatch_id, p.language, p.state) for p in session.scalars(select(Publication))
        ]
        audit = [
            (a.dispatch_id, a.language, a.action, a.before, a.after)
            for a in session.scalars(select(AuditEntry))
        ]
    return sorted(versions), sorted(publications), sorted(audit)


@pytest.mark.parametrize("chunk", [wire.SYNC_CHUNK, 2])
def test_syncing_many_dispatches_at_once_matches_syncing_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(wire, "SYNC_CHUNK", chunk)  # 2: the ids span three rounds of queries
    results = {}
    changed = {}
    for together in (False, True):
        desk = _desk_with_unsynced_wire_versions(tmp_path / f"desk-{together}", monkeypatch)
        before = _state(desk)
        with desk.store.session() as session:
            ids = sorted(v.dispatch_id for v in session.scalars(select(LanguageVersion)))
            ids = list(dict.fromkeys(ids))
            if together:
                changed[together] = wire.sync_many(session, [*ids, *ids, 999_999])
            else:
                changed[together] = {i: wire.sync(session, i) for i in ids}
                changed[together][999_999] = wire.sync(session, 999_999)
        results[together] = _state(desk)
        assert results[together] != before  # there was something to sync
        desk.close()
    assert results[True] == results[False]
    assert changed[True] == changed[False]
    versions = results[True][0]
    states = {(d, lang): state for d, lang, state, *_ in versions}
    # the update and the correction reopened review; the kill took its story down
    assert "in_review" in states.values() and "killed" in states.values()
