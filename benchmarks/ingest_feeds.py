"""Feed ingest speed: entries per second for RSS and Atom, this checkout against another.

Feeds are generated (our own sentences, in English, Spanish, Portuguese and Korean): RSS 2.0
and Atom with HTML content, some with white space or a BOM before the declaration, one
Latin-1 feed declared UTF-8, one without entry titles. Each checkout is timed in its own
subprocess (parse_items on every file, after a warm-up that loads the language model), the
runs interleaved; figures are medians over the repeats.

Run: ``python benchmarks/ingest_feeds.py [--repeats 5] [--entries 40] [--baseline /work/main]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

SENTENCES = {
    "en": [
        "The city council approved a new budget for public transport on Monday.",
        "Bus fares will stay the same until the end of next year.",
        "Officials said the money would pay for twelve electric buses.",
        "The opposition called the plan too cautious for a growing city.",
    ],
    "es": [
        "El ayuntamiento aprobó el lunes un nuevo presupuesto para el transporte público.",
        "Las tarifas del autobús no cambiarán hasta finales del año próximo.",
        "Los responsables dijeron que el dinero pagará doce autobuses eléctricos.",
    ],
    "pt": [
        "A prefeitura de São Paulo anunciou ação rápida contra as enchentes.",
        "Não há previsão de chuva forte para amanhã, segundo os meteorologistas.",
        "Os moradores das regiões mais baixas receberam orientação da defesa civil.",
    ],
    "ko": [
        "부산시는 월요일에 새 여객터미널을 열었다.",
        "당국은 내년 승객 수가 두 배로 늘 것으로 본다.",
        "터미널에는 전기 버스 정류장도 함께 들어섰다.",
    ],
}


def _story(rng: random.Random, language: str) -> tuple[str, list[str]]:
    pool = SENTENCES[language]
    paragraphs = [" ".join(rng.sample(pool, k=min(2, len(pool)))) for _ in range(5)]
    return pool[0].rstrip("."), paragraphs


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss(rng: random.Random, entries: int, language: str, *, titles: bool = True) -> str:
    items = []
    for number in range(entries):
        headline, paragraphs = _story(rng, language)
        html = _escape("".join(f"<p>{p}</p>" for p in paragraphs))
        title = f"<title>{headline} {number}</title>" if titles else ""
        items.append(
            f"<item>{title}<link>/news/{number}.html</link><guid>urn:bench:{language}:{number}"
            f"</guid><pubDate>Mon, 06 Jan 2025 10:{number % 60:02d}:00 GMT</pubDate>"
            f"<description>{html}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>https://news.example.org/</link><language>{language}</language>"
        + "".join(items)
        + "</channel></rss>"
    )


def atom(rng: random.Random, entries: int, language: str) -> str:
    items = []
    for number in range(entries):
        headline, paragraphs = _story(rng, language)
        html = _escape("".join(f"<p>{p}</p>" for p in paragraphs))
        items.append(
            f"<entry><title>{headline} {number}</title><id>urn:bench:atom:{number}</id>"
            f'<link href="items/{number}"/><updated>2025-01-06T10:00:00Z</updated>'
            f'<content type="html">{html}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="{language}" xml:base="https://news.example.org/"><title>Bench</title>'
        "<id>urn:bench</id><updated>2025-01-06T10:00:00Z</updated>" + "".join(items) + "</feed>"
    )


def write_corpus(folder: Path, entries: int) -> int:
    """Write the feeds; return how many entries they hold."""
    rng = random.Random(11)
    feeds = {
        "en.rss": rss(rng, entries, "en").encode(),
        "es.atom": atom(rng, entries, "es").encode(),
        "ko.rss": ("\n  " + rss(rng, entries, "ko")).encode(),
        "bom.atom": b"\xef\xbb\xbf" + atom(rng, entries, "en").encode(),
        "pt-latin1.rss": rss(rng, entries, "pt").encode("latin-1"),
        "untitled.rss": rss(rng, entries, "en", titles=False).encode(),
    }
    for name, data in feeds.items():
        (folder / name).write_bytes(data)
    return entries * len(feeds)


def worker(folder: Path, repeats: int) -> None:
    """Time parse_items on each feed ``repeats`` times; print, as JSON, each feed's seconds
    and how many dispatches it gave."""
    from publisher.ingest import ParsedDispatch, parse_items  # noqa: PLC0415 - the checkout's

    files = sorted(folder.iterdir())
    stored = {}
    for path in files:  # warm-up: the language model, feedparser, patterns
        items = parse_items(path.read_bytes(), path.name)
        stored[path.name] = sum(isinstance(item, ParsedDispatch) for item in items)
    seconds: dict[str, list[float]] = {path.name: [] for path in files}
    for _ in range(repeats):
        for path in files:
            data = path.read_bytes()
            start = time.perf_counter()
            parse_items(data, path.name)
            seconds[path.name].append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "stored": stored}))


def _measure(checkout: Path, folder: Path, repeats: int) -> dict[str, Any]:
    code = (
        f"import sys; sys.path.insert(0, {str(checkout)!r}); "
        f"sys.path.insert(1, {str(REPO / 'benchmarks')!r}); "
        f"import ingest_feeds; ingest_feeds.worker(__import__('pathlib').Path({str(folder)!r}), "
        f"{repeats})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=checkout
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--entries", type=int, default=40, help="entries per feed")
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    checkouts = {"this": REPO}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.entries)
        seconds: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}
        stored: dict[str, dict[str, int]] = {}
        for _ in range(args.repeats):  # interleaved, so that load on the machine hits both
            for name, checkout in checkouts.items():
                run = _measure(checkout, folder, 3)
                stored[name] = run["stored"]
                for feed, times in run["seconds"].items():
                    seconds[name].setdefault(feed, []).extend(times)
    print(f"{args.entries} entries per feed, {args.repeats} x 3 runs, medians; entries/s")
    print(f"  {'feed':<15}" + "".join(f"{name:>16}" for name in checkouts) + "   ratio")
    totals = {name: 0.0 for name in checkouts}
    for feed in sorted(seconds["this"]):
        cells, rates = [], {}
        for name in checkouts:
            median = statistics.median(seconds[name][feed])
            rates[name] = args.entries / median
            cells.append(f"{rates[name]:8.1f} ({stored[name][feed]:>3} ok)")
        same = len({stored[name][feed] for name in checkouts}) == 1
        ratio = f"{rates['this'] / rates['baseline']:8.2f}" if len(rates) > 1 and same else ""
        if same:
            for name in checkouts:
                totals[name] += statistics.median(seconds[name][feed])
        print(f"  {feed:<15}" + "".join(f"{cell:>16}" for cell in cells) + ratio)
    if len(checkouts) > 1:
        print(
            "  feeds both read in full, time this/baseline: "
            f"{totals['this'] / totals['baseline']:.2f} (below 1 is faster)"
        )


if __name__ == "__main__":
    main()
