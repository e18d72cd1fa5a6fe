"""ROUGE evaluation of the summarizers, on small files written here and on the XSum sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.errors import ConfigError, MalformedItem
from publisher.evaluation import evaluate_summarizers, format_table, read_items

XSUM_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "xsum_dev.jsonl"

DOCUMENT = (
    "Busan opened a new ferry terminal on Monday after three years of work.\n"
    "The terminal can handle four ferries at once. Officials expect passenger numbers to double."
)


def _write(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    return path


def test_perfect_summary_scores_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "perfect.jsonl",
        [
            {
                "document": DOCUMENT,
                "summary": "Busan opened a new ferry terminal on Monday after three years of work.",
            }
        ],
    )
    scores = evaluate_summarizers(path, methods=["lead"], count=1)
    assert scores["lead"] == pytest.approx({"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0})


def test_unrelated_summary_scores_low(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "unrelated.jsonl",
        [{"document": DOCUMENT, "summary": "Chess grandmaster wins blitz final in Oslo."}],
    )
    scores = evaluate_summarizers(path, methods=["lead", "default"], count=1)
    for values in scores.values():
        assert values["rouge1"] < 0.1
        assert values["rouge2"] == 0.0


def test_limit_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    record = {"document": DOCUMENT, "summary": "Ferry terminal opens.", "title": "Terminal"}
    path.write_text(f"{json.dumps(record)}\n\n{json.dumps(record)}\n", encoding="utf-8")
    items = list(read_items(path))
    assert len(items) == 2
    assert items[0].sentences[1] == "The terminal can handle four ferries at once."
    assert items[0].title == "Terminal"
    assert len(list(read_items(path, limit=1))) == 1


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"document": "Text."}', "summary"),
        ('{"document": "", "summary": "S."}', "document"),
        ('{"document": "Text.", "summary": "S.", "title": 3}', "title"),
    ],
)
def test_malformed_line_names_its_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"document": DOCUMENT, "summary": "Ferry terminal opens."})
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(MalformedItem, match=reason) as error:
        evaluate_summarizers(path, methods=["lead"])
    assert error.value.source == f"{path}:2"


def test_a_line_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = json.dumps({"document": DOCUMENT, "summary": "S."}).encode()
    path.write_bytes(good + b"\n" + '{"document": "Caf\u00e9", "summary": "S."}'.encode("latin-1"))
    with pytest.raises(MalformedItem, match="not UTF-8 text") as error:
        evaluate_summarizers(path, methods=["lead"])
    assert error.value.source == f"{path}:2"


def test_unknown_method_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", [{"document": DOCUMENT, "summary": "S."}])
    with pytest.raises(ConfigError, match="known methods"):
        evaluate_summarizers(path, methods=["nope"])


@pytest.mark.parametrize("text", ["", "\n  \n\n"])
def test_a_file_without_items_is_an_error_not_zero_scores(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedItem, match="no items to evaluate") as error:
        evaluate_summarizers(path, methods=["lead"])
    assert error.value.source == str(path)


def test_method_names_in_any_case_each_scored_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", [{"document": DOCUMENT, "summary": "S."}])
    scores = evaluate_summarizers(path, methods=["LEAD", "lead", "LexRank"])
    assert list(scores) == ["lead", "lexrank"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"count": 0}, "at least 1"),
        ({"limit": 0}, "at least 1"),
        ({"methods": []}, "at least one summary method"),
    ],
)
def test_bad_options_are_config_errors(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    path = _write(tmp_path / "items.jsonl", [{"document": DOCUMENT, "summary": "S."}])
    with pytest.raises(ConfigError, match=message):
        evaluate_summarizers(path, **options)  # type: ignore[arg-type]


def test_format_table_sorts_and_marks_default() -> None:
    table = format_table(
        {
            "lead": {"rouge1": 0.158, "rouge2": 0.015, "rougeL": 0.117},
            "default": {"rouge1": 0.2, "rouge2": 0.03, "rougeL": 0.15},
            "lexrank": {"rouge1": 0.186, "rouge2": 0.027, "rougeL": 0.132},
        }
    )
    lines = table.splitlines()
    assert lines[0].split() == ["method", "ROUGE-1", "ROUGE-2", "ROUGE-L"]
    assert [line.split()[0] for line in lines[2:5]] == ["default", "lexrank", "lead"]
    assert lines[2].split() == ["default", "*", "20.0", "3.0", "15.0"]
    assert lines[4].split() == ["lead", "15.8", "1.5", "11.7"]
    assert len({len(line) for line in lines[:5]}) == 1
    assert lines[-1].startswith("* default")


@pytest.mark.skipif(not XSUM_DEV.is_file(), reason="../shared/eval/xsum_dev.jsonl not present")
def test_default_beats_lead_and_lexrank_on_xsum_sample() -> None:
    scores = evaluate_summarizers(XSUM_DEV, methods=["default", "lead", "lexrank"], count=1)
    default = scores["default"]
    for key in ("rouge1", "rougeL"):
        assert default[key] >= max(scores["lead"][key], scores["lexrank"][key]), scores
