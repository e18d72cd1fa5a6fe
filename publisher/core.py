"""The desk: the one core object that the CLI, the web app and the tests all use."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from threading import Event, Lock
from typing import IO, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher import publication, schema
from publisher.accounts.errors import PermissionDenied
from publisher.accounts.roles import Permission
from publisher.accounts.store import UserStore
from publisher.db import Dispatch, Job, Revision, Store, Translation
from publisher.errors import DatabaseUnreachable, NotFound, SchemaError
from publisher.glossary.check import term_problems
from publisher.glossary.store import snapshot as glossary_snapshot
from publisher.ingest import ItemFailure, ItemNote, read_sources
from publisher.pipeline import jobs, stages
from publisher.pipeline.intake import IntakeOutcome, store_dispatch
from publisher.pipeline.jobs import JobOutcome, JobStatus, Stage
from publisher.pipeline.overlap import Finisher, run_each
from publisher.pipeline.queue import QUEUE_ERRORS, PipelineQueue
from publisher.pipeline.stages import SummaryOptions, TranslationReport
from publisher.publication import PublishPolicy
from publisher.quality.base import Context
from publisher.quality.queries import FlagView, dismiss_flag, list_flags, open_flag_counts
from publisher.quality.store import refresh_flags, refresh_many
from publisher.reading import DispatchView, get_dispatch, list_dispatches
from publisher.review import ReviewService, RevisionKind
from publisher.review.learning import remember_approved
from publisher.review.wire import kind_of
from publisher.search import sync_index
from publisher.settings import Settings, load_settings
from publisher.summarize import get_method
from publisher.translate.apertium import ApertiumTranslator
from publisher.translate.argos import ArgosTranslator
from publisher.translate.base import Translator
from publisher.translate.ctranslate2_engine import CTranslate2Translator
from publisher.translate.decoding import Decoding
from publisher.translate.devices import resolve_device
from publisher.translate.memory import TranslationMemory
from publisher.translate.router import TranslationRouter

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _Counter:
    """Revisions done out of a total, advanced from the threads of several languages at once."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._done = 0
        self._lock = Lock()

    def advance(self, count: int) -> None:
        if self._progress is None:
            return
        with self._lock:
            self._done += count
            self._progress(self._done, self._total)


