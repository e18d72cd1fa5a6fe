"""The command line: thin click commands over the Desk (the ``publisher`` console script).

Which commands may create the instance folder is said once, in the group's help (``cli``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import json
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from publisher import __version__
from publisher.errors import ConfigError, NotFound, PublisherError
from publisher.languages import Language, UnknownLanguage, parse_languages
from publisher.settings import SETTINGS, format_default

if TYPE_CHECKING:
    from publisher.core import Desk, RunReport
    from publisher.db import Store
    from publisher.pipeline.intake import IntakeOutcome
    from publisher.pipeline.stages import TranslationReport
    from publisher.reading import DispatchView
    from publisher.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

# How many names or ids a one-line report shows before "and N more".
_SHOWN = 10


class _DeskHolder:
    """Creates the desk on first use, so `--help` never touches the instance folder."""

    def __init__(self, instance: str | None) -> None:
        self.instance = instance
        self._settings: Settings | None = None
        self._desk: Desk | None = None

    def settings(self) -> Settings:
        """The settings of this invocation; reads the instance file but creates nothing."""
        if self._settings is None:
            from publisher.settings import load_settings

            self._settings = load_settings({"instance": self.instance} if self.instance else None)
        return self._settings

    def missing_instance(self) -> str | None:
        """Why there is nothing to read yet, or None when the stored data can be read.

        The instance folder only matters when it holds the database: with ``database_url``
        pointing elsewhere (PostgreSQL) a machine without the folder reads the shared data.
        """
        settings = self.settings()
        if settings.database_url or settings.instance.is_dir():
            return None
        return (
            f"instance folder {settings.instance} does not exist yet; "
            "start with `publisher ingest PATH` (or `publisher demo`)"
        )

    def get(self, *, create: bool = True) -> Desk:
        """The desk; ``create=False`` leaves a missing instance folder missing."""
        if self._desk is None:
            from publisher.core import Desk

            self._desk = Desk(self.settings(), create_instance=create)
        return self._desk

    def close(self) -> None:
        """Release the desk's database connections (a shared server counts them)."""
        if self._desk is not None:
            self._desk.close()
            self._desk = None


def _holder() -> _DeskHolder:
    return click.get_current_context().find_object(_DeskHolder) or _DeskHolder(None)


def current_desk() -> Desk:
    """The desk of a command that writes: its instance folder is created when missing."""
    return _holder().get()


def reading_desk() -> tuple[Desk | None, str | None]:
    """The desk of a command that only reads, or (None, why) when there is nothing to read."""
    holder = _holder()
    missing = holder.missing_instance()
    if missing is not None:
        return None, missing
    return holder.get(create=False), None


def domain_errors(command: F) -> F:
    """Turn domain errors, and failures of the machine (a file that cannot be written, the
    database or the queue gone mid-command), into one clear line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # imported here: `--help` stays quick
        import sqlite3

        from redis.exceptions import RedisError
        from sqlalchemy.exc import OperationalError

        try:
            return command(*args, **kwargs)
        except PublisherError as error:
            raise click.ClickException(str(error)) from error
        except RedisError as error:
            raise click.ClickException(f"the task queue is unreachable: {_line(error)}") from error
        except OperationalError as error:
            raise click.ClickException(f"database failure: {_line(error.orig or error)}") from error
        except sqlite3.Error as error:  # only Huey's SQLite queue uses sqlite3 unwrapped
            raise click.ClickException(f"the task queue failed: {_line(error)}") from error
        except OSError as error:
            where = f": {error.filename}" if error.filename else ""
            raise click.ClickException(f"{error.strerror or _line(error)}{where}") from error

    return wrapper  # type: ignore[return-value]


def _line(error: BaseException) -> str:
    """The first line of an error's message (its type's name when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


HELP_WIDTH = 100


def _settings_help(width: int = HELP_WIDTH) -> str:
    """The settings as a table (name, default, meaning) for the end of `publisher --help`."""
    rows = [(s.name, format_default(s), str(s.metadata["help"])) for s in SETTINGS]
    name_width = max(len(name) for name, _default, _help in rows)
    default_width = 12
    # click indents the epilog by two columns
    help_width = max(20, width - 2 - name_width - default_width - 4)
    pad = " " * (name_width + default_width + 4)
    # "\b" keeps click from re-flowing the table's lines
    lines = ["\b", f"{'setting':<{name_width}}  {'default':<{default_width}}  meaning"]
    for name, default, text in rows:
        wrapped = textwrap.wrap(text, help_width, break_on_hyphens=False)
        if len(default) > default_width:
            wrapped.append(f"(default: {default})")
            default = "(see below)"
        lines.append(f"{name:<{name_width}}  {default:<{default_width}}  {wrapped[0]}")
        lines.extend(pad + line for line in wrapped[1:])
    intro = "Settings, read from instance/publisher.toml or PUBLISHER_<NAME> variables:"
    return intro + "\n\n" + "\n".join(lines)


class _Commands(click.Group):
    """The main group. Some command groups live in modules of their own (which use the helpers
    here), loaded when they are asked for."""

    MODULES = {"users": "publisher.cli_users"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.MODULES])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self.MODULES.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        import importlib

        command: click.Command = getattr(importlib.import_module(module), cmd_name)
        return command


