"""Summarizer cost against dispatch length: time and peak memory, one process per measure.

Sizes are 1, 10 and 100 times a normal dispatch (13 sentences) and the 12,000-sentence
dispatch (about 733 KB) that once asked the default method for 8.6 GiB. Each method and size
runs in a fresh subprocess that loads the resources first, then times one summary and
measures a second one with tracemalloc (peak of Python allocations, numpy included) and
ru_maxrss (the process's resident peak, growth over the baseline after loading). Sizes and
methods are interleaved across repeats; the figures are medians.

``dense (before)`` is the default method as it was (tests/reference_summarizer.py), measured
side by side up to 100x; at 12,000 sentences its need is estimated from its matrix shapes.

Run: ``python benchmarks/summarize.py [--repeats 3] [--methods default,lexrank]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.summarize import METHODS, summarize  # noqa: E402
from publisher.summarize.news import CENTRALITY_WINDOW  # noqa: E402
from publisher.summarize.sumy_methods import MAX_CHARACTERS, MAX_SENTENCES  # noqa: E402
from tests.reference_summarizer import dense_news_summarizer  # noqa: E402

NORMAL = 13
SIZES = (NORMAL, NORMAL * 10, NORMAL * 100, 12_000)
DENSE = "dense (before)"
DENSE_LIMIT = NORMAL * 100
BOUNDS = f"""\
Bounds:
  default  vectors are sparse and similarities summed through an inverted index, so memory
           is linear in the dispatch's words, plus one {CENTRALITY_WINDOW} x {CENTRALITY_WINDOW} \
graph for the first
           {CENTRALITY_WINDOW} sentences (1.3 MB); later sentences get one PageRank step \
from them.
           Time is linear too (tokenizing and stemming dominate).
  sumy     every sumy method reads at most the first {MAX_SENTENCES} sentences and \
{MAX_CHARACTERS:,} characters,
           so its cost is bounded by a constant whatever the dispatch's length.
"""

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "er", "is", "on", "ul"]


def make_dispatch(size: int, seed: int = 7) -> list[str]:
    """``size`` sentences of wire-like text: 8 to 10 words drawn by Zipf's law from 6,000.

    The vocabulary a dispatch uses then grows with its length as real text does.
    """
    rng = random.Random(seed)
    words = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3))) for _ in range(8000)})[
        :6000
    ]
    rng.shuffle(words)
    weights = [1.0 / rank for rank in range(1, len(words) + 1)]
    sentences = []
    for _ in range(size):
        chosen = rng.choices(words, weights=weights, k=rng.randint(8, 10))
        sentences.append(" ".join(chosen).capitalize() + ".")
    return sentences


def run_once(method: str, sentences: list[str]) -> list[int]:
    if method == DENSE:
        return dense_news_summarizer(sentences, "en", 3, "")
    return summarize(sentences, "en", method=method, count=3)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(method: str, size: int) -> dict[str, float]:
    """One measure in this process: seconds, traced peak and resident growth in MiB."""
    sentences = make_dispatch(size)
    run_once(method, make_dispatch(NORMAL, seed=1))  # stop words, stemmers, imports
    baseline = rss_mib()
    start = time.perf_counter()
    run_once(method, sentences)
    seconds = time.perf_counter() - start
    grown = rss_mib() - baseline
    tracemalloc.start()
    run_once(method, sentences)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"seconds": seconds, "traced_mib": peak, "rss_growth_mib": grown}


def measure(method: str, size: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", method, str(size)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    result: dict[str, float] = json.loads(completed.stdout)
    return result


def dense_estimate_mib(size: int) -> float:
    """What the dense method allocates at once: TF-IDF rows (n x V) and three n x n arrays."""
    vocabulary = len({word for sentence in make_dispatch(size) for word in sentence.split()})
    return (2 * size * vocabulary + 3 * size * size) * 8 / 2**20


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--methods", default="", help="comma-separated; default: all but lead")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return 0
    methods = (
        [name.strip() for name in args.methods.split(",") if name.strip()]
        if args.methods
        else ["default", DENSE, *(name for name in METHODS if name not in ("default", "lead"))]
    )
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    for _repeat in range(args.repeats):
        for size in SIZES:
            for method in methods:
                if method == DENSE and size > DENSE_LIMIT:
                    continue
                runs.setdefault((method, size), []).append(measure(method, size))

    def median(method: str, size: int, key: str) -> float:
        return statistics.median(run[key] for run in runs[(method, size)])

    print(BOUNDS)
    characters = {size: sum(len(s) + 1 for s in make_dispatch(size)) for size in SIZES}
    print(
        "sizes: "
        + ", ".join(f"{size} sentences ({characters[size] / 1000:.0f} KB)" for size in SIZES)
    )
    print(f"medians of {args.repeats} runs, one subprocess each\n")
    header = f"{'method':<15}{'sentences':>10}{'seconds':>10}{'traced MiB':>12}{'RSS +MiB':>10}"
    header += f"{'peak/input':>11}"
    print(header)
    print("-" * len(header))
    for method in methods:
        for size in SIZES:
            if (method, size) not in runs:
                estimate = dense_estimate_mib(size)
                print(f"{method:<15}{size:>10}{'not run':>10}{f'~{estimate:,.0f}':>12}")
                continue
            peak = median(method, size, "traced_mib")
            # bytes of peak per byte of text: flat or falling means memory linear in the input
            ratio = peak * 2**20 / characters[size]
            print(
                f"{method:<15}{size:>10}{median(method, size, 'seconds'):>10.3f}{peak:>12.2f}"
                f"{median(method, size, 'rss_growth_mib'):>10.1f}{ratio:>11.1f}"
            )
    if "default" in methods:
        growth = median("default", 12_000, "traced_mib") / median(
            "default", DENSE_LIMIT, "traced_mib"
        )
        print(
            f"\ndefault from {DENSE_LIMIT} to 12000 sentences ({12_000 / DENSE_LIMIT:.1f}x): "
            f"peak x{growth:.1f}, time x"
            f"{median('default', 12_000, 'seconds') / median('default', DENSE_LIMIT, 'seconds'):.1f}"
        )
    if "default" in methods and DENSE in methods:
        print("\ndefault against dense (before), side by side")
        for size in SIZES:
            if (DENSE, size) not in runs:
                continue
            memory = median(DENSE, size, "traced_mib") / median("default", size, "traced_mib")
            speed = median(DENSE, size, "seconds") / median("default", size, "seconds")
            print(
                f"  {size:>6} sentences: dense needs {memory:.1f}x the memory, {speed:.2f}x the time"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
