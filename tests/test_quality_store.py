"""Quality flags stored with their drafts: computed after each translation through a real desk,
kept by id while their text stays, dismissed by fingerprint, and reopened when the text changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import QualityFlag, Translation
from publisher.errors import InvalidInput, NotFound
from publisher.quality.store import refresh_many
from publisher.settings import load_settings
from tests.builders import make_dispatch
from tests.conftest import need_apertium
from tests.doubles import RecordingTranslator

HEADLINE = "Port city opens a new ferry terminal"
SENTENCES = (
    "The council approved 12 new ferry routes on Monday.",
    "The terminal can handle four ships at once.",
    "Officials expect 3.5 million passengers by 2027.",
    "Local shops welcomed the news.",
)
# what a careful translator would write, but with 12 changed to 13 in the first sentence
REPLIES = {
    HEADLINE: "La ciudad portuaria abre una nueva terminal de ferris",
    SENTENCES[0]: "El consejo aprobó el lunes 13 nuevas rutas de ferri.",
    # qaa has no number words of its own: the figure is written out
    SENTENCES[2]: "Los responsables esperan 3.500.000 pasajeros para 2027.",
}


@pytest.fixture
def double() -> RecordingTranslator:
    translator = RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
    translator.replies.update(REPLIES)
    return translator


@pytest.fixture
def flag_desk(instance: Path, double: RecordingTranslator) -> Iterator[Desk]:
    settings = load_settings({"instance": str(instance), "languages": "qaa,qab"})
    desk = Desk(settings, engines={"double": double})
    yield desk
    desk.close()


def _dispatch(desk: Desk) -> int:
    return make_dispatch(
        desk.store, headline=HEADLINE, sentences=SENTENCES, summary_indexes=(0, 2), dateline=None
    )


def _edit(desk: Desk, dispatch_id: int, language: str, position: int, text: str) -> int:
    """Change one translated sentence as an editor's edit would; return the revision id."""
    revision_id = desk.dispatch(dispatch_id).revision_id
    with desk.store.session() as session:
        row = session.scalars(
            select(Translation).where(
                Translation.revision_id == revision_id, Translation.language == language
            )
        ).one()
        sentences = list(row.sentences)
        sentences[position] = text
        row.sentences = sentences
    return revision_id


def test_translation_computes_flags_and_the_source_is_flagged_when_every_language_fails(
    flag_desk: Desk,
) -> None:
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa", "qab"], [dispatch_id])

    flags = flag_desk.flags(dispatch_id)
    by_language = {(f.language, f.scope, f.segment, f.sentence_index, f.check_id) for f in flags}
    assert by_language == {
        ("qaa", "target", "sentence", 0, "numbers"),
        ("qab", "target", "sentence", 0, "numbers"),
        ("en", "source", "sentence", 0, "numbers"),
    }
    numbers = next(f for f in flags if f.language == "qaa")
    assert numbers.issue_type == "numbers" and numbers.severity == "error"
    assert "12" in numbers.message and "13" in numbers.message

    # one language put right: the source is no longer to blame
    revision_id = _edit(
        flag_desk, dispatch_id, "qab", 0, "El consejo aprobó el lunes 12 nuevas rutas."
    )
    flag_desk.refresh_flags(revision_id, "qab")
    left = {(f.language, f.scope) for f in flag_desk.flags(dispatch_id)}
    assert left == {("qaa", "target")}