@click.group(
    cls=_Commands,
    epilog=_settings_help(),
    context_settings={"max_content_width": HELP_WIDTH},
)
@click.option(
    "--instance",
    envvar="PUBLISHER_INSTANCE",
    type=click.Path(file_okay=False),
    help="Instance folder holding all state (default ./instance).",
)
@click.version_option(__version__, prog_name="publisher")
@click.pass_context
def cli(ctx: click.Context, instance: str | None) -> None:
    """publisher: an offline-first multilingual news desk.

    Commands that write (ingest, run, summarize, translate, worker, demo) create the instance
    folder when it is missing. Commands that only read never do: on a missing folder, list and
    jobs say so and exit 0, show and serve exit 1.
    """
    ctx.obj = _DeskHolder(instance)
    ctx.call_on_close(ctx.obj.close)


def _target_languages(value: str | None) -> list[Language] | None:
    """The ``--to`` languages, checked before anything is stored; None when not given.

    Raises ConfigError naming the option and the bad code, or when no language is given.
    """
    if value is None:
        return None
    try:
        languages = parse_languages(value)
    except UnknownLanguage as error:
        raise ConfigError(f"--to: {error}") from None
    if not languages:
        raise ConfigError("--to: give at least one language, e.g. --to ko,es")
    return languages


def _echo_outcome(outcome: IntakeOutcome) -> None:
    if outcome.status in _NOTE_STATUSES:
        click.echo(f"{outcome.status:<9} {outcome.source_name}: {outcome.reason}", err=True)
    elif outcome.ok:
        click.echo(
            f"{outcome.status:<9} #{outcome.dispatch_id} r{outcome.revision}  "
            f"{outcome.headline or ''}  [{outcome.source_name}]"
        )
        for warning in outcome.warnings:
            click.echo(f"warning   {outcome.source_name}: {warning}", err=True)
    else:
        click.echo(f"failed    {outcome.source_name}: {outcome.reason}", err=True)


def _echo_translation(report: TranslationReport) -> None:
    for dispatch_id, language in report.done:
        click.echo(f"translated #{dispatch_id} → {language}")
    reasons: dict[tuple[str, str], list[int]] = {}
    for dispatch_id, _language, reason in report.pending:
        reasons.setdefault(("pending", reason), []).append(dispatch_id)
    for dispatch_id, _language, reason in report.failed:
        reasons.setdefault(("failed", reason), []).append(dispatch_id)
    for (status, reason), ids in reasons.items():
        shown = ", ".join(f"#{i}" for i in sorted(set(ids))[:10])
        more = "" if len(set(ids)) <= 10 else f" and {len(set(ids)) - 10} more"
        click.echo(f"{status}: {reason} ({shown}{more})", err=True)


_INTAKE_STATUSES = ("added", "revised", "duplicate", "failed", "ignored")
# Outcomes that store nothing and lose nothing: said on stderr, never an exit status of 1.
_NOTE_STATUSES = ("ignored", "warning")


def _shorten(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown if len(names) <= _SHOWN else f"{shown} and {len(names) - _SHOWN} more"


def _echo_queued(desk: Desk, new: int) -> None:
    if not new:
        click.echo("nothing new to process")
    elif desk.settings.resolved_queue_url.startswith(("redis://", "rediss://", "unix://")):
        click.echo(
            f"queued {new} dispatch(es) on the Redis queue: a running `publisher worker` "
            "will pick them up"
        )
    else:
        click.echo(
            f"queued {new} dispatch(es): run `publisher run` to process them now, "
            "or start `publisher worker`"
        )


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--run", "run_now", is_flag=True, help="Process what was ingested at once, as `run` does."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON report (items, counts, skipped files)."
)
@domain_errors
def ingest(sources: Sequence[str], run_now: bool, as_json: bool) -> None:
    """Ingest dispatches from files, folders, URLs or - (stdin).

    Formats: scraped wire pages, Markdown with front matter, HTML, RSS/Atom, ninjs JSON and
    JSON Lines. A folder is read with its sub-folders; its files with other suffixes are
    listed as skipped (hidden names are ignored). Bad items are reported and skipped; the exit
    status is 1 if any failed, and with --run also when a translation stays pending or failed.
    Items that are not text (a ninjs picture) are counted as ignored, and a flaw that loses
    nothing (a feed read leniently) is a warning: neither is a failure.
    """
    desk = current_desk()
    report = desk.ingest(
        list(sources),
        stdin=sys.stdin.buffer,
        enqueue=not run_now,
        on_item=None if as_json else _echo_outcome,
    )
    new = report.count("added") + report.count("revised")
    if as_json:
        data: dict[str, Any] = {
            "items": [dataclasses.asdict(outcome) for outcome in report.outcomes],
            "counts": {status: report.count(status) for status in _INTAKE_STATUSES}
            | {"skipped": len(report.skipped)},
            "skipped": report.skipped,
        }
        ok = report.ok
        if run_now:
            result = _run(desk)
            data["run"] = _run_json(result)
            ok = _run_complete(result) and ok
        else:
            data["queued"] = 0 if report.queue_error else new
            data["queue_error"] = report.queue_error
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if not ok:
            sys.exit(1)
        return
    if report.skipped:
        click.echo(
            f"skipped {len(report.skipped)} file(s) that are not dispatches: "
            f"{_shorten(report.skipped)}",
            err=True,
        )
    counts = ", ".join(f"{report.count(status)} {status}" for status in _INTAKE_STATUSES)
    click.echo(f"{counts}, {len(report.skipped)} skipped")
    ok = report.ok
    if report.queue_error is not None:
        click.echo(f"Error: {report.queue_error}", err=True)
    elif run_now:
        result = _run(desk)
        _echo_run(result)
        ok = _run_complete(result) and ok
    else:
        _echo_queued(desk, new)
    if not ok:
        sys.exit(1)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@domain_errors
