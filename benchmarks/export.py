"""Export cost as the export grows: time and peak memory of `publisher export`.

Fills a fresh SQLite instance with DISPATCHES published dispatches of generated text (an
English original with Korean and Spanish translations, 100 a day), inserted directly, then
runs `publisher export FORMAT --since … --until …` in a fresh process for periods holding
several sizes, and reads each process's peak resident memory from the kernel (wait4).
Memory should stay flat as the export grows: items are read a chunk at a time and written
file by file, and a zip holds one day per book.

Prints a table, then one JSON line with the figures. Run:
``.venv/bin/python benchmarks/export.py [--dispatches 10000] [--sizes 1000,3000,10000]
[--formats txt,zip]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from publisher.core import Desk  # noqa: E402
from publisher.db import Dispatch, Publication, Revision, Sentence, Summary  # noqa: E402
from publisher.settings import load_settings  # noqa: E402

PER_DAY = 100
FIRST_DAY = date(2025, 1, 1)
TEXTS = {
    "en": ("Port {n} opens a new ferry terminal", "Busan opened terminal {n} on Monday."),
    "ko": ("항구 {n}, 새 여객선 터미널 개장", "부산이 월요일 {n}번 터미널을 열었다."),
    "es": ("El puerto {n} abre una terminal", "Busan abrió la terminal {n} el lunes."),
}


def fill(desk: Desk, dispatches: int) -> None:
    """Insert ``dispatches`` published dispatches (3 languages each) in a few statements."""
    start = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=UTC) + timedelta(hours=3)
    now = datetime(2025, 12, 1, tzinfo=UTC)
    with desk.store.session() as session:
        for low in range(1, dispatches + 1, 2000):
            ids = range(low, min(low + 2000, dispatches + 1))
            when = {n: start + timedelta(days=(n - 1) // PER_DAY, seconds=n) for n in ids}
            session.execute(
                insert(Dispatch),
                [
                    {"id": n, "story_key": f"b:{n}", "agency": "Wire", "current_revision_id": n}
                    for n in ids
                ],
            )
            session.execute(
                insert(Revision),
                [
                    {
                        "id": n,
                        "dispatch_id": n,
                        "number": 1,
                        "content_hash": hashlib.sha256(str(n).encode()).hexdigest(),
                        "source_format": "wire",
                        "language": "en",
                        "headline": TEXTS["en"][0].format(n=n),
                        "agency": "Wire",
                        "dateline": "Busan",
                        "topics": [],
                        "published_at": when[n],
                        "published_iso": when[n].isoformat(),
                        "ingested_at": when[n],
                        "paragraphs": [TEXTS["en"][1].format(n=n) * 4],
                    }
                    for n in ids
                ],
            )
            session.execute(
                insert(Sentence),
                [
                    {
                        "revision_id": n,
                        "index": i,
                        "paragraph": 0,
                        "text": TEXTS["en"][1].format(n=n),
                    }
                    for n in ids
                    for i in range(4)
                ],
            )
            session.execute(
                insert(Summary),
                [{"revision_id": n, "method": "default", "sentence_indexes": [0, 2]} for n in ids],
            )
            session.execute(
                insert(Publication),
                [
                    {
                        "dispatch_id": n,
                        "language": lang,
                        "revision_id": n,
                        "state": "published",
                        "provenance": "original" if lang == "en" else "machine",
                        "headline": TEXTS[lang][0].format(n=n),
                        "sentences": [TEXTS[lang][1].format(n=n)] * 2,
                        "source_indexes": [0, 2],
                        "source_headline": TEXTS["en"][0].format(n=n),
                        "source_sentences": [TEXTS["en"][1].format(n=n)] * 2,
                        "engine": None if lang == "en" else "bench",
                        "full_sentences": None
                        if lang == "en"
                        else [TEXTS[lang][1].format(n=n)] * 4,
                        "full_source_indexes": None if lang == "en" else [0, 1, 2, 3],
                        "first_published_at": when[n],
                        "published_at": now,
                        "updated_at": now,
                    }
                    for n in ids
                    for lang in TEXTS
                ],
            )


def run_export(instance: Path, fmt: str, size: int, out: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one export of the first ``size`` dispatches, in its own process."""
    until = FIRST_DAY + timedelta(days=(size - 1) // PER_DAY)
    target = out / (f"{fmt}-{size}.zip" if fmt == "zip" else f"{fmt}-{size}")
    command = [
        sys.executable,
        "-c",
        "from publisher.cli import main; main()",
        "--instance",
        str(instance),
        "export",
        fmt,
        "--lang",
        ",".join(TEXTS),
        "--since",
        FIRST_DAY.isoformat(),
        "--until",
        until.isoformat(),
        "-o",
        str(target),
    ]
    began = time.perf_counter()
    process = subprocess.Popen(
        command, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"export {fmt} of {size} failed")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dispatches", type=int, default=10_000)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--formats", default="txt,zip")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        instance = work / "instance"
        desk = Desk(load_settings({"instance": str(instance)}))
        began = time.perf_counter()
        fill(desk, args.dispatches)
        desk.close()
        print(
            f"filled {args.dispatches} dispatches x 3 languages in {time.perf_counter() - began:.1f} s"
        )
        rows = []
        print(f"{'format':<6} {'dispatches':>10} {'versions':>9} {'seconds':>8} {'peak MiB':>9}")
        for fmt in args.formats.split(","):
            for size in sizes:
                seconds, peak = run_export(instance, fmt, size, work)
                rows.append(
                    {
                        "format": fmt,
                        "dispatches": size,
                        "versions": size * 3,
                        "seconds": round(seconds, 2),
                        "peak_mib": round(peak, 1),
                    }
                )
                print(f"{fmt:<6} {size:>10} {size * 3:>9} {seconds:>8.1f} {peak:>9.1f}")
        for fmt in args.formats.split(","):
            peaks = [r["peak_mib"] for r in rows if r["format"] == fmt]
            print(f"{fmt}: peak memory largest/smallest = {max(peaks) / min(peaks):.2f}")
        print(json.dumps({"benchmark": "export", "rows": rows}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
