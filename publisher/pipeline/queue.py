"""The task queue that runs pipeline stages as jobs.

Huey was chosen because it offers exactly the two shapes we need behind one API: an SQLite
queue (one file in the instance folder, no server) for the embedded default and a Redis
queue for several machines, with a small consumer we can start from our own CLI.

The queue carries only ids. Every stage is idempotent and the work left to do is always
derived from the database (``sweep``), so a killed worker loses nothing: the next sweep
enqueues again whatever is still pending.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.signals import SIGNAL_ERROR
from redis.exceptions import RedisError
from sqlalchemy import select

from publisher.db import Revision, Store
from publisher.errors import ConfigError, PublisherError
from publisher.pipeline import jobs, stages
from publisher.pipeline.jobs import JobKey, JobOutcome, JobStatus, Stage

if TYPE_CHECKING:
    from huey.api import Task

    from publisher.pipeline.stages import TranslationReport

log = logging.getLogger(__name__)

MAX_ATTEMPTS = jobs.MAX_ATTEMPTS
# What Huey's storage raises when the queue cannot be reached or written: Redis down, or the
# SQLite queue file unwritable. The caller says so in one line; the work stays in the database.
QUEUE_ERRORS: tuple[type[Exception], ...] = (RedisError, sqlite3.Error, OSError)
# A worker started while the queue is down waits this long before trying again, doubling up
# to the longest wait.
FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0

Summarize = Callable[[int], object]
Translate = Callable[[Sequence[int], str], "TranslationReport"]


def make_huey(queue_url: str) -> Huey:
    """Huey for ``sqlite:///path`` or ``redis://...``. Raises ConfigError otherwise."""
    if queue_url.startswith("sqlite:///"):
        path = Path(queue_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("publisher", filename=str(path), results=False)
    if queue_url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("publisher", url=queue_url, results=False)
    raise ConfigError(
        f"queue_url: expected sqlite:///PATH or redis://HOST:PORT/DB, got {queue_url!r}"
    )


class PipelineQueue:
    """The pipeline's stages as Huey tasks.

    Narrow collaborators: the store (to find work and record jobs), the target languages, and
    two callables that do the work (the desk passes its own ``summarize_revision`` and
    ``translate_revisions``, which also publish under the ``auto`` policy).
    """

    def __init__(
        self,
        store: Store,
        queue_url: str,
        languages: Sequence[str],
        *,
        summarize: Summarize,
        translate: Translate,
        batch_revisions: int = 64,
    ) -> None:
        self.store = store
        self.languages = list(languages)
        self.summarize = summarize
        self.translate = translate
        self.batch_revisions = batch_revisions
        self.huey = make_huey(queue_url)
        huey = self.huey
        self.prepare_task = huey.task(name="publisher.prepare")(self._prepare)
        self.translate_task = huey.task(name="publisher.translate")(self._translate)
        # A worker sweeps the database every minute, which re-enqueues work lost with a killed
        # worker and picks up translations whose model was installed meanwhile.
        huey.periodic_task(crontab(minute="*"), name="publisher.sweep")(self.sweep)
        huey.signal(SIGNAL_ERROR)(self._on_error)

    # -- tasks -----------------------------------------------------------------

    def _prepare(self, revision_id: int) -> None:
        """Split and summarize one revision, then queue its translations."""
        if not self._attempt(
            Stage.SPLIT, revision_id, lambda: stages.split_revision(self.store, revision_id)
        ):
            return
        if not self._attempt(Stage.SUMMARIZE, revision_id, lambda: self.summarize(revision_id)):
            return
        with self.store.session() as session:
            source = session.scalar(select(Revision.language).where(Revision.id == revision_id))
        for language in self.languages:
            if language != source:
                self._enqueue_translation(language, [revision_id])

    def _translate(self, language: str, revision_ids: Sequence[int]) -> None:
        # Take every revision queued for this language, not only the ones named, so that
        # sentences of many dispatches go to the engine in one batch; a later task naming a
        # revision done meanwhile finds nothing left to do.
        with self.store.session() as session:
            waiting = set(stages.revisions_needing_translation(session, language))
            queued = jobs.queued_revisions(session, Stage.TRANSLATE, language) & waiting
        named = queued & set(revision_ids)
        others = sorted(queued - named)[: max(0, self.batch_revisions - len(named))]
        # another worker may have taken some of them since: translate only what this one claims
        batch = jobs.claim(self.store, Stage.TRANSLATE, language, named | set(others))
        if batch:
            self.translate(batch, language)

    def _attempt(self, stage: Stage, revision_id: int, work: Callable[[], object]) -> bool:
        """Run one stage for one revision and record how it went; True when it succeeded.

        Domain errors are recorded and left for the sweep to retry; anything else is a bug:
        recorded too, then raised so that the worker logs it.
        """
        try:
            work()
        except PublisherError as error:
            self._record(JobOutcome(stage, revision_id, "", JobStatus.FAILED, str(error)))
            return False
        except BaseException as error:
            reason = f"{type(error).__name__}: {error}"
            self._record(JobOutcome(stage, revision_id, "", JobStatus.FAILED, reason))
            raise
        self._record(JobOutcome(stage, revision_id))
        return True

    def _record(self, outcome: JobOutcome) -> None:
        jobs.record(self.store, [outcome])

    def _on_error(self, signal: str, task: Task, exc: BaseException | None = None) -> None:  # noqa: ARG002
        log.error("job %s failed: %s", task.name, exc)

    # -- driving the queue ----------------------------------------------------

    def _enqueue_translation(self, language: str, revision_ids: Sequence[int]) -> None:
        jobs.mark_queued(
            self.store, [(Stage.TRANSLATE.value, rid, language) for rid in revision_ids]
        )
        self.translate_task(language, list(revision_ids))

    def sweep(self, *, lease: bool = True) -> int:
        """Enqueue every stage still to do according to the database, each once; return how
        many jobs were enqueued. ``lease=False`` also re-enqueues jobs marked queued (for a
        queue known to be empty)."""
        with self.store.session() as session:
            book = jobs.read_book(session, lease=lease)
            needing_summary = stages.revisions_needing_summary(session)
            waiting = {
                language: stages.revisions_needing_translation(session, language)
                for language in self.languages
            }
        enqueued = 0
        prepare: list[int] = []
        for revision_id in needing_summary:
            keys: list[JobKey] = [
                (Stage.SPLIT.value, revision_id, ""),
                (Stage.SUMMARIZE.value, revision_id, ""),
            ]
            if not any(book.skip(key) for key in keys):
                prepare.append(revision_id)
        jobs.mark_queued(self.store, [(Stage.SUMMARIZE.value, rid, "") for rid in prepare])
        for revision_id in prepare:
            self.prepare_task(revision_id)
            enqueued += 1
        size = self.batch_revisions
        for language, revision_ids in waiting.items():
            todo = [
                rid for rid in revision_ids if not book.skip((Stage.TRANSLATE.value, rid, language))
            ]
            for start in range(0, len(todo), size):
                self._enqueue_translation(language, todo[start : start + size])
                enqueued += 1
        return enqueued

    def drain(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Run queued jobs in this process until the queue is empty; return how many ran."""
        ran = 0
        while True:
            task = self.huey.dequeue()
            if task is None:
                return ran
            self.huey.execute(task)
            ran += 1
            if progress is not None:
                progress(ran, ran + self.huey.pending_count())

    def pending(self) -> int:
        """Tasks waiting in the queue."""
        return int(self.huey.pending_count())

    def run_worker(self, workers: int = 1, *, longest_wait: float = LONGEST_WAIT) -> None:
        """Run a Huey consumer (blocks until interrupted).

        When the queue cannot be reached at start-up (Redis not up yet), waits and tries
        again, logging each attempt, with a wait that doubles up to ``longest_wait``; SIGTERM
        or SIGINT while waiting returns without starting.
        """
        stop = threading.Event()
        with _stop_on_signals(stop):
            wait = FIRST_WAIT
            while True:
                try:
                    self.huey.pending_count()  # the queue answers, even with no work to queue
                    self.sweep()
                    break
                except QUEUE_ERRORS as error:
                    log.warning(
                        "queue unreachable (%s); trying again in %.0f s", _one_line(error), wait
                    )
                if stop.wait(wait):
                    log.warning("stopped before the queue could be reached")
                    return
                wait = min(wait * 2, longest_wait)
        consumer = self.huey.create_consumer(workers=workers, worker_type="thread")
        consumer.run()


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Set ``stop`` on SIGTERM and SIGINT while the block runs (main thread only), then put
    the previous handlers back, so that the consumer installs its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
        stop.set()

    previous = {
        number: signal.signal(number, handler) for number in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