def list_command(as_json: bool, limit: int) -> None:
    """List dispatches, newest first.

    With no instance folder yet, says so and exits 0 (with --json: prints [], the note on
    stderr).
    """
    desk, missing = reading_desk()
    views = desk.dispatches(limit=limit) if desk is not None else []
    if as_json:
        click.echo(json.dumps([v.to_json() for v in views], ensure_ascii=False, indent=2))
        if missing:
            click.echo(f"no dispatches: {missing}", err=True)
        return
    if not views:
        click.echo(f"no dispatches: {missing or 'start with `publisher ingest PATH`'}")
    for view in views:
        languages = ",".join(
            f"{lang}{'' if t.status == 'done' else '?'}"
            for lang, t in sorted(view.translations.items())
        )
        click.echo(
            f"#{view.id:<5} r{view.revision} {view.source_language}  {view.headline[:70]:<70}  "
            f"{view.agency or '-'}  [{languages or 'no translations'}]"
        )


@cli.command()
@click.argument("dispatch_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@domain_errors
def show(dispatch_id: int, as_json: bool) -> None:
    """Show one dispatch: its text, summary and translations (exit 1 when there is no such id)."""
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"no dispatch with id {dispatch_id}: {missing}")
    view = desk.dispatch(dispatch_id)
    from publisher.cli_flags import flag_line, flags_by_place, show_json

    flags = desk.flags(dispatch_id, include_dismissed=True)
    if as_json:
        click.echo(json.dumps(show_json(view, flags), ensure_ascii=False, indent=2))
        return
    placed = flags_by_place(flags)

    def echo_flags(language: str, segment: str, index: int | None, indent: str) -> None:
        for flag in placed.get((language, segment, index), []):
            click.echo(f"{indent}{flag_line(flag)}")

    click.echo(f"#{view.id} revision {view.revision} ({view.source_language})")
    click.echo(view.headline)
    for field_name, origin in view.derived.items():
        click.echo(f"  ({field_name} made by ingest from the {origin}: not the agency's own)")
    meta = [
        view.agency,
        view.byline,
        view.dateline,
        view.published,
        view.updated and f"updated {view.updated}",
    ]
    click.echo(" | ".join(m for m in meta if m))
    if view.url:
        click.echo(view.url)
    for paragraph in view.paragraphs:
        click.echo()
        click.echo(paragraph)
    click.echo()
    if view.summary:
        click.echo(
            f"Summary ({view.summary['method']}, sentences {view.summary['sentence_indexes']}):"
        )
        echo_flags(view.source_language, "headline", None, "  ")
        for index, sentence in zip(
            view.summary["sentence_indexes"], view.summary_sentences, strict=False
        ):
            click.echo(f"  {sentence}")
            echo_flags(view.source_language, "sentence", index, "    ")
    else:
        click.echo("Summary: not yet (`publisher run` or `publisher summarize` makes one)")
    for language, translation in sorted(view.translations.items()):
        click.echo()
        label = f"[{language}] {translation.status}"
        if translation.engine:
            label += f" via {translation.engine} {translation.model_version or ''}"
        if translation.reason:
            label += f": {translation.reason}"
        click.echo(label)
        echo_flags(language, "version", None, "  ")
        if translation.headline:
            click.echo(f"  {translation.headline}")
            echo_flags(language, "headline", None, "    ")
        for index, sentence in zip(translation.source_indexes, translation.sentences, strict=False):
            click.echo(f"  {sentence}")
            echo_flags(language, "sentence", index, "    ")
    for language, translation in sorted(view.full_texts.items()):
        click.echo()
        label = f"[{language}] full text {translation.status}"
        if translation.engine:
            label += f" via {translation.engine} {translation.model_version or ''}"
        if translation.reason:
            label += f": {translation.reason}"
        click.echo(label)
        for sentence in translation.sentences:
            click.echo(f"  {sentence}")
    click.echo()
    click.echo(_readers_line(view))


def _readers_line(view: DispatchView) -> str:
    """What readers see of the dispatch, per language: its publications, not its drafts."""
    from publisher.publication import VersionState

    if not view.publications:
        return (
            "Readers see: nothing yet (until an editor approves it: "
            f"`publisher review show {view.id}`)"
        )
    shown = []
    for language, version in sorted(view.publications.items()):
        note = version.provenance if version.state == VersionState.PUBLISHED else version.state
        if version.revision_id != view.revision_id:
            note += ", an earlier revision"
        if version.full_sentences and version.state == VersionState.PUBLISHED:
            note += ", full text"
        shown.append(f"{language} ({note})")
    return "Readers see: " + ", ".join(shown)


