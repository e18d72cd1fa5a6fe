"""Chunk bookkeeping overlapped with decoding (publisher.pipeline.overlap): the same stored
result as the serial path, failures reported as before, and workers that never translate the
same revision twice (publisher.pipeline.jobs.claim)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from publisher.core import Desk
from publisher.db import Base, Job, Revision, Translation
from publisher.errors import EngineError
from publisher.pipeline import jobs
from publisher.pipeline import stages as stages_module
from publisher.pipeline.jobs import JobStatus, Stage
from publisher.pipeline.overlap import Finisher, run_each
from publisher.settings import load_settings
from publisher.translate.argos_packages import install_from_file
from tests.doubles import RecordingTranslator
from tests.tinyargos import build_argos_package

POISON = "The harbour wall in Elwin failed again on Friday."
TABLES = (
    "translations",
    "jobs",
    "publications",
    "language_versions",
    "quality_flags",
    "translation_memory",
    "search_state",
)


class PoisonedTranslator(RecordingTranslator):
    """Fails every batch holding POISON, so the router isolates that one sentence."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if POISON in sentences:
            raise EngineError("the engine choked on one sentence")
        return super().translate(sentences, source, target)


def write_feed(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(count):
        body = [
            f"Council {n} approved plan number {n} for the coastal road on Monday.",
            f"The work on section {n} will take {n + 2} weeks, officials said.",
            f"Residents of district {n} asked for a public hearing.",
            "A final vote is planned for Friday.",
        ]
        if n == 3:
            body[1] = POISON
        items.append(
            {
                "guid": f"overlap-{n}",
                "headline": f"Council {n} approves a coastal road plan",
                "language": "en",
                "body_text": "\n\n".join(body),
                "versioncreated": f"2026-03-0{1 + n % 9}T08:00:00+00:00",
            }
        )
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return feed


def state(desk: Desk) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row the translation path writes, without ids and clocks."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with desk.store.session() as session:
        for name in TABLES:
            table = Base.metadata.tables[name]
            columns = [c for c in table.columns if c.name != "id"]
            rows = session.execute(select(*columns)).all()
            kept = [
                tuple(
                    repr(value) for value in row if not isinstance(value, datetime)
                )  # clocks differ between two runs
                for row in rows
            ]
            out[name] = sorted(kept)
    return out


def make_desk(instance: Path, engine: Any, *, overlap: bool, batch: int, parallel: int = 1) -> Desk:
    settings = load_settings(
        {
            "instance": str(instance),
            "languages": "qaa,qab",
            "publish_policy": "auto",
            "parallel_languages": parallel,
        },
        environ={},
    )
    desk = Desk(settings, engines={"double": engine})
    desk.overlap_finish = overlap
    desk.chunk_revisions = batch
    return desk


@pytest.mark.parametrize("batch", [1, 2, 64])
def test_overlapped_translation_stores_what_the_serial_path_stores(
    tmp_path: Path, batch: int
) -> None:
    feed = write_feed(tmp_path / "in", 7)
    results = {}
    # (bookkeeping overlapped, languages decoded at once)
    ways = [(False, 1), (True, 1), (False, 2), (True, 2)]
    for overlap, parallel in ways:
        engine = PoisonedTranslator(pairs={("en", "qaa"), ("en", "qab")})
        desk = make_desk(
            tmp_path / f"desk-{overlap}-{parallel}",
            engine,
            overlap=overlap,
            batch=batch,
            parallel=parallel,
        )
        assert desk.ingest([str(feed)], enqueue=False).ok
        report = desk.translate(["qaa", "qab"])
        # the report lists languages in order, however their decoding interleaved
        results[overlap, parallel] = (state(desk), report.done, sorted(report.failed))
        desk.close()
    serial = results[False, 1]
    for way in ways[1:]:
        assert results[way] == serial, way
    stored, done, failed = serial
    assert [language for _d, language in done] == ["qaa"] * 6 + ["qab"] * 6
    # the poisoned dispatch failed alone, in both languages; the others are published
    assert len(failed) == 2 and all("choked" in reason for _d, _l, reason in failed)
    assert len(done) == 2 * 6
    assert stored["publications"] and stored["translation_memory"]
    with_status = [row for row in stored["jobs"] if repr("translate") in row]
    assert sum(repr("done") in row for row in with_status) == 12
    assert sum(repr("failed") in row for row in with_status) == 2


def test_overlapped_translation_on_a_real_tiny_argos_model(tmp_path: Path) -> None:
    archive = build_argos_package(tmp_path / "archives", "en", "ko", seed=3)
    feed = write_feed(tmp_path / "in", 5)
    texts = {}
    for overlap in (False, True):
        instance = tmp_path / f"desk-{overlap}"
        settings = load_settings(
            {"instance": str(instance), "languages": "ko", "publish_policy": "auto"},
            environ={},
        )
        install_from_file(settings.resolved_argos_packages_dir, archive)
        desk = Desk(settings)
        desk.overlap_finish = overlap
        desk.chunk_revisions = 2
        assert desk.ingest([str(feed)], enqueue=False).ok
        report = desk.translate(["ko"])
        assert len(report.done) == 5, report.failed
        texts[overlap] = state(desk)
        desk.close()
    assert texts[True] == texts[False]
    assert texts[True]["translations"]


def test_a_failure_in_the_finishing_thread_is_raised_like_the_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = write_feed(tmp_path / "in", 4)
    raised = {}
    for overlap in (False, True):
        engine = RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
        desk = make_desk(tmp_path / f"desk-{overlap}", engine, overlap=overlap, batch=1)
        assert desk.ingest([str(feed)], enqueue=False).ok
        threads: list[str] = []

        def broken(_done: object, threads: list[str] = threads) -> None:
            threads.append(threading.current_thread().name)
            raise RuntimeError("review store unreachable")

        monkeypatch.setattr(desk.review, "machine_translated", broken)
        with pytest.raises(RuntimeError, match="review store unreachable") as error:
            desk.translate(["qaa", "qab"])
        raised[overlap] = (str(error.value), threads)
        with desk.store.session() as session:
            statuses = list(session.scalars(select(Job.status).where(Job.stage == "translate")))
        # no chunk is started after the failure is seen: at most the one already decoding
        assert len(statuses) <= 2
        desk.close()
    assert raised[True][0] == raised[False][0]
    assert all(name.startswith("publisher-finish") for name in raised[True][1])
    assert raised[False][1] == ["MainThread"]


def test_finisher_runs_in_order_and_keeps_going_after_a_failure() -> None:
    seen: list[int] = []

    def work(n: int) -> None:
        seen.append(n)
        if n == 1:
            raise ValueError("first failure")
        if n == 3:
            raise KeyError("second failure")

    finisher = Finisher()
    for n in range(5):
        finisher.submit(lambda n=n: work(n))  # type: ignore[misc]
    with pytest.raises(ValueError, match="first failure"):
        finisher.close()
    assert seen == [0, 1, 2, 3, 4]
    assert finisher.failed is False  # close hands the failure over once


def test_finisher_lets_the_callers_error_through_and_still_finishes() -> None:
    seen: list[str] = []
    with pytest.raises(LookupError), Finisher() as finisher:
        finisher.submit(lambda: seen.append("finished"))
        raise LookupError("the caller's own")
    assert seen == ["finished"]


def test_serial_finisher_runs_at_once_and_raises_at_close() -> None:
    seen: list[str] = []
    finisher = Finisher(overlap=False)
    finisher.submit(lambda: seen.append(threading.current_thread().name))
    assert seen == [threading.current_thread().name]

    def fail() -> None:
        raise OSError("disk full")

    finisher.submit(fail)
    assert finisher.failed
    with pytest.raises(OSError, match="disk full"):
        finisher.close()


def test_a_job_is_claimed_by_one_worker_only(tmp_path: Path) -> None:
    engine = RecordingTranslator(pairs={("en", "qaa")})
    settings = load_settings({"instance": str(tmp_path / "i"), "languages": "qaa"}, environ={})
    desk = Desk(settings, engines={"double": engine})
    assert desk.ingest([str(write_feed(tmp_path / "in", 3))], enqueue=False).ok
    desk.summarize()
    with desk.store.session() as session:
        revisions = sorted(session.scalars(select(Revision.id)))
    jobs.mark_queued(desk.store, [(Stage.TRANSLATE.value, rid, "qaa") for rid in revisions])
    first = jobs.claim(desk.store, Stage.TRANSLATE, "qaa", revisions[:2])
    second = jobs.claim(desk.store, Stage.TRANSLATE, "qaa", revisions)
    assert first == revisions[:2]
    assert second == revisions[2:]
    assert jobs.claim(desk.store, Stage.TRANSLATE, "qab", revisions) == []
    with desk.store.session() as session:
        book = jobs.read_book(session)
        statuses = set(session.scalars(select(Job.status).where(Job.stage == "translate")))
    # a claimed job is in a worker's hands: the sweep leaves it alone while its lease lasts
    assert statuses == {JobStatus.RUNNING.value}
    assert all(book.skip((Stage.TRANSLATE.value, rid, "qaa")) for rid in revisions)
    with desk.store.session() as session:
        assert not jobs.read_book(session, lease=False).skip(
            (Stage.TRANSLATE.value, revisions[0], "qaa")
        )
    desk.close()


def test_job_outcomes_recorded_together_apply_in_order(tmp_path: Path) -> None:
    settings = load_settings({"instance": str(tmp_path / "i"), "languages": "qaa"}, environ={})
    desk = Desk(settings, engines={"double": RecordingTranslator(pairs={("en", "qaa")})})
    assert desk.ingest([str(write_feed(tmp_path / "in", 2))], enqueue=False).ok
    with desk.store.session() as session:
        first, second = sorted(session.scalars(select(Revision.id)))
    failed = JobStatus.FAILED
    jobs.record(
        desk.store,
        [
            jobs.JobOutcome(Stage.TRANSLATE, first, "qaa", failed, "no model"),
            jobs.JobOutcome(Stage.TRANSLATE, first, "qaa", failed, "no model again"),
            jobs.JobOutcome(Stage.TRANSLATE, second, "qaa", failed, "no model"),
            jobs.JobOutcome(Stage.TRANSLATE, second, "qaa"),
            jobs.JobOutcome(Stage.SUMMARIZE, first),
        ],
    )
    # a job already there is updated, not doubled; its failures count on
    jobs.record(desk.store, [jobs.JobOutcome(Stage.TRANSLATE, first, "qaa", failed, "third")])
    with desk.store.session() as session:
        rows = {
            (job.stage, job.revision_id, job.language): (job.status, job.attempts, job.error)
            for job in session.scalars(select(Job))
        }
    assert rows == {
        ("translate", first, "qaa"): ("failed", 3, "third"),
        ("translate", second, "qaa"): ("done", 0, None),
        ("summarize", first, ""): ("done", 0, None),
    }
    desk.close()


def test_two_queue_workers_translate_each_revision_once(tmp_path: Path) -> None:
    engine = RecordingTranslator(pairs={("en", "qaa")})
    settings = load_settings({"instance": str(tmp_path / "i"), "languages": "qaa"}, environ={})
    desk = Desk(settings, engines={"double": engine})
    assert desk.ingest([str(write_feed(tmp_path / "in", 6))], enqueue=False).ok
    desk.summarize()
    queue = desk.queue
    with desk.store.session() as session:
        revisions = sorted(session.scalars(select(Revision.id)))
    jobs.mark_queued(desk.store, [(Stage.TRANSLATE.value, rid, "qaa") for rid in revisions])
    # two workers run the same task at the same moment
    barrier = threading.Barrier(2)
    real_claim = jobs.claim

    def claim_together(*args: Any, **kwargs: Any) -> list[int]:
        barrier.wait(timeout=10)
        return real_claim(*args, **kwargs)

    jobs_claim = pytest.MonkeyPatch()
    jobs_claim.setattr(jobs, "claim", claim_together)
    try:
        workers = [
            threading.Thread(target=queue._translate, args=("qaa", revisions)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    finally:
        jobs_claim.undo()
    sent = [sentence for batch, _source, _target in engine.calls for sentence in batch]
    assert sent and len(sent) == len(set(sent))
    with desk.store.session() as session:
        statuses = list(session.scalars(select(Job.status).where(Job.stage == "translate")))
    assert statuses == [JobStatus.DONE.value] * len(revisions)
    desk.close()


class MeetingTranslator(RecordingTranslator):
    """The first batch of each language waits, up to ``wait`` seconds, for the other
    language's first batch to arrive too: ``met`` says whether they were ever decoding at once."""

    def __init__(self, wait: float) -> None:
        super().__init__(pairs={("en", "qaa"), ("en", "qab")})
        self.barrier = threading.Barrier(2, timeout=wait)
        self.started: set[str] = set()
        self.met = False

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if target not in self.started:
            self.started.add(target)
            try:
                self.barrier.wait()
                self.met = True
            except threading.BrokenBarrierError:
                pass
        return super().translate(sentences, source, target)


@pytest.mark.parametrize("parallel", [1, 2])
def test_languages_decode_at_once_only_when_set(tmp_path: Path, parallel: int) -> None:
    feed = write_feed(tmp_path / "in", 4)
    engine = MeetingTranslator(wait=10 if parallel > 1 else 0.5)
    desk = make_desk(tmp_path / "desk", engine, overlap=True, batch=2, parallel=parallel)
    assert desk.ingest([str(feed)], enqueue=False).ok
    seen: list[tuple[int, int]] = []
    report = desk.translate(["qaa", "qab"], progress=lambda done, total: seen.append((done, total)))
    desk.close()
    assert engine.met is (parallel > 1)
    assert len(report.done) == 2 * 4 and not report.failed
    # progress counts every chunk of both languages once, whichever thread finished it
    assert [done for done, _total in seen] == [2, 4, 6, 8] and {t for _d, t in seen} == {8}


def test_a_language_failing_stops_the_other_and_loses_no_bookkeeping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = write_feed(tmp_path / "in", 6)
    engine = RecordingTranslator(pairs={("en", "qaa"), ("en", "qab")})
    desk = make_desk(tmp_path / "desk", engine, overlap=True, batch=1, parallel=2)
    assert desk.ingest([str(feed)], enqueue=False).ok
    real = stages_module.translate_revisions
    second_chunk = threading.Event()

    def failing(*args: Any, **kwargs: Any) -> Any:
        language = args[4]
        if language == "qab":
            second_chunk.wait(timeout=10)  # fail once qaa is well under way
            raise RuntimeError("disk full")
        if len(engine.calls) >= 2:
            second_chunk.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(stages_module, "translate_revisions", failing)
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="disk full"):
        desk.translate(["qaa", "qab"])
    assert threading.active_count() == before  # no language thread left running
    with desk.store.session() as session:
        translated = set(
            session.scalars(select(Translation.revision_id).where(Translation.status == "done"))
        )
        recorded = set(
            session.scalars(
                select(Job.revision_id).where(Job.stage == "translate", Job.status == "done")
            )
        )
    desk.close()
    # qaa stopped before its last chunk, and every chunk it stored has its jobs recorded
    assert translated and len(translated) < 6
    assert translated == recorded


def test_run_each_keeps_the_order_and_raises_the_first_failure_after_all_ended() -> None:
    def square(n: int, _stop: threading.Event) -> int:
        return n * n

    assert run_each([3, 1, 2], square, workers=2) == [9, 1, 4]
    names: list[str] = []
    run_each([1, 2], lambda _n, _s: names.append(threading.current_thread().name), workers=1)
    assert names == ["MainThread", "MainThread"]

    ended: list[int] = []
    one_started = threading.Event()

    def work(n: int, stop: threading.Event) -> int:
        if n == 0:
            one_started.wait(timeout=10)
            raise ValueError("first")
        one_started.set()
        stop.wait(timeout=10)  # the failure of item 0 sets it
        ended.append(n)
        return n

    with pytest.raises(ValueError, match="first"):
        run_each([0, 1, 2, 3], work, workers=2)
    # item 1 ran beside item 0 and ended; 2 and 3 were never started
    assert ended == [1]
