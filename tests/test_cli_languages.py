"""Language codes at the command line: --to refused up front, and rows of bad codes dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select, text

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Job, Translation
from publisher.search import search
from publisher.settings import load_settings
from tests.builders import make_dispatch


def invoke(instance: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--instance", str(instance), *args])


@pytest.fixture
def desk(instance: Path) -> Iterator[Desk]:
    (instance / "publisher.toml").write_text('languages = "ko"\n', encoding="utf-8")
    desk = Desk(load_settings({"instance": str(instance)}))
    yield desk
    desk.close()


def _translation_count(desk: Desk, language: str | None = None) -> int:
    query = select(func.count()).select_from(Translation)
    if language is not None:
        query = query.where(Translation.language == language)
    with desk.store.session() as session:
        return int(session.scalar(query) or 0)


def _legacy_rows(desk: Desk, dispatch_id: int, language: str) -> None:
    """What an older version left after `translate --to klingon`: a row pending for ever."""
    with desk.store.session() as session:
        revision_id = desk.dispatch(dispatch_id).revision_id
        session.add(
            Translation(
                revision_id=revision_id,
                language=language,
                status="pending",
                reason=f"no en\u2192{language} model installed",
            )
        )
        session.add(
            Job(
                stage="translate",
                revision_id=revision_id,
                language=language,
                status="failed",
                attempts=3,
                error="boom",
            )
        )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("klingon", "Error: --to: 'klingon' is not a language code (malformed); use a BCP 47"),
        ("ko,xx-!!", "Error: --to: 'xx-!!' is not a language code (malformed)"),
        ("ko,xx", "Error: --to: 'xx' is not a language code (not in the IANA subtag registry)"),
        ("", "Error: --to: give at least one language, e.g. --to ko,es"),
        (" , ", "Error: --to: give at least one language"),
    ],
)
def test_translate_to_a_bad_code_is_refused_and_stores_nothing(
    desk: Desk, instance: Path, value: str, message: str
) -> None:
    make_dispatch(desk.store)
    result = invoke(instance, "translate", "--to", value)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
    assert _translation_count(desk) == 0


def test_translations_list_counts_by_status_and_flags_bad_codes(desk: Desk, instance: Path) -> None:
    first = make_dispatch(desk.store, translations={"ko": ("부산항", ["새 터미널."])})
    make_dispatch(desk.store, translations={"ko": ("부산항 2", ["또."])})
    _legacy_rows(desk, first, "klingon")
    _legacy_rows(desk, first, "zh-TW")

    result = invoke(instance, "translations", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["language", "pending", "done", "failed"]
    by_code = {line.split()[0]: line for line in lines[1:]}
    assert by_code["ko"].split() == ["ko", "0", "2", "0"]
    assert by_code["klingon"].split()[:4] == ["klingon", "1", "0", "0"]
    assert "not a language code: publisher translations drop --lang klingon" in by_code["klingon"]
    assert "written zh-Hant now" in by_code["zh-TW"]

    listed = json.loads(invoke(instance, "translations", "list", "--json").output)
    assert listed[0] == {
        "language": "klingon",
        "counts": {"pending": 1, "done": 0, "failed": 0},
        "total": 1,
        "valid": False,
        "normal": None,
    }
    assert {row["language"]: row["normal"] for row in listed} == {
        "klingon": None,
        "ko": "ko",
        "zh-TW": "zh-Hant",
    }


def test_an_empty_desk_lists_no_translations(desk: Desk, instance: Path) -> None:
    del desk
    assert invoke(instance, "translations", "list").output == "no translations stored\n"
    assert json.loads(invoke(instance, "translations", "list", "--json").output) == []


def test_dropping_a_bad_code_lets_run_succeed_again(desk: Desk, instance: Path) -> None:
    dispatch_id = make_dispatch(desk.store, translations={"ko": ("부산항", ["새 터미널."])})
    _legacy_rows(desk, dispatch_id, "klingon")
    before = invoke(instance, "run")
    assert before.exit_code == 1 and "klingon" in before.output  # the bug this command mends

    result = invoke(instance, "translations", "drop", "--lang", "klingon")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "dropped 1 pending/failed translation(s) in 'klingon' and 1 failed job(s)\n"
    )
    assert _translation_count(desk, "klingon") == 0 and _translation_count(desk, "ko") == 1
    assert not [job for job in desk.failed_jobs() if job.language == "klingon"]

    after = invoke(instance, "run")
    assert after.exit_code == 0, after.output


def _found(desk: Desk, query: str, language: str) -> int:
    with desk.store.session() as session:
        found = search(session, query, language=language).total
        # the index itself forgets the dropped translation, not only the search's filter
        indexed = session.scalar(
            text("SELECT count(*) FROM search_fts WHERE language = :language"),
            {"language": language},
        )
    return found + int(indexed or 0)


def test_drop_keeps_finished_work_unless_asked(desk: Desk, instance: Path) -> None:
    make_dispatch(desk.store, translations={"ko": ("부산항 터미널", ["새 터미널."])})
    desk.update_search_index()
    assert _found(desk, "부산항", "ko") == 2
    result = invoke(instance, "translations", "drop", "--lang", "ko")
    assert result.exit_code == 0
    assert "dropped 0 pending/failed translation(s) in 'ko'" in result.output
    assert "stored language codes: ko\n" in result.output
    assert "ko is in the languages setting" in result.output
    assert _translation_count(desk, "ko") == 1

    result = invoke(instance, "translations", "drop", "--lang", "ko", "--status", "done")
    assert result.exit_code == 0
    assert result.output.startswith("dropped 1 done translation(s) in 'ko' and 0 failed job(s)")
    assert _translation_count(desk, "ko") == 0
    assert _found(desk, "부산항", "ko") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "ko", "--status", "finished"], "Error: --status: 'finished' is not one of"),
        (["--lang", "  "], "Error: --lang: give the language code"),
    ],
)
def test_drop_refuses_bad_options_in_one_line(
    desk: Desk, instance: Path, args: list[str], message: str
) -> None:
    make_dispatch(desk.store, translations={"ko": ("부산항", ["새 터미널."])})
    result = invoke(instance, "translations", "drop", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert _translation_count(desk, "ko") == 1


def test_translate_to_stores_the_normal_form(desk: Desk, instance: Path) -> None:
    make_dispatch(desk.store)
    result = invoke(instance, "translate", "--to", "KO,ko-KR")
    assert result.exit_code == 1  # no en→ko model here: pending, and said so
    assert "pending: no en\u2192ko model installed" in result.output
    with desk.store.session() as session:
        assert session.scalars(select(Translation.language)).all() == ["ko"]
