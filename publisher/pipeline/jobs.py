"""Job records: what each stage did for each revision, shared by the queue and direct runs.

A job row per (stage, revision, language) says whether the work is queued, done, waiting for
a model, or failed (with the reason and the number of attempts). The queue uses the rows to
enqueue each piece of work once; ``publisher jobs`` and ``run --retry-failed`` read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.db import Job, Store, utcnow

# A job failing this many times in a row is left alone until `run --retry-failed`.
MAX_ATTEMPTS = 3
# A job marked queued longer ago than this is presumed lost with a killed worker.
QUEUED_LEASE = timedelta(minutes=10)


class Stage(StrEnum):
    SPLIT = "split"
    SUMMARIZE = "summarize"
    TRANSLATE = "translate"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"  # taken by one worker (claim): no other worker translates it meanwhile
    DONE = "done"
    WAITING = "waiting"  # no engine for the pair yet: not a failure, tried again by the sweep
    FAILED = "failed"


# jobs in a queue or in a worker's hands: the sweep leaves them alone while their lease lasts
_IN_HAND = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)

JobKey = tuple[str, int, str]  # (stage, revision id, language or "")


@dataclass(frozen=True)
class JobOutcome:
    stage: Stage
    revision_id: int
    language: str = ""
    status: JobStatus = JobStatus.DONE
    error: str | None = None


def record(store: Store, outcomes: Iterable[JobOutcome]) -> None:
    """Record how jobs went, in one transaction. A failure counts one attempt more."""
    outcomes = list(outcomes)
    if not outcomes:
        return
    for _attempt in range(2):
        try:
            with store.session() as session:
                _apply(session, outcomes)
            return
        except IntegrityError:
            # another process created the same job row at the same moment: update it instead
            continue


# revision ids per query when reading job rows (well under SQLite's limit on parameters)
_READ_CHUNK = 500


def _apply(session: Session, outcomes: Sequence[JobOutcome]) -> None:
    """Write the outcomes in order (a later one for the same job wins): the rows there already
    read in a query per stage, not one per job, and written in one flush."""
    revisions: dict[str, set[int]] = defaultdict(set)
    for outcome in outcomes:
        revisions[outcome.stage.value].add(outcome.revision_id)
    jobs: dict[JobKey, Job] = {}
    for stage, revision_ids in revisions.items():
        ordered = sorted(revision_ids)
        for start in range(0, len(ordered), _READ_CHUNK):
            for job in session.scalars(
                select(Job).where(
                    Job.stage == stage, Job.revision_id.in_(ordered[start : start + _READ_CHUNK])
                )
            ):
                jobs.setdefault((job.stage, job.revision_id, job.language), job)
    for outcome in outcomes:
        key = (outcome.stage.value, outcome.revision_id, outcome.language)
        found = jobs.get(key)
        if found is None:
            job = Job(
                stage=outcome.stage.value,
                revision_id=outcome.revision_id,
                language=outcome.language,
                attempts=0,
            )
            session.add(job)
            jobs[key] = job
        else:
            job = found
        if outcome.status is JobStatus.FAILED:
            job.attempts = (job.attempts or 0) + 1
        elif outcome.status is JobStatus.DONE:
            job.attempts = 0
        job.status = outcome.status.value
        job.error = outcome.error
        job.updated_at = utcnow()
    session.flush()


def mark_queued(store: Store, keys: Iterable[JobKey]) -> None:
    """Note that these jobs sit in the queue, so that no one enqueues them again meanwhile."""
    record(
        store,
        (JobOutcome(Stage(stage), rid, lang, JobStatus.QUEUED) for stage, rid, lang in keys),
    )


@dataclass(frozen=True)
class JobBook:
    """The job rows that decide what the sweep leaves alone."""

    queued: frozenset[JobKey]  # in the queue, lease not expired
    exhausted: frozenset[JobKey]  # failed MAX_ATTEMPTS times

    def skip(self, key: JobKey) -> bool:
        return key in self.queued or key in self.exhausted


def read_book(session: Session, *, now: datetime | None = None, lease: bool = True) -> JobBook:
    """Queued and exhausted jobs. ``lease=False`` treats every queued job as lost."""
    cutoff = (now or utcnow()) - QUEUED_LEASE
    queued: set[JobKey] = set()
    exhausted: set[JobKey] = set()
    rows = session.execute(
        select(
            Job.stage, Job.revision_id, Job.language, Job.status, Job.attempts, Job.updated_at
        ).where(Job.status.in_([*_IN_HAND, JobStatus.FAILED.value]))
    ).all()
    for stage, revision_id, language, status, attempts, updated_at in rows:
        key = (stage, revision_id, language)
        if status in _IN_HAND and lease and updated_at >= cutoff:
            queued.add(key)
        elif status == JobStatus.FAILED.value and attempts >= MAX_ATTEMPTS:
            exhausted.add(key)
    return JobBook(frozenset(queued), frozenset(exhausted))


def claim(store: Store, stage: Stage, language: str, revision_ids: Iterable[int]) -> list[int]:
    """Take the queued jobs of these revisions for this worker; return the revisions taken.

    One conditional UPDATE: of two workers claiming the same job at once, the database lets
    exactly one see it still queued (PostgreSQL re-checks the condition on the locked row,
    SQLite has one writer), so no sentence is translated twice. A claimed job counts as
    queued for the sweep until its lease runs out (a worker killed mid-batch).
    """
    wanted = sorted(set(revision_ids))
    if not wanted:
        return []
    with store.session() as session:
        taken = session.scalars(
            update(Job)
            .where(
                Job.stage == stage.value,
                Job.language == language,
                Job.status == JobStatus.QUEUED.value,
                Job.revision_id.in_(wanted),
            )
            .values(status=JobStatus.RUNNING.value, updated_at=utcnow())
            .returning(Job.revision_id)
        )
        return sorted(taken)


def queued_revisions(session: Session, stage: Stage, language: str) -> set[int]:
    """Revisions whose job for ``stage`` and ``language`` sits in the queue."""
    return set(
        session.scalars(
            select(Job.revision_id).where(
                Job.stage == stage.value,
                Job.language == language,
                Job.status == JobStatus.QUEUED.value,
            )
        )
    )
