"""The command line as a user drives it: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import PublisherError
from publisher.pipeline import stages
from tests.conftest import need, need_apertium
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
    need_apertium("eng-spa")
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
    assert result.exit_code == 2 and "'nonsense' is not one of" in result.output
    assert "lexrank" in result.output and "Traceback" not in result.output
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


def test_console_script_is_the_one_entry_point(instance: Path) -> None:
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
    assert done.returncode == 2 and "No such command 'list'" in done.stderr


def test_demo_without_serving(runner: CliRunner, instance: Path) -> None:
    result = invoke(runner, instance, "demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "Korean stays pending" in result.output
    assert "ingested" in result.output and "0 failed" in result.output
    assert "skipped" not in result.output  # samples/index.toml is not offered as a dispatch
    # two dispatches approved through the review service, so readers have something...
    assert result.output.count("approved #") == 2
    from publisher.core import Desk
    from publisher.reading import content_languages
    from publisher.settings import load_settings

    desk = Desk(load_settings({"instance": str(instance)}))
    try:
        with desk.store.session() as session:
            assert "en" in content_languages(session)
        history = desk.review.audit_log()
        assert {e.actor for e in history if e.action == "approve"} == {"demo.editor@example.org"}
        # ...and the rest wait for an editor
        assert desk.review.queue().total > 0
        # who logs in with the password the demo printed
        printed = re.search(r"as demo\.editor@example\.org with the password (\S+) ", result.output)
        assert printed is not None and "/editor/login" in result.output
        assert desk.users.authenticate("demo.editor@example.org", printed.group(1)).role == "editor"
    finally:
        desk.close()


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


# --- ids that do not exist ----------------------------------------------------------------------


def test_unknown_ids_are_an_error_and_nothing_is_done(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    assert invoke(runner, instance, "summarize", "1").exit_code == 0
    before = json.loads(invoke(runner, instance, "show", "1", "--json").output)["summary"]

    result = invoke(runner, instance, "summarize", "999")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no dispatch with id 999; nothing was summarized"

    result = invoke(runner, instance, "summarize", "1", "999", "998", "--method", "lead")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: no dispatches with ids 998, 999; nothing was summarized"
    )
    after = json.loads(invoke(runner, instance, "show", "1", "--json").output)["summary"]
    assert after == before and after["method"] == "default"

    result = invoke(runner, instance, "translate", "--to", "en", "2", "999")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no dispatch with id 999; nothing was translated"
    assert json.loads(invoke(runner, instance, "show", "2", "--json").output)["translations"] == {}

    result = invoke(runner, instance, "show", "999")
    assert result.exit_code == 1 and result.output.strip() == "Error: no dispatch with id 999"


# --- summary options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sentences", "0"], "0 is not in the range x>=1"),
        (["--sentences", "-2"], "-2 is not in the range x>=1"),
        (["--ratio", "0"], "0<x<1"),
        (["--ratio", "1"], "0<x<1"),
        (["--ratio", "1.5"], "0<x<1"),
        (["--sentences", "2", "--ratio", "0.5"], "give --sentences or --ratio, not both"),
    ],
)
def test_bad_summary_options_are_usage_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    instance = tmp_path / "never-created"
    result = invoke(runner, instance, "summarize", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not instance.exists()


def test_summarize_options_are_honoured(runner: CliRunner, instance: Path, tmp_path: Path) -> None:
    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    # a configured ratio must not win over an explicit sentence count
    (instance / "publisher.toml").write_text("summary_ratio = 0.9\n", encoding="utf-8")
    result = invoke(runner, instance, "summarize", "1", "--method", "LexRank", "--sentences", "1")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "summarized 1 revision(s) with lexrank"
    summary = json.loads(invoke(runner, instance, "show", "1", "--json").output)["summary"]
    assert summary["method"] == "lexrank" and len(summary["sentence_indexes"]) == 1
    result = invoke(runner, instance, "summarize", "1", "--method", "LEAD", "--ratio", "0.5")
    assert result.exit_code == 0, result.output
    shown = json.loads(invoke(runner, instance, "show", "1", "--json").output)
    assert shown["summary"]["method"] == "lead"
    half = -(-len(shown["sentences"]) // 2)
    assert shown["summary"]["sentence_indexes"] == list(range(half))


def test_help_lists_the_summary_methods(runner: CliRunner) -> None:
    for command in (["summarize", "--help"], ["eval", "summarize", "--help"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0
        for name in ("default", "lead", "lexrank", "textrank", "sumbasic"):
            assert name in result.output, (command, name)


def test_eval_summarize_on_an_empty_file_fails(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    result = runner.invoke(cli, ["eval", "summarize", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path}: no items to evaluate (expected JSON Lines of document and summary)"
    )


def test_eval_summarize_methods_any_case(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    record = {"document": "One sentence here. Another one there.", "summary": "One sentence."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["eval", "summarize", str(path), "--methods", "LEAD", "--json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.output)) == ["lead"]
    result = runner.invoke(cli, ["eval", "summarize", str(path), "--methods", "lead,nope"])
    assert result.exit_code == 2 and "unknown summary method 'nope'" in result.output
    result = runner.invoke(cli, ["eval", "summarize", str(path), "--sentences", "0"])
    assert result.exit_code == 2


# --- ports --------------------------------------------------------------------------------------


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_bad_or_busy_port_is_one_line(
    runner: CliRunner, instance: Path, busy_port: int, command: str
) -> None:
    with_a_secret_key(instance)
    for port, message in [
        ("0", "port 0 is out of range: give a port from 1 to 65535"),
        ("70000", "port 70000 is out of range: give a port from 1 to 65535"),
        (str(busy_port), f"cannot serve on 127.0.0.1:{busy_port}: the address is already in use"),
    ]:
        result = invoke(runner, instance, command, "--port", port)
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), result.output
    # the demo checks before its work: nothing was ingested
    assert json.loads(invoke(runner, instance, "list", "--json").output) == []


def with_a_secret_key(instance: Path) -> None:
    """What serving needs besides an address: a key that is not the default."""
    (instance / "publisher.toml").write_text(f'secret_key = "{"k" * 32}"\n', encoding="utf-8")


def test_serve_on_an_address_of_another_machine(runner: CliRunner, instance: Path) -> None:
    with_a_secret_key(instance)
    result = invoke(runner, instance, "serve", "--host", "192.0.2.1", "--port", "8080")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: cannot serve on 192.0.2.1:8080: the address is not an address of this machine"
    )


# --- a missing instance folder ------------------------------------------------------------------


def test_reading_commands_leave_a_missing_instance_missing(
    runner: CliRunner, tmp_path: Path
) -> None:
    instance = tmp_path / "typo"
    note = f"instance folder {instance} does not exist yet; start with `publisher ingest PATH`"
    result = invoke(runner, instance, "list")
    assert result.exit_code == 0 and result.output.startswith(f"no dispatches: {note}")
    result = invoke(runner, instance, "list", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr.startswith(f"no dispatches: {note}")
    result = invoke(runner, instance, "jobs")
    assert result.exit_code == 0 and result.output.startswith(f"no failed jobs: {note}")
    result = invoke(runner, instance, "jobs", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = invoke(runner, instance, "show", "1")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no dispatch with id 1: {note}")
    result = invoke(runner, instance, "serve")
    assert result.exit_code == 1 and result.output.startswith(f"Error: nothing to serve: {note}")
    result = invoke(runner, instance, "models", "list")
    assert result.exit_code == 0 and "Argos packages in" in result.output
    assert not instance.exists()


def test_the_environment_variable_names_the_instance_too(runner: CliRunner, tmp_path: Path) -> None:
    instance = tmp_path / "from-env"
    result = runner.invoke(cli, ["list"], env={"PUBLISHER_INSTANCE": str(instance)})
    assert result.exit_code == 0 and str(instance) in result.output
    assert not instance.exists()
    folder = write_inputs(tmp_path / "in")
    result = runner.invoke(cli, ["ingest", str(folder)], env={"PUBLISHER_INSTANCE": str(instance)})
    assert result.exit_code == 0 and instance.is_dir()


def test_list_on_an_empty_instance_says_so(runner: CliRunner, instance: Path) -> None:
    result = invoke(runner, instance, "list")
    assert result.exit_code == 0
    assert result.output.strip() == "no dispatches: start with `publisher ingest PATH`"


# --- what ingest says ---------------------------------------------------------------------------


def test_ingest_names_the_files_it_skipped(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    folder = write_inputs(tmp_path / "in")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "image.png").write_bytes(b"\x89PNG")
    (folder / ".DS_Store").write_bytes(b"\x00")
    result = invoke(runner, instance, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert (
        f"skipped 2 file(s) that are not dispatches: {folder / 'image.png'}, "
        f"{folder / 'notes.docx'}"
    ) in result.stderr
    assert "2 added, 0 revised, 0 duplicate, 0 failed, 0 ignored, 2 skipped" in result.stdout


def test_ingest_says_how_its_dispatches_get_processed(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    folder = write_inputs(tmp_path / "in")
    result = invoke(runner, instance, "ingest", str(folder))
    assert result.stdout.strip().splitlines()[-1] == (
        "queued 2 dispatch(es): run `publisher run` to process them now, "
        "or start `publisher worker`"
    )
    result = invoke(runner, instance, "ingest", str(folder))
    assert result.stdout.strip().splitlines()[-1] == "nothing new to process"


def test_ingest_on_a_redis_queue_leaves_it_to_the_workers(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    import redis

    url = "redis://127.0.0.1:6379/14"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        need(False, "Redis on 127.0.0.1:6379")
    client.flushdb()
    try:
        result = runner.invoke(
            cli,
            ["--instance", str(instance), "ingest", str(write_inputs(tmp_path / "in"))],
            env={"PUBLISHER_QUEUE_URL": url},
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().splitlines()[-1] == (
            "queued 2 dispatch(es) on the Redis queue: a running `publisher worker` "
            "will pick them up"
        )
        assert client.dbsize() > 0
    finally:
        client.flushdb()
        client.close()


def test_ingest_run_processes_at_once(runner: CliRunner, instance: Path, tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in")
    # English dispatches need no translation into English: the run completes here
    result = runner.invoke(
        cli,
        ["--instance", str(instance), "ingest", "--run", str(folder)],
        env={"PUBLISHER_LANGUAGES": "en"},
    )
    assert result.exit_code == 0, result.output
    assert "queued" not in result.output
    jobs, rest = result.stdout.strip().splitlines()[-1].split(" job(s) run; ")
    assert int(jobs) > 0 and rest == "0 translated, 0 pending, 0 failed"
    for dispatch_id in ("1", "2"):
        shown = json.loads(invoke(runner, instance, "show", dispatch_id, "--json").output)
        assert shown["summary"]


def test_ingest_run_fails_when_translations_stay_pending(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        cli,
        ["--instance", str(instance), "ingest", "--run", str(write_inputs(tmp_path / "in"))],
        env={"PUBLISHER_LANGUAGES": "ko"},
    )
    assert result.exit_code == 1
    assert "2 added" in result.output
    assert "pending: no en\u2192ko model installed" in result.stderr
    assert "0 translated, 2 pending, 0 failed" in result.stdout


# --- show ---------------------------------------------------------------------------------------


def test_show_prints_the_text_and_the_summary(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    invoke(runner, instance, "ingest", str(write_inputs(tmp_path / "in")))
    result = invoke(runner, instance, "show", "1")
    assert result.exit_code == 0
    assert "Summary: not yet" in result.output
    assert "Readers see: nothing yet" in result.output
    invoke(runner, instance, "summarize")
    data = json.loads(invoke(runner, instance, "show", "1", "--json").output)
    result = invoke(runner, instance, "show", "1")
    assert result.exit_code == 0
    for paragraph in data["paragraphs"]:
        assert f"\n{paragraph}\n" in result.output
    assert f"Summary ({data['summary']['method']}" in result.output
    summary = result.output.split("Summary (", 1)[1]
    texts = {s["index"]: s["text"] for s in data["sentences"]}
    for index in data["summary"]["sentence_indexes"]:
        assert f"\n  {texts[index]}\n" in summary
    # under the default review policy readers see nothing until an editor approves
    assert result.output.rstrip().endswith(
        "Readers see: nothing yet (until an editor approves it: `publisher review show 1`)"
    )
    refused = invoke(
        runner, instance, "review", "approve", "1", "--lang", "en", "--user", "ed@example.org"
    )
    assert refused.exit_code == 1 and "no account for ed@example.org" in refused.output
    created = runner.invoke(
        cli,
        ["--instance", str(instance), "users", "create", "--role", "editor", "ed@example.org",
         "--password-stdin"],
        input="a long test password\n",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    approved = invoke(
        runner, instance, "review", "approve", "1", "--lang", "en", "--user", "ed@example.org"
    )
    assert approved.exit_code == 0, approved.output
    result = invoke(runner, instance, "show", "1")
    assert result.output.rstrip().endswith("Readers see: en (original)")
    data = json.loads(invoke(runner, instance, "show", "1", "--json").output)
    assert data["publications"]["en"]["provenance"] == "original"


def test_eval_summarize_on_unreadable_or_binary_files(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = runner.invoke(cli, ["eval", "summarize", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:1: not UTF-8 text")
    assert len(result.output.strip().splitlines()) == 1

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    result = runner.invoke(cli, ["eval", "summarize", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: Could not open file '{path}': Permission denied"


def test_ingest_json_report_carries_items_and_skipped_files(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    folder = write_inputs(tmp_path / "in")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "bad.json").write_text("[{", encoding="utf-8")
    result = invoke(runner, instance, "ingest", "--json", str(folder))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["counts"] == {
        "added": 2,
        "revised": 0,
        "duplicate": 0,
        "failed": 1,
        "ignored": 0,
        "skipped": 1,
    }
    assert data["skipped"] == [str(folder / "notes.docx")]
    assert data["queued"] == 2
    failed = [item for item in data["items"] if item["status"] == "failed"]
    assert [item["source_name"] for item in failed] == [str(folder / "bad.json")]
    assert failed[0]["reason"]

    (folder / "bad.json").unlink()  # from here on only pending translations can fail the run
    result = runner.invoke(
        cli,
        ["--instance", str(instance), "ingest", "--json", "--run", str(write_inputs(folder))],
        env={"PUBLISHER_LANGUAGES": "ko"},
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["counts"]["failed"] == 0
    assert "queued" not in data and data["run"]["jobs"] > 0
    assert {(p["dispatch_id"], p["reason"]) for p in data["run"]["pending"]} == {
        (1, "no en\u2192ko model installed"),
        (2, "no en\u2192ko model installed"),
    }