def _require_dispatches(desk: Desk, dispatch_ids: Sequence[int], undone: str) -> None:
    """Raise NotFound naming every id that has no dispatch, before any work is done."""
    if not dispatch_ids:
        return
    from sqlalchemy import select

    from publisher.db import Dispatch

    wanted = set(dispatch_ids)
    with desk.store.session() as session:
        found = set(session.scalars(select(Dispatch.id).where(Dispatch.id.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        ids = _shorten([str(i) for i in missing])
        what = f"dispatch with id {ids}" if len(missing) == 1 else f"dispatches with ids {ids}"
        raise NotFound(f"no {what}; {undone}")


class _MethodChoice(click.Choice[str]):
    """The summarizer names of the registry, any letter case; read when first needed, so that
    importing the CLI does not load sumy."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=False)

    @property
    def choices(self) -> tuple[str, ...]:
        from publisher.summarize import METHODS

        return tuple(METHODS)

    @choices.setter
    def choices(self, _value: object) -> None:
        """The registry is the only source of names."""


@cli.command()
@click.argument("dispatch_ids", nargs=-1, type=int)
@click.option(
    "--method",
    type=_MethodChoice(),
    default=None,
    help="Summarizer, any letter case (default: the summary_method setting).",
)
@click.option(
    "--sentences", "count", type=click.IntRange(min=1), default=None, help="Sentences to keep."
)
@click.option(
    "--ratio",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=None,
    help="Fraction of sentences to keep, between 0 and 1 (instead of --sentences).",
)
@domain_errors
def summarize(
    dispatch_ids: Sequence[int], method: str | None, count: int | None, ratio: float | None
) -> None:
    """Summarize dispatches (all when no ids are given; given ids are summarized again).

    An id with no dispatch is an error and nothing is summarized.
    """
    from publisher.pipeline.stages import SummaryOptions
    from publisher.summarize import method_name

    if count is not None and ratio is not None:
        raise click.UsageError("give --sentences or --ratio, not both")
    desk = current_desk()
    _require_dispatches(desk, dispatch_ids, "nothing was summarized")
    base = desk.summary_options
    chosen = method or method_name(base.method)
    if count is not None:
        options = SummaryOptions(chosen, count, None)
    elif ratio is not None:
        options = SummaryOptions(chosen, base.count, ratio)
    else:
        options = SummaryOptions(chosen, base.count, base.ratio)
    explicit = bool(dispatch_ids) or method is not None or count is not None or ratio is not None
    results = desk.summarize(list(dispatch_ids) or None, options=options, replace=explicit)
    click.echo(f"summarized {len(results)} revision(s) with {options.method}")


@cli.command()
@click.argument("dispatch_ids", nargs=-1, type=int)
@click.option(
    "--to",
    "languages",
    default=None,
    help="Target languages (BCP 47), e.g. ko,es,pt-BR; default: the languages setting.",
)
@click.option("--full", is_flag=True, help="Translate the full text, not only the summary.")
@domain_errors
def translate(dispatch_ids: Sequence[int], languages: str | None, full: bool) -> None:
    """Translate headlines and summaries (no ids: every dispatch lacking those languages).

    Exits 1 when a translation stays pending (no engine for the pair) or failed, or when an id
    has no dispatch (then nothing is translated).
    """
    wanted = _target_languages(languages)
    desk = current_desk()
    targets = desk.settings.target_languages if wanted is None else wanted
    _require_dispatches(desk, dispatch_ids, "nothing was translated")
    with _progress("translating") as progress:
        report = desk.translate(
            targets, list(dispatch_ids) or None, full_text=full, progress=progress
        )
    _echo_translation(report)
    click.echo(
        f"{len(report.done)} translated, {len(report.pending)} pending, {len(report.failed)} failed"
    )
    if report.pending or report.failed:
        sys.exit(1)


@cli.group()
def translations() -> None:
    """Stored translations by language: count them, drop the rows of a code."""


@translations.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@domain_errors
def translations_list(as_json: bool) -> None:
    """Stored translations per language code, counted by status; flags codes to drop."""
    from publisher.translation_rows import STATUSES, count_translations

    rows = count_translations(current_desk().store)
    if as_json:
        click.echo(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no translations stored")
        return
    width = max(len("language"), *(len(row.language) for row in rows))
    click.echo(f"{'language':<{width}}  " + "  ".join(f"{s:>7}" for s in STATUSES))
    for row in rows:
        counts = "  ".join(f"{row.counts.get(s, 0):>7}" for s in STATUSES)
        note = f"  ({row.note})" if row.note else ""
        click.echo(f"{row.language:<{width}}  {counts}{note}")


@translations.command("drop")
@click.option("--lang", "language", required=True, help="The code exactly as stored.")
@click.option(
    "--status",
    default=None,
    help="pending, failed, done or any (default: pending and failed, never finished work).",
)
@domain_errors
def translations_drop(language: str, status: str | None) -> None:
    """Delete the translations stored under a language code, and their failed jobs.

    For rows older versions left under codes that are no language (`translate --to klingon`).
    """
    from publisher.translation_rows import (
        count_translations,
        drop_translations,
        statuses_to_drop,
    )

    statuses = statuses_to_drop(status)
    desk = current_desk()
    report = drop_translations(desk.store, language, statuses)
    click.echo(
        f"dropped {report.translations} {'/'.join(statuses)} translation(s) in "
        f"{report.language!r} and {report.jobs} failed job(s)"
    )
    if not report.translations:
        # the code must match as stored: show what is, in case of a typing slip
        stored = ", ".join(row.language for row in count_translations(desk.store))
        click.echo(f"stored language codes: {stored or '(none)'}", err=True)
    if report.language in {str(code) for code in desk.settings.target_languages}:
        click.echo(
            f"note: {report.language} is in the languages setting, so the next run "
            "translates into it again",
            err=True,
        )


class _progress:
    """A click progress bar on a terminal, drawn from the first update; silence elsewhere."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        return self.update if sys.stderr.isatty() else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.length = max(total, 1)
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _run(desk: Desk) -> RunReport:
    """Process everything pending in this process, with a progress bar on a terminal."""
    with _progress("processing") as progress:
        return desk.run(progress)


def _run_complete(report: RunReport) -> bool:
    return not (report.translation.pending or report.translation.failed)


def _echo_run(report: RunReport) -> None:
    _echo_translation(report.translation)
    click.echo(
        f"{report.jobs} job(s) run; {len(report.translation.done)} translated, "
        f"{len(report.translation.pending)} pending, {len(report.translation.failed)} failed"
    )


def _run_json(report: RunReport) -> dict[str, Any]:
    translation = report.translation
    return {
        "jobs": report.jobs,
        "translated": [{"dispatch_id": d, "language": lang} for d, lang in translation.done],
        "pending": [
            {"dispatch_id": d, "language": lang, "reason": reason}
            for d, lang, reason in translation.pending
        ],
        "failed": [
            {"dispatch_id": d, "language": lang, "reason": reason}
            for d, lang, reason in translation.failed
        ],
    }


@cli.command()
@click.option("--retry-failed", is_flag=True, help="Try again jobs that failed too often.")
@domain_errors
def run(retry_failed: bool) -> None:
    """Process everything pending (split, summarize, translate) through the queue, in-process.

    Exits 1 when translations stay pending or failed.
    """
    desk = current_desk()
    if retry_failed:
        click.echo(f"retrying {desk.retry_failed()} failed job(s)")
    report = _run(desk)
    _echo_run(report)
    if not _run_complete(report):
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@domain_errors
def jobs(as_json: bool) -> None:
    """Jobs whose last attempt failed, with the reason (retry: `publisher run --retry-failed`).

    With no instance folder yet, says so and exits 0 (with --json: prints [], the note on
    stderr).
    """
    desk, missing = reading_desk()
    failed = desk.failed_jobs() if desk is not None else []
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(job) for job in failed], ensure_ascii=False))
        if missing:
            click.echo(f"no failed jobs: {missing}", err=True)
        return
    for job in failed:
        target = f" → {job.language}" if job.language else ""
        click.echo(
            f"#{job.dispatch_id} {job.stage}{target} ({job.attempts} attempt(s)): {job.error}"
        )
    if not failed:
        click.echo(f"no failed jobs: {missing}" if missing else "no failed jobs")


