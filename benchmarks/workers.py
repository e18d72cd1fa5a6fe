"""Queue workers on the real services: 1, then 2 worker processes over the same backlog.

Each run gets a fresh PostgreSQL database (``bench_workers_<pid>_<run>`` on 127.0.0.1:5432,
dropped afterwards) and a Redis database number found empty at the start (flushed at the end,
since everything in it is ours). The worker processes run what ``publisher worker --workers 1``
runs (``Desk.queue.run_worker``) with Apertium en→es and en→ca, the engines wrapped so that
every sentence sent to them is appended to a log file of that process.

Method: the workers start on an empty queue and say when they are ready; then the backlog is
ingested and queued (the clock starts), and the run ends when every dispatch has a finished
translation into every language. Throughput: dispatches and engine sentences per second of
that time. Sentences translated twice: the engine logs of all processes are read back and
every (pair, sentence) sent more than once, within one process or across them, is counted
(the dispatches repeat no sentence within a language, and the translation memory answers a
sentence translated before, so the honest count is 0).

Run: ``python benchmarks/workers.py [--dispatches 120]`` (needs PostgreSQL, Redis, Apertium).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from publisher.core import Desk  # noqa: E402
from publisher.db import Dispatch, Translation  # noqa: E402
from publisher.settings import load_settings  # noqa: E402
from publisher.translate.apertium import ApertiumTranslator  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
LANGUAGES = ("es", "ca")
READY = "ready\n"


class LoggingTranslator:
    """An engine that appends every sentence it is given to a file, then translates it."""

    def __init__(self, engine: ApertiumTranslator, log: Path) -> None:
        self.engine = engine
        self.name = engine.name
        self.log = log

    def pairs(self) -> set[tuple[str, str]]:
        return self.engine.pairs()

    def model_version(self, source: str, target: str) -> str:
        return self.engine.model_version(source, target)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        with self.log.open("a", encoding="utf-8") as out:
            for sentence in sentences:
                out.write(json.dumps([source, target, sentence]) + "\n")
        return self.engine.translate(sentences, source, target)


def serve_worker(log: Path) -> None:
    """The worker process: what ``publisher worker --workers 1`` runs, with a logging engine."""
    settings = load_settings()
    desk = Desk(settings, engines={"apertium": LoggingTranslator(ApertiumTranslator(), log)})
    _ = desk.router, desk.queue
    log.write_text(READY, encoding="utf-8")
    desk.queue.run_worker(1)


@contextmanager
def fresh_database(run: int) -> Iterator[str]:
    admin = create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT")
    name = f"bench_workers_{os.getpid()}_{run}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def spare_redis() -> Iterator[str]:
    """A Redis database number nobody uses (empty now); flushed afterwards: all of it is ours."""
    import redis

    for number in range(14, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{number}")
        # claim it: a database that is empty but for our claim is ours
        claim = f"publisher-bench-workers:{os.getpid()}"
        if client.dbsize() == 0 and client.set(claim, "1", nx=True) and client.dbsize() == 1:
            try:
                yield f"{REDIS}/{number}"
            finally:
                client.flushdb()
                client.close()
            return
        client.close()
    raise SystemExit("no empty Redis database number between 1 and 14")


def finished(desk: Desk) -> int:
    with desk.store.session() as session:
        return int(
            session.scalar(
                select(func.count(Translation.id))
                .join(Dispatch, Dispatch.current_revision_id == Translation.revision_id)
                .where(Translation.full_text.is_(False), Translation.status == "done")
            )
            or 0
        )


def run(workers: int, feed: Path, dispatches: int, folder: Path, serial: int) -> dict[str, float]:
    with fresh_database(serial) as database_url, spare_redis() as queue_url:
        environment = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "PUBLISHER_INSTANCE": str(folder / f"worker-{serial}"),
            "PUBLISHER_DATABASE_URL": database_url,
            "PUBLISHER_QUEUE_URL": queue_url,
            "PUBLISHER_LANGUAGES": ",".join(LANGUAGES),
        }
        upgraded = subprocess.run(
            [str(Path(sys.executable).with_name("publisher")), "db", "upgrade"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if upgraded.returncode != 0:
            raise SystemExit(upgraded.stderr)
        logs = [folder / f"engine-{serial}-{n}.jsonl" for n in range(workers)]
        processes = [
            subprocess.Popen(
                [sys.executable, __file__, "--serve-worker", str(log)],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=(folder / f"{log.stem}.err").open("w"),
            )
            for log in logs
        ]
        settings = load_settings(
            {
                "instance": str(folder / f"desk-{serial}"),
                "database_url": database_url,
                "queue_url": queue_url,
                "languages": ",".join(LANGUAGES),
            },
            environ={},
        )
        desk = Desk(settings, engines={"apertium": ApertiumTranslator()})
        try:
            while not all(log.exists() for log in logs):
                if any(process.poll() is not None for process in processes):
                    raise SystemExit(f"a worker ended early: see {folder}")
                time.sleep(0.2)
            start = time.perf_counter()
            report = desk.ingest([str(feed)])
            if not report.ok or report.queue_error:
                raise SystemExit(f"ingest failed: {report.queue_error or report.failures}")
            wanted = dispatches * len(LANGUAGES)
            while finished(desk) < wanted:
                if any(process.poll() is not None for process in processes):
                    raise SystemExit(f"a worker ended early: see {folder}")
                time.sleep(0.1)
            seconds = time.perf_counter() - start
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in processes:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            desk.close()
        sent: Counter[str] = Counter()
        for log in logs:
            lines = log.read_text(encoding="utf-8").splitlines()
            sent.update(line for line in lines[1:] if line)
    twice = sum(count - 1 for count in sent.values() if count > 1)
    return {
        "workers": workers,
        "seconds": seconds,
        "dispatches_per_s": dispatches / seconds,
        "sentences_per_s": sum(sent.values()) / seconds,
        "engine_sentences": sum(sent.values()),
        "translated_twice": twice,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dispatches", type=int, default=120)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--serve-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_worker is not None:
        serve_worker(args.serve_worker)
        return 0
    from translate import make_dispatches  # benchmarks/translate.py: the same wire copy

    items = make_dispatches(args.dispatches, args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="publisher-bench-workers-") as tmp:
        folder = Path(tmp)
        feed = folder / "backlog.jsonl"
        feed.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
        for serial, workers in enumerate((1, 2)):
            figures = run(workers, feed, args.dispatches, folder, serial)
            results.append(figures)
            print(
                f"{workers} worker process(es): {args.dispatches} dispatches x "
                f"{len(LANGUAGES)} languages in {figures['seconds']:.1f} s, "
                f"{figures['dispatches_per_s']:.2f} dispatches/s, "
                f"{figures['sentences_per_s']:.1f} engine sentences/s, "
                f"{figures['translated_twice']:.0f} sentences translated twice"
            )
    speedup = results[1]["dispatches_per_s"] / results[0]["dispatches_per_s"]
    print(f"2 workers / 1 worker: {speedup:.2f}")
    print(json.dumps([{k: round(v, 3) for k, v in r.items()} for r in results]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
