"""Precision and recall of every quality check on the labelled development set.

The set (tests/data/quality/pairs.jsonl, see its README) holds good translations en→ko/ja/zh/es
and the same pairs with injected errors, each labelled with the checks that must fire. Prints
a table per check and overall, the pairs each kind of injection missed, and a JSON line.

Run: ``python benchmarks/quality_flags.py [FILE]``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from publisher.quality.evaluation import evaluate, format_scores, read_labelled

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "tests" / "data" / "quality" / "pairs.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    items = read_labelled(args.path)
    started = time.perf_counter()
    scores = evaluate(items)
    elapsed = time.perf_counter() - started
    print(format_scores(scores))
    print(f"{elapsed / len(items) * 1000:.2f} ms per pair")
    missed = Counter(kind for kind, _expected, _flagged in scores.mistakes)
    for kind, count in sorted(missed.items()):
        print(f"  {count} pairs of kind {kind!r} flagged otherwise than labelled")
    print(json.dumps(scores.to_json()))


if __name__ == "__main__":
    main()