@cli.command()
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker threads."
)
@domain_errors
def worker(workers: int) -> None:
    """Run a queue consumer (Ctrl-C stops it; unfinished work is picked up again)."""
    current_desk().queue.run_worker(workers)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=5000, show_default=True, help="Port, 1 to 65535.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Gunicorn worker processes.",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Threads per worker.",
)
@domain_errors
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the reader site with gunicorn (production server).

    Exits 1 with one line when the port is out of range or in use, or when the instance folder
    does not exist (unless database_url points to a shared database).
    """
    from publisher.web.server import check_bind
    from publisher.web.server import serve as run_server

    holder = _holder()
    missing = holder.missing_instance()
    if missing is not None:
        raise ConfigError(f"nothing to serve: {missing}")
    # the desk's start-up rule first: SQLite is upgraded, a shared database behind is refused
    settings = holder.get(create=False).settings
    settings.check_production()
    check_bind(host, port)
    click.echo(f"Serving on {_url(host, port)} (Ctrl-C to stop)")
    run_server(settings, host=host, port=port, workers=workers, threads=threads)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


@cli.group()
def models() -> None:
    """Translation models and engines."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def models_list(as_json: bool) -> None:
    """Installed models and engines, and what serves each configured pair (or why nothing)."""
    from publisher.core import Desk
    from publisher.models_report import models_report

    desk, _missing = reading_desk()
    if desk is None:
        # Nothing stored is read here: an in-memory database keeps a missing instance missing.
        settings = dataclasses.replace(_holder().settings(), database_url="sqlite://")
        desk = Desk(settings, create_instance=False)
    report = models_report(desk)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
        return
    click.echo("\n".join(report.lines()))


@models.command("install")
@click.argument("pair", nargs=-1)
@click.option("--file", "archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--dir",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A converted CTranslate2 model folder (NLLB-200, M2M-100, OPUS-MT, MADLAD-400).",
)
@click.option("--family", default=None, help="The folder's model family, if not recognized.")
@click.option("--from", "from_code", default=None, help="Source language (OPUS-MT models).")
@click.option("--to", "to_code", default=None, help="Target language (OPUS-MT models).")
@click.option("--name", default=None, help="Name to install the folder under.")
@domain_errors
def models_install(
    pair: Sequence[str],
    archive: Path | None,
    folder: Path | None,
    family: str | None,
    from_code: str | None,
    to_code: str | None,
    name: str | None,
) -> None:
    """Install a model: an Argos package (FROM TO from the package index, or --file
    PATH.argosmodel), or a converted CTranslate2 folder (--dir PATH)."""
    from publisher.translate import argos_packages

    settings = _holder().settings()
    if folder is not None:
        if pair or archive is not None:
            raise click.UsageError("--dir installs one folder: give no FROM TO nor --file")
        _install_ct2_folder(settings, folder, family, from_code, to_code, name)
        return
    if family or from_code or to_code or name:
        raise click.UsageError("--family, --from, --to and --name go with --dir")
    # Packages go to Argos Translate's own folder (argos_packages_dir), not the instance.
    packages_dir = settings.resolved_argos_packages_dir
    if archive is not None:
        package = argos_packages.install_from_file(packages_dir, archive)
    elif len(pair) == 2:
        package = _install_from_index(settings, pair[0], pair[1])
    else:
        raise click.UsageError("give FROM TO (e.g. en ko), --file PATH.argosmodel or --dir PATH")
    click.echo(
        f"installed {package.from_code}→{package.to_code} {package.package_version} in {package.path}"
    )


