"""Reader-site throughput: `publisher serve` (gunicorn) under wrk on loopback.

Fills a fresh instance with 2,000 published dispatches of our own generated text (English
and Korean originals; summaries in five languages: en, ko, es, fr, ja), starts the production
server, warms it up, then measures requests/s and p50/p99 latency with ``wrk --latency`` for
the home page, a digest page and a dispatch page: plain, with ``Accept-Encoding: gzip``, and
as conditional requests (``If-None-Match`` with the page's ETag, answered 304).

Prints a table, then one JSON line with the figures. Run:
``.venv/bin/python benchmarks/web.py [--dispatches 2000] [--duration 10] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.core import Desk  # noqa: E402
from publisher.db import Dispatch, Publication, Revision, Sentence, Summary, Translation  # noqa: E402
from publisher.settings import load_settings  # noqa: E402
from tests.browser_support import served  # noqa: E402

TARGET_RPS = 300.0
TARGET_P99_MS = 100.0
TRANSLATED = ("ko", "es", "fr", "ja")
DAYS = 20
NEWEST = datetime(2025, 11, 12, 12, 0, tzinfo=UTC)

# Our own vocabulary for synthetic wire copy, one table per language: the same slots filled
# with words of each language, so that every "translation" reads as a sentence of it.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "place": ("Busan", "Incheon", "Daegu", "Gwangju", "Ulsan", "Suwon", "Jeonju"),
        "body": ("the port authority", "the city council", "two rail unions", "the weather office"),
        "act": ("approved", "postponed", "announced", "rejected"),
        "thing": ("a new ferry route", "a budget for parks", "a wage deal", "a flood warning"),
    },
    "ko": {
        "place": ("부산", "인천", "대구", "광주", "울산", "수원", "전주"),
        "body": ("항만공사", "시의회", "철도 노조 두 곳", "기상청"),
        "act": ("승인했다", "연기했다", "발표했다", "거부했다"),
        "thing": ("새 여객선 항로를", "공원 예산을", "임금 합의를", "홍수 경보를"),
    },
    "es": {
        "place": ("Busan", "Incheon", "Daegu", "Gwangju", "Ulsan", "Suwon", "Jeonju"),
        "body": (
            "la autoridad portuaria",
            "el ayuntamiento",
            "dos sindicatos",
            "el servicio meteorológico",
        ),
        "act": ("aprobó", "aplazó", "anunció", "rechazó"),
        "thing": (
            "una nueva ruta de ferri",
            "un presupuesto de parques",
            "un acuerdo salarial",
            "una alerta",
        ),
    },
    "fr": {
        "place": ("Busan", "Incheon", "Daegu", "Gwangju", "Ulsan", "Suwon", "Jeonju"),
        "body": (
            "l'autorité portuaire",
            "le conseil municipal",
            "deux syndicats",
            "la météo nationale",
        ),
        "act": ("a approuvé", "a reporté", "a annoncé", "a rejeté"),
        "thing": (
            "une nouvelle ligne de ferry",
            "un budget pour les parcs",
            "un accord salarial",
            "une alerte",
        ),
    },
    "ja": {
        "place": ("釜山", "仁川", "大邱", "光州", "蔚山", "水原", "全州"),
        "body": ("港湾当局", "市議会", "鉄道労組", "気象庁"),
        "act": ("承認した", "延期した", "発表した", "却下した"),
        "thing": ("新しいフェリー航路を", "公園の予算を", "賃金合意を", "洪水警報を"),
    },
}
PATTERNS = {
    "en": ("In {place}, {body} {act} {thing} on day {n}.", "{body} in {place} {act} {thing}"),
    "ko": ("{place}에서 {body}가 {n}일 {thing} {act}.", "{place} {body}, {thing} {act}"),
    "es": ("En {place}, {body} {act} {thing} el día {n}.", "{body} de {place} {act} {thing}"),
    "fr": ("À {place}, {body} {act} {thing} le jour {n}.", "{body} de {place} {act} {thing}"),
    "ja": ("{place}で{body}が{n}日、{thing}{act}。", "{place}の{body}、{thing}{act}"),
}


def _slots(rng: random.Random) -> dict[str, int]:
    return {slot: rng.randrange(7) for slot in ("place", "body", "act", "thing")}


def _write(language: str, slots: dict[str, int], n: int, *, headline: bool = False) -> str:
    words = WORDS[language]
    values = {slot: words[slot][index % len(words[slot])] for slot, index in slots.items()}
    text = PATTERNS[language][1 if headline else 0].format(n=n, **values)
    return text[:1].upper() + text[1:]


def fill(desk: Desk, count: int, seed: int = 7) -> dict[str, object]:
    """Store ``count`` published dispatches spread over DAYS days; return addresses to load."""
    rng = random.Random(seed)
    first_id = None
    with desk.store.session() as session:
        for serial in range(count):
            language = "ko" if serial % 5 == 0 else "en"
            published = NEWEST - timedelta(minutes=serial * DAYS * 24 * 60 // count)
            plan = [_slots(rng) for _sentence in range(6)]
            headline_slots = plan[0]
            sentences = [_write(language, slots, serial + i) for i, slots in enumerate(plan)]
            dispatch = Dispatch(story_key=f"bench:{serial}", agency=rng.choice(AGENCIES))
            session.add(dispatch)
            session.flush()
            revision = Revision(
                dispatch_id=dispatch.id,
                number=1,
                content_hash=hashlib.sha256(f"bench{serial}".encode()).hexdigest(),
                source_format="wire",
                source_name=f"bench-{serial}",
                language=language,
                headline=_write(language, headline_slots, serial, headline=True),
                agency=dispatch.agency,
                dateline=WORDS[language]["place"][headline_slots["place"] % 7],
                topics=[rng.choice(TOPICS)],
                published_at=published,
                published_iso=published.isoformat(),
                paragraphs=[" ".join(sentences[:3]), " ".join(sentences[3:])],
            )
            session.add(revision)
            session.flush()
            dispatch.current_revision_id = revision.id
            if serial == 1:  # an English original with its Korean translation
                first_id = dispatch.id
            for index, text in enumerate(sentences):
                session.add(
                    Sentence(revision_id=revision.id, index=index, paragraph=index // 3, text=text)
                )
            chosen = [0, 2, 4]
            session.add(Summary(revision_id=revision.id, method="default", sentence_indexes=chosen))
            # what readers see: the original and every translation, as snapshots
            originals = [sentences[i] for i in chosen]
            snapshot = {
                "dispatch_id": dispatch.id,
                "revision_id": revision.id,
                "state": "published",
                "source_headline": revision.headline,
                "source_sentences": originals,
                "source_indexes": chosen,
            }
            session.add(
                Publication(
                    **snapshot,
                    language=language,
                    provenance="original",
                    headline=revision.headline,
                    sentences=originals,
                    dateline=revision.dateline,
                )
            )
            for target in ("en", *TRANSLATED):
                if target == language:
                    continue
                translated_headline = _write(target, headline_slots, serial, headline=True)
                translated = [_write(target, plan[i], serial + i) for i in chosen]
                reviewed = not serial % 3
                session.add(
                    Translation(
                        revision_id=revision.id,
                        language=target,
                        status="done",
                        engine="bench",
                        model_version="bench-1",
                        headline=translated_headline,
                        sentences=translated,
                        source_indexes=chosen,
                        review_state="approved" if reviewed else "draft",
                    )
                )
                session.add(
                    Publication(
                        **snapshot,
                        language=target,
                        provenance="reviewed" if reviewed else "machine",
                        headline=translated_headline,
                        sentences=translated,
                        engine="bench",
                        model_version="bench-1",
                    )
                )
            if serial % 500 == 499:
                session.flush()
    return {"dispatch_id": first_id, "day": (NEWEST - timedelta(days=3)).date().isoformat()}


AGENCIES = ("Desk Wire", "Harbour News", "Yonhap", "Metro Service")
TOPICS = ("Transport", "Weather", "Economy", "Culture", "Politics")


@dataclass
class Result:
    page: str
    mode: str
    path: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    status: int
    bytes_per_response: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, p50, p99 (ms), request and error counts from ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    if not (rps and p50 and p99 and total):
        raise ValueError(f"cannot read wrk output:\n{output}")
    errors = 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(value) for value in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return {
        "rps": float(rps.group(1)),
        "p50": _ms(p50.group(1)),
        "p99": _ms(p99.group(1)),
        "requests": float(total.group(1)),
        "errors": float(errors),
    }


def probe(url: str, headers: dict[str, str]) -> tuple[int, int, str | None]:
    """Status, body size and ETag of one request."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, len(response.read()), response.headers.get("ETag")
    except urllib.error.HTTPError as error:  # a 304 arrives as an HTTPError
        return error.code, len(error.read()), error.headers.get("ETag")