def test_dismissal_holds_for_its_texts_and_expires_when_they_change(flag_desk: Desk) -> None:
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa"], [dispatch_id])
    (flag,) = flag_desk.flags(dispatch_id, language="qaa")

    dismissed = flag_desk.dismiss_flag(
        flag.id, reason="the figure was corrected", user="ed@example.org"
    )
    assert dismissed.dismissal is not None and dismissed.dismissal.dismissed_by == "ed@example.org"
    assert flag_desk.flags(dispatch_id, language="qaa") == []
    (kept,) = flag_desk.flags(dispatch_id, language="qaa", include_dismissed=True)
    assert kept.id == flag.id and not kept.is_open

    # recomputing with the same texts keeps the flag's id and its dismissal
    revision_id = flag_desk.dispatch(dispatch_id).revision_id
    flag_desk.refresh_flags(revision_id, "qaa")
    (again,) = flag_desk.flags(dispatch_id, language="qaa", include_dismissed=True)
    assert again.id == flag.id and again.dismissal is not None

    # another wrong number is another problem: the dismissal does not cover it
    _edit(flag_desk, dispatch_id, "qaa", 0, "El consejo aprobó el lunes 14 nuevas rutas de ferri.")
    flag_desk.refresh_flags(revision_id, "qaa")
    (reopened,) = flag_desk.flags(dispatch_id, language="qaa")
    assert (
        reopened.is_open and reopened.fingerprint != flag.fingerprint and "14" in reopened.message
    )

    # and the same text again brings the old dismissal back
    _edit(flag_desk, dispatch_id, "qaa", 0, REPLIES[SENTENCES[0]])
    flag_desk.refresh_flags(revision_id, "qaa")
    assert flag_desk.flags(dispatch_id, language="qaa") == []


def test_dismissal_needs_a_reason_a_user_and_a_flag(flag_desk: Desk) -> None:
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa"], [dispatch_id])
    (flag,) = flag_desk.flags(dispatch_id)
    with pytest.raises(InvalidInput, match="reason"):
        flag_desk.dismiss_flag(flag.id, reason="  ", user="ed@example.org")
    with pytest.raises(InvalidInput, match="reason"):
        flag_desk.dismiss_flag(flag.id, reason="x" * 2001, user="ed@example.org")
    with pytest.raises(InvalidInput, match="e-mail"):
        flag_desk.dismiss_flag(flag.id, reason="fine", user="editor")
    with pytest.raises(NotFound, match="no flag with id 999"):
        flag_desk.dismiss_flag(999, reason="fine", user="ed@example.org")
    with pytest.raises(NotFound):
        flag_desk.flags(12345)
    assert flag_desk.flags(dispatch_id)[0].is_open


def test_untranslated_engine_output_is_flagged_and_a_failed_draft_has_no_flags(
    flag_desk: Desk, double: RecordingTranslator
) -> None:
    double.replies.clear()  # "[qaa] The council approved ...": English left as it was
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa"], [dispatch_id])
    checks = {(f.segment, f.check_id) for f in flag_desk.flags(dispatch_id)}
    assert ("sentence", "script") in checks and ("headline", "script") in checks

    # a draft that failed (a retranslation the engine broke on) has nothing to check
    revision_id = flag_desk.dispatch(dispatch_id).revision_id
    with flag_desk.store.session() as session:
        row = session.scalars(
            select(Translation).where(Translation.revision_id == revision_id)
        ).one()
        row.status = "failed"
    assert flag_desk.refresh_flags(revision_id, "qaa") == 0
    assert flag_desk.flags(dispatch_id) == []
    with pytest.raises(NotFound):
        flag_desk.refresh_flags(98765, "qaa")


def test_refresh_after_a_real_apertium_translation(instance: Path) -> None:
    need_apertium("eng-spa")
    desk = Desk(load_settings({"instance": str(instance), "languages": "es"}))
    try:
        dispatch_id = _dispatch(desk)
        desk.translate(["es"], [dispatch_id])
        view = desk.dispatch(dispatch_id)
        assert view.translations["es"].status == "done"
        # Apertium keeps 12, 3.5 millones and 2027: no false alarm on real engine output
        assert [f for f in desk.flags(dispatch_id) if f.check_id == "numbers"] == []
        spanish = view.translations["es"].sentences[1]
        _edit(desk, dispatch_id, "es", 1, spanish.replace("2027", "2026"))
        desk.refresh_flags(view.revision_id, "es")
        (numbers,) = [f for f in desk.flags(dispatch_id) if f.check_id == "numbers"]
        assert numbers.sentence_index == 2 and "2027" in numbers.message
    finally:
        desk.close()


def _invoke(instance: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args])
    return result.exit_code, result.output