def _install_ct2_folder(
    settings: Settings,
    folder: Path,
    family: str | None,
    from_code: str | None,
    to_code: str | None,
    name: str | None,
) -> None:
    from publisher.translate.ct2_models import install_from_dir
    from publisher.translate.ctranslate2_engine import trial
    from publisher.translate.devices import resolve_device

    if (from_code is None) != (to_code is None):
        raise click.UsageError("give both --from and --to, or neither")
    pair = (from_code, to_code) if from_code and to_code else None
    device = resolve_device(settings.device)
    model = install_from_dir(
        settings.resolved_ct2_models_dir,
        folder,
        family=family,
        pair=pair,
        name=name,
        check=lambda staged: trial(staged, device),
    )
    served = (
        f"{model.pair[0]}→{model.pair[1]}"
        if model.pair
        else f"{len(model.languages)} languages ({', '.join(model.languages)})"
    )
    click.echo(f"installed {model.name}: {model.family.title}, {served}, in {model.path}")
    click.echo(f"licence: {model.family.license}")


def _install_from_index(settings: Settings, source: str, target: str) -> Any:
    from publisher.translate import argos_packages

    with _progress(f"downloading {source}→{target}") as progress:
        return argos_packages.install_from_index(
            settings.resolved_argos_packages_dir,
            settings.argos_index_url,
            source,
            target,
            progress=progress,
        )


@models.command("remove")
@click.argument("pair", nargs=-1)
@click.option("--model", "name", default=None, help="An installed CTranslate2 model's name.")
@domain_errors
def models_remove(pair: Sequence[str], name: str | None) -> None:
    """Remove the Argos package for SOURCE TARGET, or a CTranslate2 model (--model NAME)."""
    settings = _holder().settings()
    if name is not None:
        if pair:
            raise click.UsageError("give SOURCE TARGET or --model NAME, not both")
        from publisher.translate.ct2_models import remove_model

        model = remove_model(settings.resolved_ct2_models_dir, name)
        click.echo(f"removed {model.name} ({model.family.title})")
        return
    if len(pair) != 2:
        raise click.UsageError("give SOURCE TARGET (an Argos package) or --model NAME")
    from publisher.translate.argos_packages import remove_package

    package = remove_package(settings.resolved_argos_packages_dir, pair[0], pair[1])
    click.echo(f"removed {package.from_code}→{package.to_code} {package.package_version}")


@cli.group("eval")
def eval_group() -> None:
    """Evaluate pipeline stages on reference data."""


def _method_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    """--methods: comma-separated registered names in any letter case; None means all."""
    if value is None:
        return None
    from publisher.summarize import method_name

    names = [name for name in (part.strip() for part in value.split(",")) if name]
    if not names:
        raise click.BadParameter("give at least one method name")
    try:
        return [method_name(name) for name in names]
    except ConfigError as error:
        raise click.BadParameter(str(error)) from None