def wrk(url: str, headers: dict[str, str], *, duration: int, connections: int, threads: int) -> str:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    completed = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=duration + 30
    )
    return completed.stdout


def measure(base: str, pages: dict[str, str], args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    for page, path in pages.items():
        url = base + path
        modes: dict[str, dict[str, str]] = {
            "plain": {},
            "gzip": {"Accept-Encoding": "gzip"},
            "304": {},
        }
        for mode, headers in modes.items():
            if mode == "304":
                # Fetched just before use: validators roll over every ten minutes.
                _status, _size, etag = probe(url, {})
                headers["If-None-Match"] = etag or '"none"'
            status, size, _etag = probe(url, headers)
            figures = parse_wrk(
                wrk(
                    url,
                    headers,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.wrk_threads,
                )
            )
            results.append(
                Result(
                    page,
                    mode,
                    path,
                    figures["rps"],
                    figures["p50"],
                    figures["p99"],
                    int(figures["requests"]),
                    int(figures["errors"]),
                    status,
                    size,
                )
            )
            print(f"  {page:9} {mode:6} {figures['rps']:8.1f} req/s", file=sys.stderr)
            # Let requests still queued from this run drain before the next one starts.
            time.sleep(args.pause)
    return results


def table(results: list[Result]) -> str:
    lines = [
        f"{'page':10}{'mode':7}{'status':>7}{'bytes':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.page:10}{r.mode:7}{r.status:>7}{r.bytes_per_response:>8}{r.requests_per_s:>10.1f}"
            f"{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.errors:>8}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dispatches", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between wrk runs")
    parser.add_argument("--keep", action="store_true", help="keep the instance folder")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian package wrk)")

    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(
            f"warning: load average {load_before:.2f} before the run; other processes share "
            "the CPUs and the figures will be low",
            file=sys.stderr,
        )
    folder = Path(tempfile.mkdtemp(prefix="publisher-web-bench-"))
    instance = folder / "instance"
    try:
        started = time.perf_counter()
        desk = Desk(load_settings({"instance": str(instance)}))
        try:
            where = fill(desk, args.dispatches)
            desk.update_search_index()  # as the desk does whenever it publishes
        finally:
            desk.close()
        print(
            f"filled {args.dispatches} dispatches in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        pages = {
            "home": "/ko/",
            "digest": f"/ko/digest/{where['day']}",
            "dispatch": f"/ko/dispatch/{where['dispatch_id']}",
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
        with served(
            instance, workers=args.workers, threads=args.threads, env=env, log=folder / "serve.log"
        ) as base:
            for path in pages.values():
                # Warm-up: every worker loads templates, catalogs and opens its connections.
                wrk(base + path, {}, duration=2, connections=8, threads=1)
            results = measure(base, pages, args)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(table(results))
    home = next(r for r in results if r.page == "home" and r.mode == "plain")
    met = home.requests_per_s >= TARGET_RPS and home.p99_ms < TARGET_P99_MS
    print(
        json.dumps(
            {
                "benchmark": "web",
                "dispatches": args.dispatches,
                "languages": ["en", *TRANSLATED],
                "server": {"workers": args.workers, "threads": args.threads},
                "wrk": {
                    "duration_s": args.duration,
                    "connections": args.connections,
                    "threads": args.wrk_threads,
                },
                "cpus": os.cpu_count(),
                "load_average_before": round(load_before, 2),
                "load_average_after": round(os.getloadavg()[0], 2),
                "target": {"home_rps": TARGET_RPS, "home_p99_ms": TARGET_P99_MS, "met": met},
                "results": [asdict(r) for r in results],
            }
        )
    )


if __name__ == "__main__":
    main()
