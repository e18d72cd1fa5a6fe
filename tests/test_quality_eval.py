"""The quality checks scored on the labelled development set (tests/data/quality): floors
that a regression in any check falls through, and the set itself kept as its generator makes it."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import InvalidInput
from publisher.quality.evaluation import Scores, evaluate, read_labelled

DATA = Path(__file__).parent / "data" / "quality"
PAIRS = DATA / "pairs.jsonl"


@pytest.fixture(scope="module")
def scores() -> Scores:
    return evaluate(read_labelled(PAIRS))


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pairs", DATA / "make_pairs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_set_is_large_covers_every_language_and_error_and_is_up_to_date() -> None:
    lines = PAIRS.read_text("utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) >= 200
    assert set(Counter(item["pair"] for item in items)) == {"en-ko", "en-ja", "en-zh", "en-es"}
    kinds = Counter(item["kind"] for item in items)
    assert set(kinds) == {
        "good",
        "number-changed",
        "number-missing",
        "loop",
        "empty",
        "copied",
        "wrong-language",
        "cut",
        "padded",
    }
    assert kinds["good"] >= 100
    bases = json.loads((DATA / "sentences.json").read_text("utf-8"))
    made = [json.dumps(item, ensure_ascii=False) for item in _generator().items(bases)]
    assert made == lines, "run python tests/data/quality/make_pairs.py"


@pytest.mark.parametrize(
    ("check_id", "precision", "recall"),
    [
        ("numbers", 0.95, 0.95),
        ("repetition", 0.95, 0.95),
        ("empty", 1.0, 1.0),
        ("identical", 0.95, 0.95),
        ("script", 0.95, 0.95),
        ("length", 0.9, 0.9),
        ("sentence_count", 0.9, 0.9),
    ],
)
def test_each_check_stays_above_its_floor(
    scores: Scores, check_id: str, precision: float, recall: float
) -> None:
    counts = scores.by_check[check_id]
    assert counts.tp >= 50, "the set must exercise the check"
    assert counts.precision >= precision, scores.mistakes
    assert counts.recall >= recall, scores.mistakes


def test_good_translations_raise_no_flag(scores: Scores) -> None:
    false_alarms = [m for m in scores.mistakes if m[0] == "good"]
    assert false_alarms == []
    assert scores.overall.precision >= 0.98 and scores.overall.recall >= 0.95


def test_eval_flags_command(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "flags", str(PAIRS)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == [
        "check",
        "precision",
        "recall",
        "tp",
        "fp",
        "fn",
    ]
    result = runner.invoke(cli, ["eval", "flags", str(PAIRS), "--json"])
    data = json.loads(result.output)
    assert data["pairs"] == len(PAIRS.read_text("utf-8").splitlines())
    assert set(data["numbers"]) == {"precision", "recall", "tp", "fp", "fn"}

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a", "target": "b", "pair": "en-ko", "expected": ["nonsense"]}\n')
    result = runner.invoke(cli, ["eval", "flags", str(bad)])
    assert result.exit_code == 1 and "unknown check ids" in result.output
    bad.write_text("not json\n")
    result = runner.invoke(cli, ["eval", "flags", str(bad)])
    assert result.exit_code == 1 and "line 1" in result.output
    bad.write_text("\n")
    with pytest.raises(InvalidInput, match="no labelled pairs"):
        read_labelled(bad)