class _MethodListOption(click.Option):
    """--methods, whose help lists the registry's names when shown (not when imported)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        from publisher.summarize import METHODS

        return record[0], f"{record[1]} Methods: {', '.join(METHODS)}."


@eval_group.command("summarize")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print {method: {rouge1, rouge2, rougeL}}.")
@click.option(
    "--methods",
    cls=_MethodListOption,
    callback=_method_list,
    default=None,
    help="Comma-separated methods, any letter case (default: all of them).",
)
@click.option(
    "--sentences",
    "count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Summary length.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N items.")
@domain_errors
def eval_summarize(
    path: Path, as_json: bool, methods: list[str] | None, count: int, limit: int | None
) -> None:
    """Score every summarizer side by side with ROUGE-1/2/L on a JSONL of {document, summary}.

    Exits 1 when the file has no items or a malformed line.
    """
    from publisher.evaluation import evaluate_summarizers, format_table

    try:
        scores = evaluate_summarizers(path, methods=methods, count=count, limit=limit)
    except OSError as error:
        raise click.FileError(str(path), hint=error.strerror or str(error)) from error
    click.echo(json.dumps(scores, indent=2) if as_json else format_table(scores))


@eval_group.command("translate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pair", required=True, help="Source and target, e.g. en-es (or zh-Hant:ko).")
@click.option(
    "--engines", default=None, help="Comma-separated engines (default: all with the pair)."
)
@click.option(
    "--split", is_flag=True, help="Also score our sentence-split path beside the raw engine."
)
@click.option("--json", "as_json", is_flag=True, help='Print {engine: {"bleu": B, "chrf": C}}.')
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N pairs.")
@domain_errors
def eval_translate(
    path: Path, pair: str, engines: str | None, split: bool, as_json: bool, limit: int | None
) -> None:
    """Score engines side by side with sacrebleu (BLEU, chrF) on a TSV of source<TAB>reference.

    Exits 1 when the file is malformed or an engine asked for could not be scored.
    """
    from publisher.translation_eval import (
        evaluate,
        format_results,
        parse_pair,
        read_parallel,
        results_json,
    )

    source, target = parse_pair(pair)
    names = [name.strip() for name in engines.split(",") if name.strip()] if engines else None
    try:
        texts = read_parallel(path, limit=limit)
    except OSError as error:
        raise click.FileError(str(path), hint=error.strerror or str(error)) from error
    results = evaluate(current_desk().engines, texts, source, target, names=names, split=split)
    if not results:
        raise click.ClickException(f"no engine has the {source}→{target} pair")
    click.echo(json.dumps(results_json(results), indent=2) if as_json else format_results(results))
    if any(result.raw is None for result in results):
        sys.exit(1)


@cli.command()
@click.option("--serve/--no-serve", default=True, help="Serve the site when done.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=5000, show_default=True, help="Port, 1 to 65535.")
@domain_errors
def demo(serve: bool, host: str, port: int) -> None:
    """Ingest the bundled sample dispatches, summarize, translate, show the result, serve it.

    The port is checked first, so a busy one fails at once and not after the demo's work.
    """
    from publisher.demo import run_demo
    from publisher.web.server import check_bind

    if serve:
        check_bind(host, port)
    desk = current_desk()
    with _progress("downloading en→ko") as progress:
        run_demo(desk, echo=click.echo, progress=progress, site=f"http://{host}:{port}")
    if serve:
        from publisher.web.server import serve as run_server

        click.echo(f"Serving on {_url(host, port)} (Ctrl-C to stop)")
        # the demo serves sample data on this machine only: the default secret key will do
        run_server(
            desk.settings,
            host=host,
            port=port,
            workers=2,
            threads=4,
            allow_default_secret=True,
        )


@cli.group("db")
def db_group() -> None:
    """The database schema: its revision, and upgrades (these work on a database behind head)."""


@contextlib.contextmanager
def _schema_store() -> Iterator[Store]:
    """The desk's database without the desk, whose start-up refuses a database behind head;
    its connections are released when the block ends."""
    from publisher.db import Store
    from publisher.settings import load_settings

    holder = click.get_current_context().find_object(_DeskHolder)
    instance = holder.instance if holder is not None else None
    settings = load_settings({"instance": instance} if instance else None)
    settings.instance.mkdir(parents=True, exist_ok=True)
    store = Store(settings.resolved_database_url)
    try:
        yield store
    finally:
        store.dispose()


@db_group.command("upgrade")
@click.argument("revision", default="head")
@domain_errors
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: head), adopting one from before migrations."""
    from publisher import schema

    with _schema_store() as store:
        done = schema.upgrade(store, revision)
    if done.adopted:
        click.echo(f"adopted the tables from before migrations as {schema.BASELINE}")
    if done.before == done.after and not done.adopted:
        click.echo(f"database already at {done.after}")
    else:
        click.echo(f"upgraded database from {done.before or 'nothing'} to {done.after}")


@db_group.command("current")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@domain_errors
def db_current(as_json: bool) -> None:
    """The database's revision, and whether it is the one this version needs."""
    from publisher import schema

    with _schema_store() as store:
        found = schema.state(store)
    if as_json:
        data = {
            "revision": found.revision,
            "head": found.head,
            "current": found.is_current,
            "legacy": found.legacy,
        }
        click.echo(json.dumps(data))
    elif found.is_current:
        click.echo(f"{found.revision} (head)")
    elif found.revision is not None:
        click.echo(f"{found.revision} (this version needs {found.head})")
    else:
        click.echo(f"none: {found.describe()} (this version needs {found.head})")


@db_group.command("history")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, oldest first.")
@domain_errors
def db_history(as_json: bool) -> None:
    """Every schema revision this version knows, oldest first."""
    from publisher import schema

    revisions = schema.history()
    if as_json:
        click.echo(json.dumps([r.to_json() for r in revisions]))
        return
    for r in revisions:
        title = r.message.splitlines()[0] if r.message else ""
        click.echo(f"{r.revision}{' (head)' if r.is_head else ''}  {title}")


EXPORT_FORMATS = (
    "txt",
    "md",
    "html",
    "epub",
    "docx",
    "zip",
    "site",
    "ninjs",
    "xliff",
    "tmx",
    "csv",
)


