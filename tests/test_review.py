"""The editors' workflow: the transitions table, locking, the audit log, the queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.core import Desk
from publisher.db import LanguageVersion, Publication
from publisher.errors import EditConflict, InvalidTransition, NotFound, ReviewError
from publisher.publication import VersionState
from publisher.reading import published_in
from publisher.review import TRANSITIONS, Action, SentenceOrigin, SentenceState, transition
from publisher.review.revisions import RevisionKind, classify, sentence_diff
from tests.review_support import EDITOR, FIRST, OTHER, ingest_text, review_desk

S = VersionState

# -- the table --------------------------------------------------------------------------------

EXPECTED = {
    Action.SUBMIT: ({S.DRAFT, S.REJECTED}, S.IN_REVIEW),
    Action.APPROVE: ({S.DRAFT, S.IN_REVIEW, S.REJECTED}, S.APPROVED),
    Action.REJECT: ({S.DRAFT, S.IN_REVIEW, S.APPROVED}, S.REJECTED),
    Action.PUBLISH: ({S.APPROVED}, S.PUBLISHED),
    Action.KILL: (set(S) - {S.KILLED}, S.KILLED),
    Action.UNPUBLISH: ({S.PUBLISHED}, S.UNPUBLISHED),
    Action.REPUBLISH: ({S.UNPUBLISHED, S.KILLED}, S.PUBLISHED),
    Action.REOPEN: ({S.APPROVED, S.PUBLISHED, S.REJECTED, S.UNPUBLISHED, S.KILLED}, S.IN_REVIEW),
}


def test_the_table_names_every_action_once() -> None:
    assert set(TRANSITIONS) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("state", list(S))
def test_every_move_is_allowed_or_refused_by_the_table(action: Action, state: S) -> None:
    sources, target = EXPECTED[action]
    if state in sources:
        assert transition(action, state) is target
    else:
        with pytest.raises(InvalidTransition) as refused:
            transition(action, state, where="#1 ko")
        message = str(refused.value)
        assert message.startswith(f"#1 ko: cannot {action.value} a version that is {state.value}")
        assert all(s.value in message for s in sources)


def test_an_unknown_action_is_a_clear_error() -> None:
    with pytest.raises(ReviewError, match="unknown action 'frobnicate'"):
        transition("frobnicate", S.DRAFT)


# -- revision kinds (data file) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "tag", "headline", "kind"),
    [
        (1, None, "Ferries every twenty minutes", RevisionKind.FIRST),
        (2, None, "Ferries every twenty minutes", RevisionKind.UPDATE),
        (2, "LEAD", "x", RevisionKind.UPDATE),
        (3, "2nd LD", "x", RevisionKind.UPDATE),
        (2, "UPDATE 2", "x", RevisionKind.UPDATE),
        (2, "CORRECTED", "x", RevisionKind.CORRECTION),
        (2, "CORRECTS", "x", RevisionKind.CORRECTION),
        (2, "KILL", "x", RevisionKind.KILL),
        (2, "WITHDRAWN", "x", RevisionKind.KILL),
        (2, "ELIMINATE", "x", RevisionKind.KILL),
        (2, "종합2보", "x", RevisionKind.UPDATE),
    ],
)
def test_revision_kinds_come_from_the_data_file(
    number: int, tag: str | None, headline: str, kind: RevisionKind
) -> None:
    assert classify(number, tag, headline) is kind


def test_the_source_diff_shows_sentences_removed_and_added() -> None:
    diff = sentence_diff(["A.", "B.", "C."], ["A.", "B two.", "C.", "D."])
    assert [(d.op, d.text) for d in diff] == [
        ("same", "A."),
        ("removed", "B."),
        ("added", "B two."),
        ("same", "C."),
        ("added", "D."),
    ]


# -- the service on a real pipeline ---------------------------------------------------------------


@pytest.fixture
def desk(instance: Path) -> Desk:
    return review_desk(instance)


@pytest.fixture
def story(desk: Desk, tmp_path: Path) -> int:
    return ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)


def _lock(desk: Desk, dispatch_id: int, language: str) -> int:
    return desk.review.detail(dispatch_id).versions[language].lock_version


def _readable(desk: Desk, language: str) -> list[str]:
    with desk.store.session() as session:
        items, _ = published_in(session, language)
    return [item.headline for item in items]


def test_drafts_wait_in_the_queue_until_approved(desk: Desk, story: int) -> None:
    page = desk.review.queue()
    assert {(e.dispatch_id, e.language, e.state) for e in page.entries} == {
        (story, "en", "draft"),
        (story, "qaa", "draft"),
    }
    assert page.by_state == {"draft": 2} and page.by_language == {"en": 1, "qaa": 1}
    assert _readable(desk, "qaa") == [] and _readable(desk, "en") == []
    outcomes = desk.review.act(story, Action.APPROVE, EDITOR, languages=["qaa"])
    assert [(o.action, o.after) for o in outcomes] == [
        ("approve", "approved"),
        ("publish", "published"),
    ]
    assert _readable(desk, "qaa") == ["[qaa] Harbour ferry timetable changes from Monday"]
    assert _readable(desk, "en") == []  # the source version is approved on its own
    version = desk.review.detail(story).versions["qaa"]
    assert {s.state for s in version.sentences} == {SentenceState.FINAL}
    assert version.headline_state == SentenceState.FINAL
    assert [e.language for e in desk.review.queue().entries] == ["en"]


def test_a_separate_publish_step_keeps_approved_versions_from_readers(
    instance: Path, tmp_path: Path
) -> None:
    desk = review_desk(instance, separate_publish_step="true")
    story = ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)
    outcomes = desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    assert [o.after for o in outcomes] == ["approved"]
    version = desk.review.detail(story).versions["qaa"]
    assert {s.state for s in version.sentences} == {SentenceState.REVIEWED}
    assert _readable(desk, "qaa") == []
    desk.review.act(story, "publish", EDITOR, languages=["qaa"])
    assert len(_readable(desk, "qaa")) == 1


def test_reject_needs_a_reason_and_is_recoverable(desk: Desk, story: int) -> None:
    with pytest.raises(ReviewError, match="give a reason"):
        desk.review.act(story, "reject", EDITOR, languages=["qaa"], reason="  ")
    desk.review.act(story, "reject", EDITOR, languages=["qaa"], reason="reversed meaning")
    version = desk.review.detail(story).versions["qaa"]
    assert version.state == "rejected" and version.reason == "reversed meaning"
    desk.review.act(story, "submit", EDITOR, languages=["qaa"])
    desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    assert desk.review.detail(story).versions["qaa"].state == "published"


def test_invalid_moves_and_unknown_versions_are_refused(desk: Desk, story: int) -> None:
    with pytest.raises(InvalidTransition, match="cannot publish a version that is draft"):
        desk.review.act(story, "publish", EDITOR, languages=["qaa"])
    with pytest.raises(NotFound, match="has no qab version"):
        desk.review.act(story, "approve", EDITOR, languages=["qab"])
    with pytest.raises(NotFound):
        desk.review.act(999, "approve", EDITOR)
    with pytest.raises(ReviewError, match="--user"):
        desk.review.act(story, "approve", " ")
    # nothing moved: all or nothing
    assert {v.state for v in desk.review.detail(story).versions.values()} == {"draft"}


def test_kill_takes_every_language_down_and_only_an_editor_brings_one_back(
    desk: Desk, story: int
) -> None:
    desk.review.act(story, "approve", EDITOR)
    assert _readable(desk, "en") and _readable(desk, "qaa")
    outcomes = desk.review.act(story, "kill", EDITOR, notice="Withdrawn for a legal review.")
    assert {o.language for o in outcomes} == {"en", "qaa"}
    assert _readable(desk, "en") == [] and _readable(desk, "qaa") == []
    with desk.store.session() as session:
        rows = session.scalars(select(Publication)).all()
        assert {(r.state, r.notice) for r in rows} == {("killed", "Withdrawn for a legal review.")}
    desk.review.act(story, "republish", EDITOR, languages=["en"])
    assert _readable(desk, "en") and _readable(desk, "qaa") == []


def test_unpublish_is_quiet_and_can_be_undone(desk: Desk, story: int) -> None:
    desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    desk.review.act(story, "unpublish", EDITOR, languages=["qaa"])
    assert _readable(desk, "qaa") == []
    with desk.store.session() as session:
        assert session.scalars(select(Publication.notice)).all() == [None]
    desk.review.act(story, "republish", EDITOR, languages=["qaa"])
    assert len(_readable(desk, "qaa")) == 1


def test_republishing_what_never_was_published_is_refused(desk: Desk, story: int) -> None:
    desk.review.act(story, "kill", EDITOR, languages=["qaa"])
    with pytest.raises(ReviewError, match="never published"):
        desk.review.act(story, "republish", EDITOR, languages=["qaa"])


# -- editing and locking -----------------------------------------------------------------------


def test_an_edit_marks_the_sentence_and_approval_publishes_it(desk: Desk, story: int) -> None:
    lock = _lock(desk, story, "qaa")
    new = desk.review.edit(
        story, "qaa", EDITOR, expected_version=lock, sentences={1: "Edited by a person."}
    )
    assert new == lock + 1
    version = desk.review.detail(story).versions["qaa"]
    assert version.sentences[1].text == "Edited by a person."
    assert (version.sentences[1].state, version.sentences[1].origin) == (
        SentenceState.TRANSLATED,
        SentenceOrigin.EDITOR,
    )
    assert version.sentences[0].state == SentenceState.INITIAL
    desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    with desk.store.session() as session:
        (row,) = session.scalars(select(Publication).where(Publication.language == "qaa"))
        assert row.sentences[1] == "Edited by a person."


def test_two_editors_of_one_language_conflict_and_nothing_is_lost(desk: Desk, story: int) -> None:
    base = _lock(desk, story, "qaa")
    original = desk.review.detail(story).versions["qaa"].sentences[0].text
    desk.review.edit(story, "qaa", EDITOR, expected_version=base, sentences={0: "First editor."})
    with pytest.raises(EditConflict) as conflict:
        desk.review.edit(
            story, "qaa", OTHER, expected_version=base, sentences={0: "Second editor."}
        )
    assert conflict.value.conflicts == [
        {"field": "0", "base": original, "mine": "Second editor.", "theirs": "First editor."}
    ]
    assert conflict.value.current_version == base + 1
    assert desk.review.detail(story).versions["qaa"].sentences[0].text == "First editor."
    # a save of another sentence based on the same version is no conflict
    desk.review.edit(story, "qaa", OTHER, expected_version=base, sentences={2: "Other sentence."})
    texts = [s.text for s in desk.review.detail(story).versions["qaa"].sentences]
    assert texts[0] == "First editor." and texts[2] == "Other sentence."


def test_editors_of_different_languages_never_collide(desk: Desk, story: int) -> None:
    en, qaa = _lock(desk, story, "en"), _lock(desk, story, "qaa")
    desk.review.edit(story, "qaa", EDITOR, expected_version=qaa, headline="Headline qaa")
    desk.review.edit(story, "en", OTHER, expected_version=en, headline="Ferries every 20 minutes")
    detail = desk.review.detail(story)
    assert detail.versions["qaa"].headline == "Headline qaa"
    assert detail.versions["en"].headline == "Ferries every 20 minutes"
    assert detail.headline == "Harbour ferry timetable changes from Monday"  # the agency's
    desk.review.act(story, "approve", EDITOR, languages=["en"])
    assert _readable(desk, "en") == ["Ferries every 20 minutes"]


def test_the_agencys_sentences_are_not_edited(desk: Desk, story: int) -> None:
    with pytest.raises(ReviewError, match="not edited"):
        desk.review.edit(story, "en", EDITOR, expected_version=1, sentences={0: "No."})


def test_editing_a_published_version_reopens_it_and_readers_keep_theirs(
    desk: Desk, story: int
) -> None:
    desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    published = _readable(desk, "qaa")
    lock = _lock(desk, story, "qaa")
    desk.review.edit(story, "qaa", EDITOR, expected_version=lock, headline="UNAPPROVED-MARKER")
    assert desk.review.detail(story).versions["qaa"].state == "in_review"
    assert _readable(desk, "qaa") == published


def test_a_new_selection_makes_translations_stale(desk: Desk, story: int) -> None:
    desk.review.act(story, "approve", EDITOR)
    lock = _lock(desk, story, "en")
    desk.review.change_selection(story, EDITOR, expected_version=lock, indexes=[0, 3])
    detail = desk.review.detail(story)
    assert [s.index for s in detail.sentences if s.selected] == [0, 3]
    assert detail.selection_origin == "editor"
    assert {v.state for v in detail.versions.values()} == {"in_review"}
    assert {s.state for s in detail.versions["qaa"].sentences} == {SentenceState.NEEDS_EDITING}
    with pytest.raises(EditConflict):
        desk.review.change_selection(story, OTHER, expected_version=lock, indexes=[1])
    with pytest.raises(ReviewError, match="no source sentence 9"):
        desk.review.change_selection(
            story, EDITOR, expected_version=_lock(desk, story, "en"), indexes=[9]
        )


# -- the audit log and the queue ----------------------------------------------------------------


def test_every_change_is_in_the_audit_log(desk: Desk, story: int) -> None:
    lock = _lock(desk, story, "qaa")
    desk.review.edit(story, "qaa", EDITOR, expected_version=lock, sentences={0: "Edited."})
    desk.review.act(story, "approve", EDITOR, languages=["qaa"])
    desk.review.act(story, "kill", OTHER, languages=["qaa"], notice="Gone.")
    entries = [
        (e.actor, e.language, e.action, e.before, e.after) for e in desk.review.history(story)
    ]
    assert entries[-4:] == [
        (EDITOR, "qaa", "edit", desk.review.history(story)[-4].before, "Edited."),
        (EDITOR, "qaa", "approve", "draft", "approved"),
        (EDITOR, "qaa", "publish", "approved", "published"),
        (OTHER, "qaa", "kill", "published", "killed"),
    ]
    assert desk.review.history(story)[-1].detail["notice"] == "Gone."
    assert ("wire", "qaa", "draft", None, "draft") in entries
    with pytest.raises(NotFound):
        desk.review.history(404)


def test_queue_filters_and_flagged_first(desk: Desk, story: int, tmp_path: Path) -> None:
    second = ingest_text(
        desk,
        tmp_path / "in",
        "other.md",
        FIRST.replace("ferry-timetable-2026", "tram-2026").replace(
            "Harbour ferry timetable changes from Monday", "Tram depot opens in the east"
        ),
    )
    assert desk.review.queue(languages=["qaa"]).total == 2
    assert desk.review.queue(agency="reuters").total == 4
    assert desk.review.queue(agency="AP").total == 0
    desk.review.act(story, "reject", EDITOR, languages=["qaa"], reason="wrong")
    rejected = desk.review.queue(states=["rejected"])
    assert [(e.dispatch_id, e.language) for e in rejected.entries] == [(story, "qaa")]
    # the counts by state ignore the state filter: they are what the filter chooses from
    assert rejected.by_state == {"draft": 3, "rejected": 1}
    with pytest.raises(ReviewError, match="unknown state"):
        desk.review.queue(states=["lost"])
    desk.review.flag_counter = lambda _session, keys: {k: 3 for k in keys if k[0] == second}
    first = desk.review.queue(flagged_first=True).entries[0]
    assert (first.dispatch_id, first.flags) == (second, 3)
    assert desk.review.queue().entries[0].dispatch_id == story  # oldest first otherwise


def test_versions_are_stored_once_per_language(desk: Desk, story: int) -> None:
    with desk.store.session() as session:
        rows = session.scalars(select(LanguageVersion).where(LanguageVersion.dispatch_id == story))
        assert sorted(r.language for r in rows) == ["en", "qaa"]


def test_search_follows_approvals_and_kills(desk: Desk, story: int) -> None:
    from publisher.search import search

    def found() -> list[int]:
        with desk.store.session() as session:
            return [hit.dispatch.id for hit in search(session, "timetable").hits]

    assert found() == []
    desk.review.act(story, "approve", EDITOR)
    assert found() == [story]
    desk.review.act(story, "kill", EDITOR)
    assert found() == []


def test_versions_stored_before_the_workflow_join_the_queue_and_a_kill_reaches_them(
    instance: Path, tmp_path: Path
) -> None:
    from sqlalchemy import delete

    from tests.review_support import revision

    desk = review_desk(instance, publish_policy="auto")
    story = ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)
    assert _readable(desk, "qaa")  # published unreviewed, as auto does
    with desk.store.session() as session:  # as an upgraded database has them: no versions
        session.execute(delete(LanguageVersion))
    page = desk.review.queue()
    assert {(e.language, e.state) for e in page.entries} == {("en", "draft"), ("qaa", "draft")}
    with desk.store.session() as session:
        session.execute(delete(LanguageVersion))
    ingest_text(desk, tmp_path / "in", "kill.md", revision("KILL", "Please kill the story."))
    assert _readable(desk, "qaa") == [] and _readable(desk, "en") == []
    states = {v.language: v.state for v in desk.review.detail(story).versions.values()}
    assert states == {"en": "killed", "qaa": "killed"}