def test_cli_lists_dismisses_and_shows_flags(flag_desk: Desk, instance: Path) -> None:
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa"], [dispatch_id])

    code, output = _invoke(instance, "flags", "list", str(dispatch_id), "--json")
    assert code == 0, output
    (flag,) = json.loads(output)
    assert flag["check"] == "numbers" and flag["open"] and flag["sentence_index"] == 0

    code, output = _invoke(instance, "show", str(dispatch_id))
    assert code == 0 and f"! numbers (numbers, error) [flag {flag['id']}]" in output
    lines = output.splitlines()
    at = lines.index(f"  {REPLIES[SENTENCES[0]]}")
    assert lines[at + 1].startswith("    ! numbers")  # under the sentence it is about

    code, output = _invoke(instance, "show", str(dispatch_id), "--json")
    shown = json.loads(output)["translations"]["qaa"]["flags"]
    assert [len(s) for s in shown["sentences"]] == [1, 0] and shown["headline"] == []

    code, output = _invoke(
        instance, "flags", "dismiss", str(flag["id"]), "--reason", " ", "--user", "ed@example.org"
    )
    assert code == 1 and "reason" in output
    code, output = _invoke(
        instance, "flags", "dismiss", "999", "--reason", "ok", "--user", "ed@example.org"
    )
    assert code == 1 and "no flag with id 999" in output
    code, output = _invoke(
        instance,
        "flags",
        "dismiss",
        str(flag["id"]),
        "--reason",
        "rounded",
        "--user",
        "ed@example.org",
    )
    assert code == 0 and f"dismissed flag {flag['id']}" in output

    code, output = _invoke(instance, "flags", "list", "--lang", "qaa")
    assert code == 0 and output.strip() == "no open flags"
    code, output = _invoke(instance, "flags", "list", "--all")
    assert "dismissed by ed@example.org: rounded" in output
    code, output = _invoke(instance, "flags", "list", "--lang", "klingon")
    assert code == 1 and "not a language code" in output
    code, output = _invoke(instance, "flags", "list", "4242")
    assert code == 1 and "no dispatch with id 4242" in output


def test_cli_flags_list_without_an_instance(tmp_path: Path) -> None:
    code, output = _invoke(tmp_path / "nowhere", "flags", "list", "--json")
    assert code == 0 and json.loads(output) == []
    assert not (tmp_path / "nowhere").exists()


def _flag_rows(desk: Desk, dispatch_id: int) -> set[tuple[object, ...]]:
    return {
        (f.id, f.language, f.scope, f.segment, f.sentence_index, f.check_id, f.fingerprint)
        for f in desk.flags(dispatch_id, include_dismissed=True)
    }


def test_flags_of_many_drafts_at_once_are_those_of_each_in_turn(flag_desk: Desk) -> None:
    first, second = _dispatch(flag_desk), _dispatch(flag_desk)
    flag_desk.translate(["qaa", "qab"], [first, second])
    before = _flag_rows(flag_desk, first) | _flag_rows(flag_desk, second)
    assert {row[2] for row in before} == {"target", "source"}
    revisions = [flag_desk.dispatch(d).revision_id for d in (first, second)]

    # one language put right in both: refreshed together, as one by one, the source is
    # cleared and the target flags of the other language keep their ids
    for revision_id in revisions:
        with flag_desk.store.session() as session:
            row = session.scalars(
                select(Translation).where(
                    Translation.revision_id == revision_id, Translation.language == "qab"
                )
            ).one()
            row.sentences = ["El consejo aprobó el lunes 12 nuevas rutas.", *row.sentences[1:]]
    flag_desk._refresh_flags_of_items(revisions, "qab")
    after = _flag_rows(flag_desk, first) | _flag_rows(flag_desk, second)
    assert after == {row for row in before if row[1] == "qaa"}


def test_a_draft_failing_its_checks_leaves_the_others_of_its_batch_checked(
    flag_desk: Desk,
) -> None:
    dispatch_id = _dispatch(flag_desk)
    flag_desk.translate(["qaa"], [dispatch_id])
    revision_id = flag_desk.dispatch(dispatch_id).revision_id
    before = _flag_rows(flag_desk, dispatch_id)
    # an unknown revision in the batch: the known one is still refreshed, on its own
    flag_desk._refresh_flags_of_items([98765, revision_id], "qaa")
    assert _flag_rows(flag_desk, dispatch_id) == before
    with flag_desk.store.session() as session:
        session.execute(
            Translation.__table__.update()
            .where(Translation.revision_id == revision_id)
            .values(status="failed")
        )
    flag_desk._refresh_flags_of_items([98765, revision_id], "qaa")
    assert _flag_rows(flag_desk, dispatch_id) == set()


