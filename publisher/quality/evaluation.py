"""Precision and recall of each check on a labelled set of sentence pairs (JSONL).

Each line: ``{"source", "target", "pair": "en-ko", "expected": [check ids], "kind"?}``. A
check is scored on every pair: flagged and expected is a true positive, flagged but not
expected a false positive, expected but not flagged a false negative.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import InvalidInput
from publisher.quality.base import Context, Pair, Segment
from publisher.quality.registry import BY_ID, check_pair

MAX_LINE = 100_000


@dataclass(frozen=True)
class Labelled:
    pair: Pair
    expected: frozenset[str]
    kind: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scores:
    pairs: int = 0
    by_check: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overall: Counts = field(default_factory=Counts)
    # (id, expected, flagged) of every pair where they differ, for whoever tunes a check
    mistakes: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: c.to_json() for name, c in sorted(self.by_check.items())}
        data["overall"] = self.overall.to_json()
        data["pairs"] = self.pairs
        return data


def _labelled(line: str, number: int) -> Labelled:
    try:
        raw = json.loads(line)
        source, target = raw["source"], raw["target"]
        languages = str(raw["pair"]).split("-", 1)
        expected = frozenset(raw.get("expected", []))
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"line {number}: not a labelled pair ({error})") from error
    if not isinstance(source, str) or not isinstance(target, str) or len(languages) != 2:
        raise InvalidInput(f'line {number}: "source" and "target" are texts, "pair" is like en-ko')
    unknown = expected - set(BY_ID)
    if unknown:
        raise InvalidInput(f"line {number}: unknown check ids {sorted(unknown)}")
    segment = Segment.HEADLINE if raw.get("headline") else Segment.SENTENCE
    score = raw.get("score")
    pair = Pair(source, target, languages[0], languages[1], segment, None, score)
    return Labelled(pair, expected, str(raw.get("kind", "")))


def read_labelled(path: Path) -> list[Labelled]:
    """The pairs of a JSONL file. Raises InvalidInput for a malformed line or an empty file."""
    items = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if len(line) > MAX_LINE:
                raise InvalidInput(f"line {number}: longer than {MAX_LINE} characters")
            if line.strip():
                items.append(_labelled(line, number))
    if not items:
        raise InvalidInput(f"{path}: no labelled pairs")
    return items


def evaluate(items: list[Labelled], context: Context | None = None) -> Scores:
    scores = Scores()
    context = context or Context()
    for n, item in enumerate(items):
        flagged = {flag.check_id for flag in check_pair(item.pair, context)}
        scores.pairs += 1
        for check_id in flagged | item.expected:
            counts = scores.by_check[check_id]
            if check_id in flagged and check_id in item.expected:
                counts.tp += 1
                scores.overall.tp += 1
            elif check_id in flagged:
                counts.fp += 1
                scores.overall.fp += 1
            else:
                counts.fn += 1
                scores.overall.fn += 1
        if flagged != item.expected:
            scores.mistakes.append((item.kind or str(n), sorted(item.expected), sorted(flagged)))
    return scores


def evaluate_file(path: Path) -> Scores:
    return evaluate(read_labelled(path))


def format_scores(scores: Scores) -> str:
    lines = [f"{'check':<16} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}"]
    rows = sorted(scores.by_check.items())
    rows.append(("overall", scores.overall))
    for name, c in rows:
        lines.append(
            f"{name:<16} {c.precision:>9.3f} {c.recall:>7.3f} {c.tp:>5} {c.fp:>5} {c.fn:>5}"
        )
    lines.append(f"{scores.pairs} pairs")
    return "\n".join(lines)
