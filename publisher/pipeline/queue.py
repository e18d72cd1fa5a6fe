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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.signals import SIGNAL_ERROR
from sqlalchemy import select

from publisher.db import Job
from publisher.errors import ConfigError, PublisherError
from publisher.pipeline import stages

if TYPE_CHECKING:
    from huey.api import Task

    from publisher.core import Desk

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


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
    """Stages registered as Huey tasks around one desk."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.huey = make_huey(desk.settings.resolved_queue_url)
        huey = self.huey
        self.split_task = huey.task(name="publisher.split")(self._split)
        self.summarize_task = huey.task(name="publisher.summarize")(self._summarize)
        self.translate_task = huey.task(name="publisher.translate")(self._translate)
        # A worker sweeps the database every minute, which re-enqueues work lost with a killed
        # worker and picks up translations whose model was installed meanwhile.
        huey.periodic_task(crontab(minute="*"), name="publisher.sweep")(self.sweep)
        huey.signal(SIGNAL_ERROR)(self._on_error)

    # -- tasks -----------------------------------------------------------------

    def _split(self, revision_id: int) -> None:
        if self._attempt("split", revision_id, stages.split_revision, self.desk.store, revision_id):
            self.summarize_task(revision_id)

    def _summarize(self, revision_id: int) -> None:
        options = self.desk.summary_options
        store = self.desk.store
        if self._attempt(
            "summarize", revision_id, stages.summarize_revision, store, revision_id, options
        ):
            for language in self.desk.settings.target_languages:
                self.translate_task(language, [revision_id])

    def _translate(self, language: str, revision_ids: Sequence[int]) -> None:
        # Take every revision still waiting for this language, not only the ones named, so
        # that sentences of many dispatches go to the engine in one batch.
        with self.desk.store.session() as session:
            waiting = stages.revisions_needing_translation(session, language)
        named = set(waiting) & set(revision_ids)
        batch = sorted(named | set(waiting[: max(0, self.desk.batch_revisions - len(named))]))
        if not batch:
            return
        report = self.desk.translate_revisions(batch, language)
        failed = {revision_id: reason for revision_id, _lang, reason in report.failed_revisions}
        for revision_id in batch:
            self._mark("translate", revision_id, language, error=failed.get(revision_id))

    # -- job records -----------------------------------------------------------

    def _attempt(
        self, stage: str, revision_id: int, work: Callable[..., object], *args: Any
    ) -> bool:
        """Run one stage for one revision and record how it went; True when it succeeded.

        Domain errors are recorded and left for the sweep to retry; anything else is a bug:
        recorded too, then raised so that the worker logs it.
        """
        try:
            work(*args)
        except PublisherError as error:
            self._mark(stage, revision_id, "", error=str(error))
            return False
        except BaseException as error:
            self._mark(stage, revision_id, "", error=f"{type(error).__name__}: {error}")
            raise
        self._mark(stage, revision_id, "")
        return True

    def _mark(
        self, stage: str, revision_id: int, language: str, *, error: str | None = None
    ) -> None:
        with self.desk.store.session() as session:
            job = session.scalars(
                select(Job).where(
                    Job.stage == stage, Job.revision_id == revision_id, Job.language == language
                )
            ).first()
            if job is None:
                job = Job(stage=stage, revision_id=revision_id, language=language, attempts=0)
                session.add(job)
            job.attempts = (job.attempts or 0) + 1
            job.status = "failed" if error else "done"
            job.error = error

    def _on_error(self, signal: str, task: Task, exc: BaseException | None = None) -> None:  # noqa: ARG002
        log.error("job %s failed: %s", task.name, exc)

    # -- driving the queue ----------------------------------------------------

    def sweep(self) -> int:
        """Enqueue every stage still to do according to the database; return how many jobs."""
        enqueued = 0
        with self.desk.store.session() as session:
            failed_out = {
                (job.stage, job.revision_id)
                for job in session.scalars(
                    select(Job).where(Job.status == "failed", Job.attempts >= MAX_ATTEMPTS)
                )
            }
            needing_summary = stages.revisions_needing_summary(session)
            waiting = {
                language: stages.revisions_needing_translation(session, language)
                for language in self.desk.settings.target_languages
            }
        for revision_id in needing_summary:
            if not {("split", revision_id), ("summarize", revision_id)} & failed_out:
                self.split_task(revision_id)
                enqueued += 1
        size = self.desk.batch_revisions
        for language, revision_ids in waiting.items():
            for start in range(0, len(revision_ids), size):
                self.translate_task(language, revision_ids[start : start + size])
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

    def run_worker(self, workers: int = 1) -> None:
        """Run a Huey consumer (blocks until interrupted)."""
        self.sweep()
        consumer = self.huey.create_consumer(workers=workers, worker_type="thread")
        consumer.run()
