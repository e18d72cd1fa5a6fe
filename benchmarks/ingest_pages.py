"""Ingest of news pages: recall (story kept), leakage (furniture kept) and pages per second.

Writes the development set of benchmarks/pages (make_pages.py: ``<name>.html`` with
``<name>.json`` beside it, the story's paragraphs and the furniture lines the page holds) into a
temporary folder, or reads ``--pages DIR`` (any folder of such pairs), parses every page as
``publisher ingest`` does, and prints

- recall: the share of story paragraphs found whole in the dispatch's paragraphs;
- leakage: the share of furniture lines (that the page holds) found in the paragraphs;
- headlines and published times that match the page's truth, and pages that failed;
- pages per second over the whole folder, median of ``--repeat`` runs, after one first page
  whose time (loading the extractor's and the language identifier's models) is shown apart.

``--baseline DIR`` runs the same measurement with another checkout's ``publisher`` package
(e.g. /work/main) in a subprocess and prints both side by side.

``--real`` measures the real, openly licensed pages of tests/data/real_pages instead (their
README.md says where they come from): recall and leakage against trafilatura's annotations of
them, headlines and publication times against what each page states.

Run: PYTHONPATH=$PWD python benchmarks/ingest_pages.py [--real] [--baseline /work/main] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _present(line: str, page: str) -> bool:
    return html.escape(line, quote=True) in page or line in page


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    from datetime import datetime

    from publisher.errors import MalformedItem
    from publisher.ingest import parse_bytes

    pages = sorted(folder.glob("*.html"))
    truths = {page: json.loads(page.with_suffix(".json").read_text("utf-8")) for page in pages}
    blobs = {page: page.read_bytes() for page in pages}
    # the first page pays for loading models once per process: reported apart, not per page
    cold = time.perf_counter()
    for page in pages:
        try:
            parse_bytes(blobs[page], "warm-up.html")
        except MalformedItem:
            continue
        break
    cold_start = time.perf_counter() - cold
    runs: list[float] = []
    results: dict[Path, Any] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            try:
                results[page] = parse_bytes(blobs[page], page.name)[0]
            except MalformedItem as error:
                results[page] = error.reason
        runs.append(time.perf_counter() - start)
    kept = total = leaked = furniture = headlines = dated = failed = 0
    layouts: dict[str, list[int]] = {}
    for page in pages:
        truth, result, source = truths[page], results[page], blobs[page].decode("utf-8")
        total += len(truth["story"])
        shown = [line for line in truth["furniture"] if _present(line, source)]
        furniture += len(shown)
        if isinstance(result, str):
            failed += 1
            counts = layouts.setdefault(truth["layout"], [0, 0, 0, 0])
            counts[1] += len(truth["story"])
            counts[3] += len(shown)
            continue
        body = "\n".join(_norm(p) for p in result.paragraphs)
        found = sum(_norm(p) in body for p in truth["story"])
        leaks = sum(_norm(line) in body for line in shown)
        kept, leaked = kept + found, leaked + leaks
        counts = layouts.setdefault(truth["layout"], [0, 0, 0, 0])
        for slot, value in enumerate((found, len(truth["story"]), leaks, len(shown))):
            counts[slot] += value
        headlines += result.headline == truth["headline"]
        expected = truth["published"]
        dated += expected is None or result.published == datetime.fromisoformat(expected)
    return {
        "pages": len(pages),
        "failed": failed,
        "recall": kept / total if total else 0.0,
        "leakage": leaked / furniture if furniture else 0.0,
        "headlines": headlines,
        "dated": dated,
        "pages_per_second": len(pages) / statistics.median(runs),
        "first_page_seconds": cold_start,
        "by_layout": {
            name: f"recall {c[0]}/{c[1]}, leakage {c[2]}/{c[3]}"
            for name, c in sorted(layouts.items())
        },
    }


def _real_scorer() -> Any:
    # loaded from this checkout's tests/ by path: a --baseline run imports another checkout's
    # publisher package, which is what is measured, but scores it the same way
    import importlib.util

    path = HERE.parent / "tests" / "real_pages_score.py"
    spec = importlib.util.spec_from_file_location("real_pages_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_pages_score"] = module
    spec.loader.exec_module(module)
    return module


def measure_real(repeat: int) -> dict[str, Any]:
    from publisher.errors import MalformedItem
    from publisher.ingest import parse_bytes

    scorer = _real_scorer()
    truths = scorer.load_truths()
    blobs = [(scorer.REAL_PAGES / truth.file).read_bytes() for truth in truths]
    cold = time.perf_counter()
    try:
        parse_bytes(blobs[0], "warm-up.html")
    except MalformedItem:
        pass
    cold_start = time.perf_counter() - cold
    runs: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for truth, blob in zip(truths, blobs, strict=True):
            try:
                parse_bytes(blob, truth.file)
            except MalformedItem:
                continue
        runs.append(time.perf_counter() - start)
    scores = [scorer.score_page(t, b) for t, b in zip(truths, blobs, strict=True)]
    summary = scorer.summarize(scores)
    problems = []
    for score in scores:
        name = score.truth.file
        if score.failure:
            problems.append(f"{name}: failed: {score.failure}")
        problems += [f"{name}: missed {text!r}" for text in score.missed if not score.failure]
        problems += [f"{name}: leaked {text!r}" for text in score.leaked]
        if not score.failure and not score.headline_right:
            problems.append(f"{name}: headline {score.headline!r}, not {score.truth.headline!r}")
        if not score.failure and not score.published_right:
            problems.append(f"{name}: published {score.published}, not {score.truth.published}")
    return {
        "pages": summary.pages,
        "failed": summary.failed,
        "recall": summary.recall,
        "leakage": summary.leakage,
        "headlines": summary.headlines,
        "dated": summary.dated,
        "pages_per_second": len(truths) / statistics.median(runs),
        "first_page_seconds": cold_start,
        "problems": problems,
    }


def _baseline(checkout: Path, folder: Path | None, repeat: int, real: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, __file__, "--json", "--repeat", str(repeat)]
    command += ["--real"] if real else ["--pages", str(folder)]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=True, cwd=checkout
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _print(columns: dict[str, dict[str, Any]]) -> None:
    rows = [
        ("pages", "{:d}"),
        ("failed", "{:d}"),
        ("recall", "{:.3f}"),
        ("leakage", "{:.3f}"),
        ("headlines", "{:d}"),
        ("dated", "{:d}"),
        ("pages_per_second", "{:.2f}"),
        ("first_page_seconds", "{:.2f}"),
    ]
    print(f"{'':18}" + "".join(f"{name:>12}" for name in columns))
    for key, form in rows:
        print(f"{key:18}" + "".join(f"{form.format(c[key]):>12}" for c in columns.values()))
    for name, column in columns.items():
        for layout, figures in column.get("by_layout", {}).items():
            print(f"  {name:>6} {layout:<10} {figures}")
        for problem in column.get("problems", []):
            print(f"  {name:>6} {problem}")
    if len(columns) == 2:
        before, after = columns.values()
        ratio = after["pages_per_second"] / before["pages_per_second"]
        print(f"{'speed ratio':18}{ratio:>24.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="a folder of pages (default: the dev set)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a checkout whose publisher to compare")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--real", action="store_true", help="the real pages of tests/data")
    args = parser.parse_args()
    if args.real:
        _run(args, None)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.pages or _write_dev_set(Path(scratch))
        _run(args, folder)


def _write_dev_set(out: Path) -> Path:
    sys.path.insert(0, str(HERE / "pages"))
    from make_pages import write_pages

    write_pages(out)
    return out


def _run(args: argparse.Namespace, folder: Path | None) -> None:
    current = measure_real(args.repeat) if folder is None else measure(folder, args.repeat)
    if args.json:
        print(json.dumps(current))
        return
    columns = {}
    if args.baseline:
        columns["before"] = _baseline(args.baseline, folder, args.repeat, folder is None)
    columns["after" if args.baseline else "now"] = current
    _print(columns)


if __name__ == "__main__":
    main()