@dataclass
class IngestReport:
    outcomes: list[IntakeOutcome] = field(default_factory=list)
    queued: int = 0  # jobs queued for what was stored
    # Files of a given folder left unread because they are not dispatches (e.g. notes.docx).
    skipped: list[str] = field(default_factory=list)
    # Why what was stored could not be queued (the queue unreachable); a sweep queues it later.
    queue_error: str | None = None

    @property
    def failures(self) -> list[IntakeOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failures and self.queue_error is None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass(frozen=True)
class FailedJob:
    stage: str
    dispatch_id: int
    language: str
    attempts: int
    error: str


@dataclass
class RunReport:
    jobs: int
    translation: TranslationReport


class Desk:
    """Holds the settings and the storage, and runs the pipeline stages over stored records.

    Raises SchemaError when the database is not at the schema revision this code needs and
    cannot be upgraded here (see publisher.schema.prepare), DatabaseUnreachable without one.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        engines: Mapping[str, Translator] | None = None,
        create_instance: bool = True,
    ) -> None:
        """``create_instance=False`` leaves a missing instance folder missing (reading commands)."""
        self.settings = settings
        if create_instance:
            settings.instance.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.resolved_database_url)
        try:
            # SQLite is upgraded here; a shared PostgreSQL database behind head refuses
            schema.prepare(self.store)
        except (SchemaError, DatabaseUnreachable):
            self.store.dispose()
            raise
        self._engines = dict(engines) if engines is not None else None
        # Revisions a queue worker claims per translation task: few enough that two workers
        # share a backlog, enough to fill CTranslate2 batches.
        self.batch_revisions = 64
        # Revisions translated per chunk in this process. Each chunk ends in a partly filled
        # engine batch, which costs almost what a full one does (base-size model, beam 4, two
        # cores: 0.34 s for 2 sentences, 0.91 s for 32), so a chunk carries some thirty batches
        # (a revision sends about four texts); its bookkeeping overlaps the next chunk.
        self.chunk_revisions = 8 * settings.translate_batch_size
        # each chunk's bookkeeping runs while the next one decodes (publisher.pipeline.overlap)
        self.overlap_finish = True
        # Languages decoded at once by ``translate``: on two cores CTranslate2 keeps about 1.6
        # of them busy with one batch, and a second language's batch fills the rest. Never
        # more than the models kept loaded, or the languages would evict each other's.
        self.parallel_languages = min(settings.parallel_languages, settings.model_cache_size)

    @classmethod
    def from_settings(cls, overrides: Mapping[str, Any] | None = None) -> Desk:
        """Build a desk from defaults, the instance file, PUBLISHER_* variables and overrides."""
        return cls(load_settings(overrides))

    # -- components -----------------------------------------------------------

    @property
    def publish_policy(self) -> PublishPolicy:
        return PublishPolicy(self.settings.publish_policy)

    @property
    def summary_options(self) -> SummaryOptions:
        ratio = self.settings.summary_ratio or None
        return SummaryOptions(self.settings.summary_method, self.settings.summary_sentences, ratio)

    @cached_property
    def engines(self) -> dict[str, Translator]:
        """Translation engines in order of preference."""
        if self._engines is not None:
            return self._engines
        s = self.settings
        device = resolve_device(s.device)
        decoding = Decoding(
            beam_size=s.beam_size,
            max_length=s.max_decoding_length,
            repetition_penalty=s.repetition_penalty,
            no_repeat_ngram_size=s.no_repeat_ngram_size,
        )
        return {
            "ctranslate2": CTranslate2Translator(
                s.resolved_ct2_models_dir,
                device=device,
                decoding=decoding,
                cache_size=s.model_cache_size,
                batch_size=s.translate_batch_size,
                threads=s.threads,
            ),
            "argos": ArgosTranslator(
                s.resolved_argos_packages_dir,
                cache_size=s.model_cache_size,
                batch_size=s.translate_batch_size,
                beam_size=s.beam_size,
                max_decoding_length=s.max_decoding_length,
                repetition_penalty=s.repetition_penalty,
                no_repeat_ngram_size=s.no_repeat_ngram_size,
                threads=s.threads,
                device=device,
            ),
            "apertium": ApertiumTranslator(),
        }

    @cached_property
    def router(self) -> TranslationRouter:
        return TranslationRouter(
            self.engines,
            overrides=self.settings.engine_overrides,
            order=self.settings.engine_preference,
        )

    @cached_property
    def memory(self) -> TranslationMemory:
        return TranslationMemory(self.store)

    @cached_property
    def users(self) -> UserStore:
        """The editors' and admins' accounts."""
        return UserStore(self.store)

    @cached_property
    def review(self) -> ReviewService:
        """The editors' workflow (publisher.review), for the CLI, the web app and tests."""
        return ReviewService(
            self.store,
            separate_publish_step=self.settings.separate_publish_step,
            flag_counter=open_flag_counts,
            actors=self.check_reviewer,
            on_approval=remember_approved,
            on_edit=self._flags_after_edit,
        )

    def check_reviewer(self, email: str) -> str:
        """The account acting in the workflow: an active editor or admin, by address.

        Raises UnknownUser, InvalidEmail, or PermissionDenied for a disabled account.
        """
        account = self.users.get(email)
        if not account.can(Permission.REVIEW):
            state = "disabled" if not account.active else f"a {account.role.value}"
            raise PermissionDenied(f"{account.email} cannot review: the account is {state}")
        return account.email

    @cached_property
    def queue(self) -> PipelineQueue:
        return PipelineQueue(
            self.store,
            self.settings.resolved_queue_url,
            self.settings.target_languages,
            summarize=self.summarize_revision,
            translate=self.translate_revisions,
            batch_revisions=self.batch_revisions,
        )

    # -- stages ---------------------------------------------------------------

    def ingest(
        self,
        sources: Sequence[str],
        *,
        stdin: IO[bytes] | None = None,
        enqueue: bool = True,
        on_item: Callable[[IntakeOutcome], None] | None = None,
    ) -> IngestReport:
        """Parse and store dispatches; one transaction per item, bad items reported and skipped.

        A queue that cannot be reached afterwards is said in ``queue_error``: what was stored
        stays stored, and the next sweep (``publisher run``, a worker) queues it. Raises
        StorageFailure when the database cannot store anything, after the items before.
        """
        report = IngestReport()
        items = read_sources(
            sources,
            max_bytes=self.settings.max_input_bytes,
            stdin=stdin,
            on_skip=report.skipped.append,
        )
        for item in items:
            if isinstance(item, ItemFailure):
                outcome = IntakeOutcome(item.source_name, "failed", reason=item.reason)
            elif isinstance(item, ItemNote):
                status = "ignored" if item.skipped else "warning"
                outcome = IntakeOutcome(item.source_name, status, reason=item.note)
            else:
                outcome = store_dispatch(self.store, item)
            report.outcomes.append(outcome)
            if outcome.status == "revised" and outcome.dispatch_id is not None:
                # a later wire version reopens review, or takes every version down (a kill)
                self.review.sync([outcome.dispatch_id])
            if on_item is not None:
                on_item(outcome)
        if enqueue and any(o.status in {"added", "revised"} for o in report.outcomes):
            try:
                report.queued = self.queue.sweep()
            except QUEUE_ERRORS as error:
                reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
                report.queue_error = (
                    "cannot queue the stored dispatches: the task queue is unreachable "
                    f"({reason or type(error).__name__}); `publisher run` or a worker "
                    "queues them once it is back"
                )
        return report

    def summarize(
        self,
        dispatch_ids: Sequence[int] | None = None,
        *,
        options: SummaryOptions | None = None,
        replace: bool = False,
    ) -> dict[int, list[int]]:
        """Summarize dispatches (all current revisions when no ids); return indexes per revision."""
        options = options or self.summary_options
        get_method(options.method)  # an unknown method is an error even with nothing to do
        with self.store.session() as session:
            revision_ids = stages.current_revision_ids(session, dispatch_ids)
        summaries = self._summarize_all(revision_ids, options, replace=replace)
        if summaries:
            self.update_search_index()
        return summaries

    def _summarize_missing(self) -> None:
        """Summarize the current revisions that have no summary yet (the others keep theirs:
        summarizing them again would change nothing but cost a database round per revision)."""
        with self.store.session() as session:
            revision_ids = stages.revisions_needing_summary(session)
        if not revision_ids:
            return
        try:
            # all in one transaction, then one review sync: the pipeline waits for this
            # before it translates anything
            stages.summarize_revisions(self.store, revision_ids, self.summary_options)
        except Exception:  # noqa: BLE001 (nothing was stored: one by one, as before)
            log.debug("summarizing %d revisions together failed", len(revision_ids))
            self._summarize_all(revision_ids, self.summary_options)
        else:
            self._sync_review(revision_ids)
            if self.publish_policy is PublishPolicy.AUTO:
                for revision_id in revision_ids:
                    self._auto_publish(revision_id, [], original=True)
        self.update_search_index()

    def _summarize_all(
        self, revision_ids: Sequence[int], options: SummaryOptions, *, replace: bool = False
    ) -> dict[int, list[int]]:
        """Summarize revisions one by one and sync their review state once at the end (one
        query for all, not one per revision), also for those done when one fails."""
        summaries: dict[int, list[int]] = {}
        try:
            for revision_id in revision_ids:
                summaries[revision_id] = self.summarize_revision(
                    revision_id, options, replace=replace, index=False, sync=False
                )
        finally:
            if summaries:
                self._sync_review(list(summaries))
        return summaries

    def summarize_revision(
        self,
        revision_id: int,
        options: SummaryOptions | None = None,
        *,
        replace: bool = False,
        index: bool = True,
        sync: bool = True,
    ) -> list[int]:
        """Summarize one revision; under the ``auto`` policy publish its original version.

        ``sync=False`` leaves the review state to the caller (:meth:`_summarize_all`); the
        ``auto`` policy's publication needs it first, so it syncs anyway."""
        indexes = stages.summarize_revision(
            self.store, revision_id, options or self.summary_options, replace=replace
        )
        if sync or self.publish_policy is PublishPolicy.AUTO:
            self._sync_review([revision_id])
        if self.publish_policy is PublishPolicy.AUTO:
            self._auto_publish(revision_id, [], original=True)
            if index:
                self.update_search_index()
        return indexes

    def translate_revisions(
        self, revision_ids: Sequence[int], language: str, *, full_text: bool = False
    ) -> TranslationReport:
        """Translate revisions into ``language``, record each job, and under the ``auto``
        policy publish what came out complete."""
        with Finisher(overlap=self.overlap_finish) as finisher:
            return self._translate_chunks(revision_ids, language, full_text, finisher)

    def _translate_chunks(
        self, revision_ids: Sequence[int], language: str, full_text: bool, finisher: Finisher
    ) -> TranslationReport:
        """Translate chunk after chunk on this thread; each chunk's bookkeeping (jobs, review,
        flags, publication) goes to ``finisher`` and runs while the next chunk decodes."""
        report = TranslationReport()
        for start in range(0, len(revision_ids), self.chunk_revisions):
            if finisher.failed:
                break  # close() raises the failure, as the serial path would have
            chunk = revision_ids[start : start + self.chunk_revisions]
            part = stages.translate_revisions(
                self.store, self.router, self.memory, chunk, language, full_text=full_text
            )
            report.merge(part)
            finisher.submit(partial(self._after_translation, part, language, full_text))
            if part.done_revisions and not full_text and self.settings.full_text == "all":
                # the full text follows its summary: the same revisions, the same language
                done = [revision_id for revision_id, _target in part.done_revisions]
                self._translate_chunks(done, language, True, finisher)
        return report

    def _after_translation(self, report: TranslationReport, language: str, full_text: bool) -> None:
        """Record one translated chunk's jobs, sync its review state, check its flags, and
        under the ``auto`` policy publish it. Database work only (see publisher.pipeline.overlap)."""
        if not full_text:
            jobs.record(self.store, _translation_jobs(report, language))
            if report.done_revisions:
                self.review.machine_translated(report.done_revisions)
            checked = [rid for rid, _ in report.done_revisions]
            checked += [rid for rid, _, _ in report.failed_revisions]
            self._refresh_flags_of_items(checked, language)
        if report.done_revisions and self.publish_policy is PublishPolicy.AUTO:
            if full_text:
                for revision_id, target in report.done_revisions:
                    with self.store.session() as session:
                        publication.publish_full_text(session, revision_id, target)
            else:
                for revision_id, target in report.done_revisions:
                    self._auto_publish(revision_id, [target], original=False)
                self.update_search_index()

    def _sync_review(self, revision_ids: Sequence[int]) -> None:
        with self.store.session() as session:
            dispatch_ids = list(
                session.scalars(select(Revision.dispatch_id).where(Revision.id.in_(revision_ids)))
            )
        self.review.sync(dispatch_ids)

    def _flags_after_edit(self, session: Session, revision_id: int, language: str) -> None:
        refresh_flags(session, revision_id, language, context_for=self.quality_context)

    def quality_context(self, source: str, target: str) -> Context:
        """What the quality checks need beyond the texts for the pair source→target: the
        pair's glossary as a term checker, and its version (a dismissed terminology flag comes
        back when the glossary changes)."""
        with self.store.session() as session:
            glossary = glossary_snapshot(session, source, target)
        if not glossary.terms:
            return Context(glossary_version=glossary.fingerprint)

        def checker(source_text: str, target_text: str) -> list[str]:
            problems = term_problems(source_text, target_text, glossary.terms, target)
            return [problem.message for problem in problems]

        return Context(term_checker=checker, glossary_version=glossary.fingerprint)

    def refresh_flags(self, revision_id: int, language: str) -> int:
        """Recompute the quality flags of one revision's draft in ``language``; return how many.

        Raises NotFound for an unknown revision.
        """
        with self.store.session() as session:
            flags = refresh_flags(session, revision_id, language, context_for=self.quality_context)
            return len(flags)

    def _refresh_flags_of_items(self, revision_ids: Sequence[int], language: str) -> None:
        """Recompute the flags of many drafts in one transaction (a draft's own transaction
        and queries cost more than its checks); if anything in it fails, item by item, so one
        failing draft keeps its old flags and the others get theirs, as they would one by one."""
        if not revision_ids:
            return
        try:
            with self.store.session() as session:
                refresh_many(
                    session,
                    [(revision_id, language) for revision_id in revision_ids],
                    context_for=self.quality_context,
                )
            return
        except Exception:  # noqa: BLE001 (each item again, on its own: see the docstring)
            log.debug("quality flags of %d drafts together failed", len(revision_ids))
        for revision_id in revision_ids:
            self._refresh_flags_of_item(revision_id, language)

    def _refresh_flags_of_item(self, revision_id: int, language: str) -> None:
        # The edge of one item: the translation is stored already, and a check that fails on
        # one draft must not fail the job (the flags are recomputed on the next change).
        try:
            self.refresh_flags(revision_id, language)
        except Exception:  # noqa: BLE001
            log.exception("quality flags of revision %s in %s", revision_id, language)

    def _auto_publish(self, revision_id: int, languages: list[str], *, original: bool) -> None:
        """Publish one revision's complete output in its own transaction.

        Two machines may publish the same version at once; the loser updates the winner's row.
        An agency's kill advisory is never published, whatever the policy.
        """
        with self.store.session() as session:
            revision = session.get(Revision, revision_id)
            if revision is None or kind_of(revision) is RevisionKind.KILL:
                return
        for attempt in range(2):
            try:
                with self.store.session() as session:
                    publication.publish_ready(session, revision_id, languages, original=original)
                return
            except IntegrityError:
                if attempt:
                    raise

    def update_search_index(self) -> int:
        """Index headlines and summaries written since the last call; return how many."""
        with self.store.session() as session:
            return sync_index(session)

    def translate(
        self,
        languages: Iterable[str],
        dispatch_ids: Sequence[int] | None = None,
        *,
        full_text: bool = False,
        progress: Progress | None = None,
    ) -> TranslationReport:
        """Translate dispatches lacking ``languages`` (or the given ones, again) into them."""
        languages = list(languages)
        if dispatch_ids is not None:
            self.summarize(dispatch_ids)
        else:
            self._summarize_missing()
        plan: list[tuple[str, list[int]]] = []
        with self.store.session() as session:
            for language in languages:
                if dispatch_ids is not None or full_text:
                    ids = stages.current_revision_ids(session, dispatch_ids)
                else:
                    ids = stages.revisions_needing_translation(session, language)
                plan.append((language, ids))
        plan = [(language, ids) for language, ids in plan if ids]
        counter = _Counter(progress, sum(len(ids) for _lang, ids in plan))
        # one finisher for every chunk of every language: the bookkeeping of one language's
        # chunk overlaps the decoding of the next chunk, of this language or another
        with Finisher(overlap=self.overlap_finish) as finisher:

            def translate_language(step: tuple[str, list[int]], stop: Event) -> TranslationReport:
                language, ids = step
                report = TranslationReport()
                for start in range(0, len(ids), self.chunk_revisions):
                    if finisher.failed or stop.is_set():
                        break
                    chunk = ids[start : start + self.chunk_revisions]
                    report.merge(self._translate_chunks(chunk, language, full_text, finisher))
                    counter.advance(len(chunk))
                return report

            parts = run_each(plan, translate_language, workers=self.parallel_languages)
        report = TranslationReport()
        for part in parts:  # in the languages' order, however their decoding interleaved
            report.merge(part)
        return report

    def run(self, progress: Progress | None = None) -> RunReport:
        """Process everything pending through the queue, in this process."""
        before = self._translation_states()
        # With nothing in the queue, a job marked queued was lost (a killed process): take it
        # up again now rather than when its lease runs out.
        self.queue.sweep(lease=self.queue.pending() > 0)
        ran = self.queue.drain(progress)
        return RunReport(ran, self._translation_report(before))

    def _translation_states(self) -> dict[tuple[int, str], tuple[str, str]]:
        """(status, reason) of each current revision's summary translation, by (dispatch, language)."""
        with self.store.session() as session:
            rows = session.execute(
                select(Dispatch.id, Translation.language, Translation.status, Translation.reason)
                .join(Translation, Translation.revision_id == Dispatch.current_revision_id)
                .where(Translation.full_text.is_(False))
            ).all()
        return {(d, lang): (status, reason or "") for d, lang, status, reason in rows}

    def _translation_report(
        self, before: Mapping[tuple[int, str], tuple[str, str]]
    ) -> TranslationReport:
        """What changed since ``before``: newly done, and everything still pending or failed."""
        report = TranslationReport()
        for (dispatch_id, language), (status, reason) in self._translation_states().items():
            if status == "done" and before.get((dispatch_id, language), ("", ""))[0] != "done":
                report.done.append((dispatch_id, language))
            elif status == "pending":
                report.pending.append((dispatch_id, language, reason))
            elif status == "failed":
                report.failed.append((dispatch_id, language, reason))
        return report

    def enqueue(self) -> int:
        """Queue every stage still to do (each once); return how many jobs were queued."""
        return self.queue.sweep()

    def failed_jobs(self) -> list[FailedJob]:
        """Jobs whose last attempt failed, newest first."""
        with self.store.session() as session:
            rows = session.execute(
                select(Job, Revision.dispatch_id)
                .join(Revision, Revision.id == Job.revision_id)
                .where(Job.status == JobStatus.FAILED.value)
                .order_by(Job.updated_at.desc())
            ).all()
        return [
            FailedJob(job.stage, dispatch_id, job.language, job.attempts, job.error or "")
            for job, dispatch_id in rows
        ]

    def retry_failed(self) -> int:
        """Give failed jobs a fresh set of attempts; return how many. The next run takes them."""
        with self.store.session() as session:
            failed = session.scalar(
                select(func.count()).select_from(Job).where(Job.status == JobStatus.FAILED.value)
            )
            # attempts start again; the next sweep enqueues them like any other work
            session.execute(
                update(Job)
                .where(Job.status == JobStatus.FAILED.value)
                .values(attempts=0, status=JobStatus.DONE.value)
            )
            return int(failed or 0)

    # -- reading --------------------------------------------------------------

    def dispatch(self, dispatch_id: int) -> DispatchView:
        """One dispatch as stored. Raises NotFound."""
        with self.store.session() as session:
            return get_dispatch(session, dispatch_id)

    def dispatches(self, *, limit: int = 100, offset: int = 0) -> list[DispatchView]:
        with self.store.session() as session:
            return list_dispatches(session, limit=limit, offset=offset)

    def flags(
        self,
        dispatch_id: int | None = None,
        *,
        language: str | None = None,
        include_dismissed: bool = False,
    ) -> list[FlagView]:
        """Quality flags of current revisions, open ones only unless ``include_dismissed``.

        Raises NotFound for a dispatch id that does not exist.
        """
        with self.store.session() as session:
            if dispatch_id is not None and session.get(Dispatch, dispatch_id) is None:
                raise NotFound(f"no dispatch with id {dispatch_id}")
            return list_flags(
                session,
                dispatch_id=dispatch_id,
                language=language,
                include_dismissed=include_dismissed,
            )

    def dismiss_flag(self, flag_id: int, *, reason: str, user: str) -> FlagView:
        """Dismiss one flag for its current texts. Raises NotFound, InvalidInput."""
        with self.store.session() as session:
            return dismiss_flag(session, flag_id, reason=reason, user=user)

    def close(self) -> None:
        self.store.dispose()


def _translation_jobs(report: TranslationReport, language: str) -> list[JobOutcome]:
    outcomes = [JobOutcome(Stage.TRANSLATE, rid, language) for rid, _ in report.done_revisions]
    outcomes += [
        JobOutcome(Stage.TRANSLATE, rid, language, JobStatus.WAITING, reason)
        for rid, _, reason in report.pending_revisions
    ]
    outcomes += [
        JobOutcome(Stage.TRANSLATE, rid, language, JobStatus.FAILED, reason)
        for rid, _, reason in report.failed_revisions
    ]
    return outcomes