@cli.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.argument("dispatch_ids", metavar="[ID...]", nargs=-1, type=int)
@click.option("--lang", "languages", default=None, help="Only these languages, e.g. ko,es.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day, inclusive.")
@click.option(
    "--state",
    type=click.Choice(["published", "approved", "any"]),
    default=None,
    help="Editor exports (xliff, csv, tmx): the least advanced sentence to include "
    "[default: any; tmx: approved]. Reader exports hold published text only.",
)
@click.option(
    "--xliff-version",
    type=click.Choice(["2.1", "1.2"]),
    default="2.1",
    show_default=True,
    help="XLIFF 1.2 for older tools and Weblate.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Folder for one file per dispatch and language (created), a .epub/.docx/.zip file, "
    "the site's folder; - for stdout (one txt, md, html or ninjs file only).",
)
@domain_errors
def export(
    fmt: str,
    dispatch_ids: tuple[int, ...],
    languages: str | None,
    since: Any,
    until: Any,
    state: str | None,
    xliff_version: str,
    output: str,
) -> None:
    """Export dispatches. For readers: txt, md, html, ninjs (a file per dispatch and
    language), epub and docx (a digest per language for the period), zip (all of those for
    the period), site (a static copy of the reader site). For editors and translators:
    xliff (one file per language pair), csv and tmx, drafts with their states.

    Reader exports hold only what readers see (ninjs also lists killed versions, marked
    canceled). Days are counted in each language's time zone, as the digest pages count
    them. An id that does not exist or has nothing to export stops the export before
    anything is written (exit 1).
    """
    from publisher import cli_translators
    from publisher.export import WRITERS
    from publisher.export import run as export_run
    from publisher.reading import content_languages
    from publisher.web.zones import zone_choice

    wanted: list[Language] | None = None
    if languages is not None:
        try:
            wanted = parse_languages(languages)
        except UnknownLanguage as error:
            raise ConfigError(f"--lang: {error}") from None
        if not wanted:
            raise ConfigError("--lang: give at least one language, e.g. --lang ko,es")
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"nothing to export: {missing}")
    if state not in (None, "published") and fmt not in cli_translators.EDITOR_FORMATS:
        raise ConfigError(f"--state {state}: {fmt} is a reader export, published text only")
    codes = [str(language) for language in wanted] if wanted is not None else None
    if fmt in cli_translators.EDITOR_FORMATS or fmt == "ninjs":
        if since or until:
            raise ConfigError(f"{fmt} exports take ids and languages, not days")
        if fmt == "ninjs":
            cli_translators.export_ninjs(desk, dispatch_ids, codes, output)
            return
        from publisher.export.drafts import StateFilter

        chosen = StateFilter(state or ("approved" if fmt == "tmx" else "any"))
        cli_translators.export_for_editors(
            desk, fmt, dispatch_ids, codes, chosen, xliff_version, output
        )
        return
    if fmt == "site":
        if dispatch_ids or since or until:
            raise ConfigError("a site copies everything published in its languages: no ids or days")
        _export_site(desk, wanted, output)
        return
    zones = zone_choice(desk.settings)
    with desk.store.session() as session:
        selection = export_run.Selection(
            languages=[str(code) for code in wanted] if wanted else content_languages(session),
            since=since.date() if since else None,
            until=until.date() if until else None,
            dispatch_ids=list(dispatch_ids),
            zone_for=zones.zone_for,
        )
        selection.check()
        if output == "-":
            if fmt not in WRITERS:
                raise ConfigError(f"a {fmt} export is a file: give it with -o")
            found = list(itertools.islice(export_run.items(session, selection), 2))
            if not found:
                raise NotFound("nothing is published yet")
            if len(found) > 1:
                total = export_run.count(session, selection)
                raise ConfigError(f"{max(total, 2)} files to export: give a folder with -o")
            click.echo(WRITERS[fmt][0](found[0]), nl=False)  # bytes go out as they are
            return
        versions = export_run.items(session, selection) if fmt in WRITERS else iter(())
        total = export_run.count(session, selection)
        with _export_progress(total, f"export {fmt}") as step:
            if fmt in WRITERS:
                written = export_run.write_items(versions, fmt, Path(output), step)
            elif fmt in export_run.BOOK_FORMATS:
                written = export_run.write_books(session, selection, fmt, Path(output), step)
            else:
                written = export_run.write_zip(session, selection, Path(output), step)
    if not written.count:
        raise NotFound("nothing is published yet")
    if written.count <= export_run.SHOWN:
        for path in written.first:
            click.echo(f"wrote {path}")
    else:
        click.echo(f"wrote {written.count} files into {output}")


@cli.command("import")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--user", default=None, help="Who is importing (e-mail), kept with each edit.")
@domain_errors
def import_command(path: Path, dry_run: bool, user: str | None) -> None:
    """Take a translator's XLIFF (2.x or 1.2, as exported) back as edits awaiting approval.

    Nothing is published: each changed segment becomes an edit of the draft for an editor
    to approve. Segments whose source changed since export, unknown or duplicate ids,
    re-segmented units and wrong target languages are refused one by one and reported;
    the rest still goes in. Exit status 1 when anything was refused.
    """
    from publisher import cli_translators

    if not cli_translators.import_file(current_desk(), path, dry_run, user):
        sys.exit(1)


@contextlib.contextmanager
def _export_progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal (``total`` 0: a count without an end);
    elsewhere (a pipe, a log) nothing, so that output stays the files written."""
    if not sys.stderr.isatty():
        yield lambda _done: None
        return
    bar: Any
    with click.progressbar(length=total or None, label=label, file=sys.stderr) as bar:
        yield bar.update


def _export_site(desk: Desk, languages: list[Language] | None, output: str) -> None:
    """``publisher export site``: the reader site as plain files in ``output``."""
    from publisher.export.site import write_site

    if output == "-":
        raise ConfigError("a site is a folder: give it with -o")
    if not desk.settings.base_url:
        # pages link relatively and open from the folder, but a feed's entries must be absolute
        click.echo(
            "warning: base_url is not set, so the feeds and canonical links in the copy name "
            "http://localhost; set it to the address the copy will be served from "
            "(PUBLISHER_BASE_URL=https://news.example.org/)",
            err=True,
        )
    with _export_progress(0, "export site") as step:
        report = write_site(
            desk, Path(output), [str(code) for code in languages] if languages else None, step
        )
    click.echo(f"wrote {report.files} files ({report.pages} pages) into {output}")


def _register_commands() -> None:
    """Command groups kept in modules of their own, which import this one's helpers."""
    from publisher.cli_flags import eval_flags, flags_group

    cli.add_command(flags_group)
    eval_group.add_command(eval_flags)


_register_commands()


def main() -> None:
    cli(prog_name="publisher")


def _register_review() -> None:
    # a module of its own: the workflow grows without crowding this one
    from publisher.cli_review import audit, review

    cli.add_command(review)
    cli.add_command(audit)


_register_review()
# Command groups kept in their own modules; imported last, as they use the helpers above.
from publisher.cli_glossary import glossary, memory  # noqa: E402

cli.add_command(glossary)
cli.add_command(memory)
