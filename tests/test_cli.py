"""The command line as a user drives it: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import PublisherError
from publisher.pipeline import stages
from tests.conftest import need_apertium
from tests.test_pipeline import write_inputs


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, instance: Path, *args: str, input: bytes | None = None):  # noqa: ANN201
    return runner.invoke(cli, ["--instance", str(instance), *args], input=input)


def test_ingest_reports_each_item_and_exit_status(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    folder = write_inputs(tmp_path / "in")
    result = invoke(runner, instance, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "2 added, 0 revised, 0 duplicate, 0 failed" in result.output

    (folder / "bad.json").write_text("[{", encoding="utf-8")
    result = invoke(runner, instance, "ingest", str(folder))
    assert result.exit_code == 1
    assert "bad.json" in result.output and "Traceback" not in result.output
    assert "0 added, 0 revised, 2 duplicate, 1 failed" in result.output


def test_ingest_from_stdin(runner: CliRunner, instance: Path, tmp_path: Path) -> None:
    text = (write_inputs(tmp_path / "in") / "market.md").read_bytes()
    result = invoke(runner, instance, "ingest", "-", input=text)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


def test_show_json_has_every_field(runner: CliRunner, instance: Path, tmp_path: Path) -> None:
    need_apertium()
    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    result = invoke(runner, instance, "translate", "--to", "es")
    assert result.exit_code == 0, result.output
    result = invoke(runner, instance, "show", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in (
        "id",
        "revision",
        "source_language",
        "headline",
        "agency",
        "dateline",
        "published",
        "updated",
        "paragraphs",
        "sentences",
        "summary",
        "translations",
    ):
        assert key in data
    assert set(data["summary"]) >= {"method", "sentence_indexes", "text"}
    spanish = data["translations"]["es"]
    assert spanish["status"] == "done" and spanish["engine"] == "apertium"
    assert len(spanish["sentences"]) == len(data["summary"]["sentence_indexes"])
    listed = json.loads(invoke(runner, instance, "list", "--json").output)
    assert {item["id"] for item in listed} == {1, 2}


def test_translate_without_model_says_so_and_fails(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    result = invoke(runner, instance, "translate", "--to", "ko")
    assert result.exit_code == 1
    assert "no en\u2192ko model installed" in result.output
    shown = json.loads(invoke(runner, instance, "show", "1", "--json").output)
    assert shown["summary"] and shown["translations"]["ko"]["status"] == "pending"


def test_errors_are_one_line(runner: CliRunner, instance: Path) -> None:
    result = invoke(runner, instance, "show", "999")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no dispatch with id 999"
    result = invoke(runner, instance, "summarize", "--method", "nonsense")
    assert (
        result.exit_code == 1 and "nonsense" in result.output and "Traceback" not in result.output
    )
    result = invoke(runner, instance, "models", "remove", "en", "xx")
    assert result.exit_code == 1 and result.output.startswith("Error:")


def test_models_install_unreachable_index_is_one_clear_line(
    runner: CliRunner, instance: Path
) -> None:
    env = {"PUBLISHER_ARGOS_INDEX_URL": "http://127.0.0.1:9/index.json"}
    result = runner.invoke(
        cli, ["--instance", str(instance), "models", "install", "en", "ko"], env=env
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "--file" in lines[0]


def test_console_script_and_flask_app_share_commands(instance: Path) -> None:
    script = Path(sys.executable).with_name("publisher")
    done = subprocess.run(
        [str(script), "--instance", str(instance), "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout) == []
    flask = Path(sys.executable).with_name("flask")
    env = {"PUBLISHER_INSTANCE": str(instance), "PATH": str(script.parent)}
    done = subprocess.run(
        [str(flask), "--app", "publisher", "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_demo_without_serving(runner: CliRunner, instance: Path) -> None:
    result = invoke(runner, instance, "demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "Korean stays pending" in result.output
    assert "ingested" in result.output and "0 failed" in result.output


def test_jobs_lists_failures_and_run_retries_them(
    runner: CliRunner, instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_order(*_args: object, **_kwargs: object) -> None:
        raise PublisherError("the summarizer is out of order")

    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    # settings are checked at load, so a stage that fails is how a job fails now
    with monkeypatch.context() as patch:
        patch.setattr(stages, "summarize_revision", out_of_order)
        invoke(runner, instance, "run")
    result = invoke(runner, instance, "jobs")
    assert result.exit_code == 0
    assert "summarize" in result.output and "out of order" in result.output
    (instance / "publisher.toml").write_text('languages = "ko"\n', encoding="utf-8")
    result = invoke(runner, instance, "run", "--retry-failed")
    assert "retrying 2 failed job(s)" in result.output
    assert invoke(runner, instance, "jobs").output.strip() == "no failed jobs"