def _all_flag_rows(desk: Desk) -> set[tuple[object, ...]]:
    """Every stored flag, every column but the time it was written."""
    columns = [c for c in QualityFlag.__table__.columns if c.name != "created_at"]
    with desk.store.session() as session:
        return {tuple(row) for row in session.execute(select(*columns))}


def _three_language_desk(folder: Path, double: RecordingTranslator) -> tuple[Desk, list[int]]:
    # one language at a time and serial bookkeeping: otherwise a language's flags may be
    # written before or after another language's draft is stored, and row ids would differ
    # from run to run
    settings = load_settings(
        {"instance": str(folder), "languages": "qaa,qab,qac", "parallel_languages": 1}
    )
    double.add_pair("en", "qac")
    desk = Desk(settings, engines={"double": double})
    desk.overlap_finish = False
    dispatches = [_dispatch(desk), _dispatch(desk)]
    desk.translate(["qaa", "qab", "qac"], dispatches)
    revisions = [desk.dispatch(d).revision_id for d in dispatches]
    spanish_headline = REPLIES[HEADLINE]

    def edit(revision_id: int, **changes: dict[str, object]) -> None:
        with desk.store.session() as session:
            for row in session.scalars(
                select(Translation).where(Translation.revision_id == revision_id)
            ):
                for name, value in changes.get(row.language, {}).items():
                    setattr(row, name, value)

    first, second = revisions
    qab_put_right = ["El consejo aprobó el lunes 12 nuevas rutas.", *SENTENCES[1:]]
    # the first: qab put right (its flags go), qaa's headline left in English (another check
    # flags it), qac no longer checked (a source flag's message names one language fewer)
    edit(
        first,
        qab={"sentences": qab_put_right},
        qaa={"headline": HEADLINE},
        qac={"status": "failed"},
    )
    # the second: its qab headline is right and stored so (no source flag on the headline);
    # then qab's goes wrong and qaa's right, so that refreshing qab, then qaa, writes a
    # source flag and takes it back within one batch
    edit(second, qab={"headline": spanish_headline})
    desk.refresh_flags(second, "qab")
    edit(
        second,
        qab={"headline": f"[qab] {HEADLINE}"},
        qaa={"headline": spanish_headline},
        qac={"status": "failed"},
    )
    return desk, revisions


def test_bulk_refresh_writes_the_rows_one_by_one_refreshes_write(tmp_path: Path) -> None:
    """Inserts, updates in place, deletes, and flags replaced within the batch (one revision
    twice): the same rows, ids included, as refresh_flags item after item."""
    together, revisions = _three_language_desk(
        tmp_path / "together", RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
    )
    one_by_one, same = _three_language_desk(
        tmp_path / "one-by-one", RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
    )
    try:
        assert revisions == same and _all_flag_rows(together) == _all_flag_rows(one_by_one)
        before = _all_flag_rows(together)
        first, second = revisions
        items = [(first, "qab"), (first, "qaa"), (first, "qac"), (second, "qab"), (second, "qaa")]
        with together.store.session() as session:
            refresh_many(session, items, context_for=together.quality_context)
        for revision_id, language in items:
            one_by_one.refresh_flags(revision_id, language)
        after = _all_flag_rows(together)
        assert after == _all_flag_rows(one_by_one)
        # every kind of write happened: rows kept, rows gone, rows new, a message rewritten
        kept = {row[0] for row in before} & {row[0] for row in after}
        assert kept and {row[0] for row in before} - kept and {row[0] for row in after} - kept
        names = [c.name for c in QualityFlag.__table__.columns if c.name != "created_at"]
        message = names.index("message")
        assert any(
            old[0] == new[0] and old[message] != new[message] for old in before for new in after
        )
    finally:
        together.close()
        one_by_one.close()
