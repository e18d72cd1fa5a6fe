"""The Argos path through the whole desk: tiny real packages, installed from files by the CLI,
then loaded, batched, pivoted and remembered by the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from tests.test_pipeline import write_inputs
from tests.tinyargos import build_argos_package

JAPANESE = """\
---
title: 港の新しいフェリーターミナルが開業
agency: Desk Wire
language: ja
guid: desk-wire-ja-ferry
---

港町に新しいフェリーターミナルが月曜日に開業した。
ターミナルは一度に四隻の船を受け入れることができる。
市は来年までに乗客数が二倍になると見込んでいる。
地元の商店はこの知らせを歓迎した。
"""


@pytest.fixture
def archives(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "archives"
    return {
        "en-ko": build_argos_package(folder, "en", "ko", seed=1),
        "ja-en": build_argos_package(folder, "ja", "en", seed=2),
    }


def invoke(instance: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args])
    return result.exit_code, result.output


def test_pending_korean_completes_once_models_are_installed(
    instance: Path, tmp_path: Path, archives: dict[str, Path]
) -> None:
    inputs = write_inputs(tmp_path / "in")
    (inputs / "ferry-ja.md").write_text(JAPANESE, encoding="utf-8")
    code, output = invoke(instance, "ingest", str(inputs))
    assert code == 0, output

    code, output = invoke(instance, "translate", "--to", "ko")
    assert code == 1
    assert "no en\u2192ko model installed" in output

    for archive in archives.values():
        code, output = invoke(instance, "models", "install", "--file", str(archive))
        assert code == 0, output
    code, output = invoke(instance, "models", "list", "--json")
    listed = json.loads(output)
    assert {(p["from"], p["to"]) for p in listed["argos_packages"]} == {("en", "ko"), ("ja", "en")}
    assert listed["routes"]["ja-ko"] == "argos+argos"  # a pivot, both legs on argos

    code, output = invoke(instance, "run")
    assert code == 0, output
    views = json.loads(invoke(instance, "list", "--json")[1])
    by_language = {view["source_language"]: view for view in views}
    assert set(by_language) == {"en", "ja"}
    for view in views:
        korean = view["translations"]["ko"]
        assert korean["status"] == "done"
        expected = "argos" if view["source_language"] == "en" else "argos+argos"
        assert korean["engine"] == expected
        assert len(korean["sentences"]) == len(view["summary"]["sentence_indexes"])
        assert all(isinstance(s, str) for s in korean["sentences"])
    # the Japanese dispatch went ja→en→ko: both model versions are recorded
    pivot = by_language["ja"]["translations"]["ko"]["model_version"]
    assert "ja_en" in pivot and "en_ko" in pivot


def test_memory_spares_the_model_on_a_second_translation(
    instance: Path, tmp_path: Path, archives: dict[str, Path]
) -> None:
    from publisher.core import Desk
    from publisher.settings import load_settings

    invoke(instance, "models", "install", "--file", str(archives["en-ko"]))
    invoke(instance, "ingest", str(write_inputs(tmp_path / "in")))
    desk = Desk(load_settings({"instance": str(instance), "languages": "ko"}))
    first = desk.translate(["ko"])
    assert len(first.done) == 2
    assert desk.memory.misses > 0
    loaded = desk.engines["argos"]
    again = Desk(load_settings({"instance": str(instance), "languages": "ko"}))
    second = again.translate(["ko"], [1, 2])
    assert len(second.done) == 2
    assert again.memory.misses == 0 and again.memory.hits > 0
    # the fresh desk never had to load a model
    assert not again.engines["argos"].loaded_pairs()  # type: ignore[attr-defined]
    assert loaded.loaded_pairs()  # type: ignore[attr-defined]
    assert [v.translations["ko"].sentences for v in desk.dispatches()] == [
        v.translations["ko"].sentences for v in again.dispatches()
    ]
