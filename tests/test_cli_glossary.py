"""`publisher glossary ...` and `publisher memory ...` from the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.core import Desk
from publisher.settings import load_settings
from publisher.translate import editor_memory


def run(instance: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--instance", str(instance), *args])


def test_add_list_remove_and_versions(instance: Path) -> None:
    assert run(instance, "glossary", "list").output.startswith("no glossaries yet")
    added = run(
        instance,
        "glossary",
        "add",
        "--pair",
        "en-ko",
        "Lee Jae Myung",
        "이재명",
        "--kind",
        "forced",
        "--note",
        "President",
    )
    assert added.exit_code == 0, added.output
    assert added.output == "added: forced 'Lee Jae Myung' (en-ko version 1)\n"
    assert (
        run(
            instance, "glossary", "add", "--pair", "en:ko", "NATO", "--kind", "dnt", "--any-case"
        ).exit_code
        == 0
    )
    listed = run(instance, "glossary", "list", "--pair", "en-ko")
    assert listed.output == (
        "en-ko glossary, version 2\n"
        "forced    Lee Jae Myung → 이재명  # President\n"
        "dnt       NATO  (any case)\n"
    )
    data = json.loads(run(instance, "glossary", "list", "--json").output)
    assert data == [
        {"pair": "en-ko", "version": 2, "terms": {"dnt": 1, "forced": 1, "forbidden": 0}}
    ]
    assert run(instance, "glossary", "remove", "--pair", "en-ko", "NATO").exit_code == 0
    missing = run(instance, "glossary", "remove", "--pair", "en-ko", "NATO")
    assert missing.exit_code == 1 and "no such term" in missing.output


def test_bad_input_is_one_line_and_exit_1(instance: Path) -> None:
    for args in (
        ("glossary", "add", "--pair", "en-xx", "UN", "x", "--kind", "forced"),
        ("glossary", "add", "--pair", "en-ko", "UN", "--kind", "forced"),
        ("glossary", "add", "--pair", "en-ko", "UN", "유엔", "--kind", "dnt"),
        ("glossary", "export", "--pair", "en-ko"),
    ):
        result = run(instance, *args)
        assert result.exit_code == 1, args
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_import_dry_run_then_import_and_export_both_formats(instance: Path, tmp_path: Path) -> None:
    source = tmp_path / "terms.csv"
    source.write_text(
        "source,target,kind,note\nUN,유엔,forced,\nEU,,forced,\nBTS,,dnt,band\n", "utf-8"
    )
    dry = run(instance, "glossary", "import", str(source), "--pair", "en-ko", "--dry-run")
    assert dry.exit_code == 1  # a row was skipped
    assert "skipped line 3: a forced term needs a rendering" in dry.output
    assert "would import 2 added into en-ko; 1 skipped" in dry.output
    assert run(instance, "glossary", "list").output.startswith("no glossaries")
    done = run(instance, "glossary", "import", str(source), "--pair", "en-ko")
    assert "imported 2 added into en-ko; 1 skipped" in done.output
    exported = run(instance, "glossary", "export", "--pair", "en-ko", "--format", "csv")
    assert exported.output.splitlines() == [
        "source,target,kind,note,case_sensitive",
        "UN,유엔,forced,,yes",
        "BTS,,dnt,band,yes",
    ]
    tbx = tmp_path / "out.tbx"
    result = run(
        instance, "glossary", "export", "--pair", "en-ko", "--format", "tbx", "-o", str(tbx)
    )
    assert result.exit_code == 0 and b"<conceptEntry" in tbx.read_bytes()
    # the TBX comes back in unchanged
    again = run(instance, "glossary", "import", str(tbx), "--pair", "en-ko")
    assert again.exit_code == 0 and "imported 2 unchanged" in again.output


def test_memory_list_and_export(instance: Path, tmp_path: Path) -> None:
    assert run(instance, "memory", "list").exit_code == 0
    desk = Desk(load_settings({"instance": str(instance)}))
    with desk.store.session() as session:
        when = datetime(2026, 11, 1, 9, tzinfo=UTC)
        editor_memory.remember(session, "en", "ko", "Hello.", "안녕.", "ana@desk", when)
        editor_memory.remember(session, "en", "ko", "Hello.", "안녕하세요.", "ben@desk", when)
    desk.close()
    listed = run(instance, "memory", "list", "--pair", "en-ko")
    assert listed.output.splitlines()[1:] == ["    Hello.", "    → 안녕하세요."]
    out = tmp_path / "memory.jsonl"
    assert run(instance, "memory", "export", "--retired", "-o", str(out)).exit_code == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(e["target"], e["editor"], e["retired_by"]) for e in lines] == [
        ("안녕.", "ana@desk", "ben@desk"),
        ("안녕하세요.", "ben@desk", None),
    ]


def test_a_hostile_tbx_is_refused_and_nothing_written(instance: Path, tmp_path: Path) -> None:
    path = tmp_path / "laughs.tbx"
    path.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "ha">]>'
        b"<tbx><text><body><conceptEntry/></body></text></tbx>"
    )
    result = run(instance, "glossary", "import", str(path), "--pair", "en-ko")
    assert result.exit_code == 1
    assert result.output == "Error: the TBX file declares entities; they are refused\n"
    assert run(instance, "glossary", "list").output.startswith("no glossaries")
