"""Glossary cost per dispatch: protecting terms before the engine, restoring them after, and
checking the output, against the glossary's size.

A 40-sentence dispatch (sentences made up here, a few holding glossary terms) meets
glossaries of 100, 1,000 and 20,000 terms (the most a glossary may hold); the figures are the
median of several runs, in milliseconds per dispatch, and what the substring pre-filter of
publisher.glossary.matching saves against running every term's pattern.

Run: ``python benchmarks/glossary.py [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.glossary import matching  # noqa: E402
from publisher.glossary.check import term_problems  # noqa: E402
from publisher.glossary.model import Term, TermKind, make_term  # noqa: E402
from publisher.glossary.protect import protect, restore  # noqa: E402

SIZES = (100, 1_000, 20_000)
NAMES = ("Lee Jae Myung", "UN Third Committee", "Port Elwin", "Busan Port Authority")


def sentences() -> list[str]:
    base = [
        f"Officials from {NAMES[i % 4]} said the harbour plan {i} would cost more than expected."
        if i % 3 == 0
        else f"The council met on day {i} and discussed the budget for the coming year."
        for i in range(40)
    ]
    return base


def glossary(size: int) -> list[Term]:
    terms = [make_term(name, f"R{n}", TermKind.FORCED) for n, name in enumerate(NAMES)]
    terms += [make_term(f"Term{n} Example", f"렌더링{n}", TermKind.FORCED) for n in range(size - 4)]
    return terms


def timed(work: Callable[[], object], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def dispatch(texts: list[str], terms: list[Term]) -> None:
    for text in texts:
        protected = protect(text, terms, "ko")
        output = restore(protected.text, protected, "ko") or ""
        term_problems(text, output, terms, "ko")


def unfiltered(texts: list[str], terms: list[Term]) -> None:
    for text in texts:
        for term in terms:
            matching.occurrences(text, term.source, term.case_sensitive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = sentences()
    print(f"{'terms':>7}  {'protect+restore+check ms':>25}  {'patterns only, no filter ms':>28}")
    for size in SIZES:
        terms = glossary(size)
        dispatch(texts, terms)  # compile and cache the patterns first
        with_filter = timed(functools.partial(dispatch, texts, terms), args.repeats)
        # without the filter a long glossary's patterns no longer fit the pattern cache and
        # are compiled again for every sentence: measured up to 1,000 terms only
        without = "(not run)"
        if size <= 1_000:
            unfiltered(texts, terms)
            without = f"{timed(functools.partial(unfiltered, texts, terms), args.repeats):.1f}"
        print(f"{size:>7}  {with_filter:>25.1f}  {without:>28}")


if __name__ == "__main__":
    main()
