"""Compare the summarizers on a JSONL file of ``{"document": ..., "summary": ...}`` lines.

Scores are mean ROUGE F1 (the ``rouge-score`` package, Porter stemming on) of each method's
summary against the reference. Documents are split into paragraphs at line breaks and into
sentences with :func:`publisher.text.split_paragraphs`. A malformed line stops the evaluation
with MalformedItem naming the file and line: a benchmark silently skipping items would not be
comparable with earlier runs. A file with no items at all is an error too, since mean scores
over nothing would read as a real result of zero.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from publisher.errors import ConfigError, MalformedItem
from publisher.summarize import METHODS, method_name, summarize
from publisher.text import split_paragraphs

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")
_HEADERS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}


@dataclasses.dataclass(frozen=True)
class EvalItem:
    """One benchmark document, already split into sentences, and its reference summary."""

    sentences: list[str]
    summary: str
    title: str = ""


def _field(record: dict[str, object], name: str, where: str, required: bool = True) -> str:
    value = record.get(name, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise MalformedItem(f"{where}: {name!r} must be a non-empty string", source=where)
    return value


def read_items(path: Path, language: str = "en", limit: int | None = None) -> Iterator[EvalItem]:
    """Yield the items of a JSONL benchmark file, blank lines skipped.

    Raises MalformedItem (source ``path:line``) for a line that is not UTF-8 or not a JSON object
    with string fields ``document`` and ``summary`` (``title`` optional), and OSError if the
    file cannot be read.
    """
    yielded = 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if limit is not None and yielded >= limit:
                return
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise MalformedItem(
                    f"{where}: not UTF-8 text ({error.reason})", source=where
                ) from error
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise MalformedItem(f"{where}: not JSON ({error.msg})", source=where) from error
            if not isinstance(record, dict):
                raise MalformedItem(f"{where}: expected a JSON object", source=where)
            document = _field(record, "document", where)
            summary = _field(record, "summary", where)
            title = _field(record, "title", where, required=False)
            paragraphs = document.splitlines()
            sentences = [sentence for _, sentence in split_paragraphs(paragraphs, language)]
            yield EvalItem(sentences=sentences, summary=summary, title=title)
            yielded += 1


def evaluate_summarizers(
    path: Path,
    *,
    methods: Sequence[str] | None = None,
    count: int = 1,
    limit: int | None = None,
    language: str = "en",
) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F1 (0..1) of each method's ``count``-sentence summaries.

    Method names are matched in any letter case. Raises ConfigError for an unknown method or a
    ``count`` or ``limit`` below 1, MalformedItem for a bad line or a file without any item, and
    OSError when the file cannot be read.
    """
    names = list(METHODS) if methods is None else list(dict.fromkeys(map(method_name, methods)))
    if not names:
        raise ConfigError("give at least one summary method to evaluate")
    if count < 1:
        raise ConfigError(f"summary sentence count must be at least 1, not {count}")
    if limit is not None and limit < 1:
        raise ConfigError(f"the item limit must be at least 1, not {limit}")
    items = list(read_items(path, language, limit))
    if not items:
        raise MalformedItem(
            f"{path}: no items to evaluate (expected JSON Lines of document and summary)",
            source=str(path),
        )
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    results: dict[str, dict[str, float]] = {}
    for name in names:
        totals = dict.fromkeys(ROUGE_TYPES, 0.0)
        for item in items:
            chosen = summarize(item.sentences, language, method=name, count=count, title=item.title)
            prediction = " ".join(item.sentences[index] for index in chosen)
            scores = scorer.score(item.summary, prediction)
            for rouge_type in ROUGE_TYPES:
                totals[rouge_type] += scores[rouge_type].fmeasure
        results[name] = {key: total / len(items) for key, total in totals.items()}
    return results


def format_table(scores: dict[str, dict[str, float]], default: str = "default") -> str:
    """An aligned text table of ``scores`` in percent, best ROUGE-1 first, ``default`` starred."""
    rows = sorted(scores.items(), key=lambda item: (-item[1].get("rouge1", 0.0), item[0]))
    header = ["method", *(_HEADERS[key] for key in ROUGE_TYPES)]
    body = [
        [
            f"{name} *" if name == default else name,
            *(f"{100 * values.get(key, 0.0):.1f}" for key in ROUGE_TYPES),
        ]
        for name, values in rows
    ]
    widths = [max(len(row[column]) for row in [header, *body]) for column in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "  ".join("-" * width for width in widths)
    lines = [line(header), rule, *(line(row) for row in body)]
    if default in scores:
        lines.append(f"* {default}: the method used when none is configured")
    return "\n".join(lines)
