"""The command line: thin click commands over the Desk.

Usable as the ``publisher`` console script and as ``flask --app publisher COMMAND``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from publisher import __version__
from publisher.errors import PublisherError
from publisher.settings import SETTINGS

if TYPE_CHECKING:
    from flask import Flask

    from publisher.core import Desk
    from publisher.db import Store
    from publisher.pipeline.intake import IntakeOutcome
    from publisher.pipeline.stages import TranslationReport

F = TypeVar("F", bound=Callable[..., Any])


class _DeskHolder:
    """Creates the desk on first use, so `--help` never touches the instance folder."""

    def __init__(self, instance: str | None) -> None:
        self.instance = instance
        self._desk: Desk | None = None

    def get(self) -> Desk:
        if self._desk is None:
            from publisher.core import Desk

            self._desk = Desk.from_settings({"instance": self.instance} if self.instance else None)
        return self._desk

    def close(self) -> None:
        """Release the desk's database connections (a shared server counts them)."""
        if self._desk is not None:
            self._desk.close()
            self._desk = None


def current_desk() -> Desk:
    """The desk of this invocation: ours, or the Flask app's under `flask --app publisher`."""
    ctx = click.get_current_context()
    holder = ctx.find_object(_DeskHolder)
    if holder is not None:
        return holder.get()
    from flask.cli import ScriptInfo

    info = ctx.ensure_object(ScriptInfo)
    desk: Desk = info.load_app().extensions["publisher.desk"]
    return desk


def domain_errors(command: F) -> F:
    """Turn domain errors into one clear line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PublisherError as error:
            raise click.ClickException(str(error)) from error

    return wrapper  # type: ignore[return-value]


def _settings_help() -> str:
    lines = ["Settings (instance/publisher.toml or PUBLISHER_<NAME> variables):", ""]
    for setting in SETTINGS:
        lines.append(f"  {setting.name}: {setting.metadata['help']}")
    return "\n".join(lines)


@click.group(epilog=_settings_help(), context_settings={"max_content_width": 100})
@click.option(
    "--instance",
    envvar="PUBLISHER_INSTANCE",
    type=click.Path(file_okay=False),
    help="Instance folder holding all state (default ./instance).",
)
@click.version_option(__version__, prog_name="publisher")
@click.pass_context
def cli(ctx: click.Context, instance: str | None) -> None:
    """publisher: an offline-first multilingual news desk."""
    ctx.obj = _DeskHolder(instance)
    ctx.call_on_close(ctx.obj.close)


def _languages(value: str | None, desk: Desk) -> list[str]:
    if not value:
        return desk.settings.target_languages
    return [code.strip() for code in value.split(",") if code.strip()]


def _echo_outcome(outcome: IntakeOutcome) -> None:
    if outcome.ok:
        click.echo(
            f"{outcome.status:<9} #{outcome.dispatch_id} r{outcome.revision}  "
            f"{outcome.headline or ''}  [{outcome.source_name}]"
        )
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


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@domain_errors
def ingest(sources: Sequence[str]) -> None:
    """Ingest dispatches from files, folders, URLs or - (stdin).

    Formats: scraped wire pages, Markdown with front matter, HTML, RSS/Atom, ninjs JSON and
    JSON Lines. Bad items are reported and skipped; the exit status is 1 if any failed.
    """
    desk = current_desk()
    report = desk.ingest(list(sources), stdin=sys.stdin.buffer, on_item=_echo_outcome)
    counts = ", ".join(
        f"{report.count(status)} {status}" for status in ("added", "revised", "duplicate", "failed")
    )
    click.echo(counts)
    if not report.ok:
        sys.exit(1)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--limit", default=100, show_default=True)
@domain_errors
def list_command(as_json: bool, limit: int) -> None:
    """List dispatches, newest first."""
    views = current_desk().dispatches(limit=limit)
    if as_json:
        click.echo(json.dumps([v.to_json() for v in views], ensure_ascii=False, indent=2))
        return
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
    """Show one dispatch with its summary and translations."""
    view = current_desk().dispatch(dispatch_id)
    if as_json:
        click.echo(json.dumps(view.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"#{view.id} revision {view.revision} ({view.source_language})")
    click.echo(view.headline)
    meta = [view.agency, view.dateline, view.published, view.updated and f"updated {view.updated}"]
    click.echo(" | ".join(m for m in meta if m))
    click.echo()
    if view.summary:
        click.echo(
            f"Summary ({view.summary['method']}, sentences {view.summary['sentence_indexes']}):"
        )
        for sentence in view.summary_sentences:
            click.echo(f"  {sentence}")
    for language, translation in sorted(view.translations.items()):
        click.echo()
        label = f"[{language}] {translation.status}"
        if translation.engine:
            label += f" via {translation.engine} {translation.model_version or ''}"
        if translation.reason:
            label += f": {translation.reason}"
        click.echo(label)
        if translation.headline:
            click.echo(f"  {translation.headline}")
        for sentence in translation.sentences:
            click.echo(f"  {sentence}")


@cli.command()
@click.argument("dispatch_ids", nargs=-1, type=int)
@click.option("--method", default=None, help="Summarizer (default: the summary_method setting).")
@click.option("--sentences", "count", type=int, default=None, help="Sentences to keep.")
@click.option("--ratio", type=float, default=None, help="Fraction of sentences to keep.")
@domain_errors
def summarize(
    dispatch_ids: Sequence[int], method: str | None, count: int | None, ratio: float | None
) -> None:
    """Summarize dispatches (all when no ids are given; given ids are summarized again)."""
    from publisher.pipeline.stages import SummaryOptions

    desk = current_desk()
    base = desk.summary_options
    options = SummaryOptions(method or base.method, count or base.count, ratio or base.ratio)
    explicit = bool(dispatch_ids) or method is not None or count is not None or ratio is not None
    results = desk.summarize(list(dispatch_ids) or None, options=options, replace=explicit)
    click.echo(f"summarized {len(results)} revision(s) with {options.method}")


@cli.command()
@click.argument("dispatch_ids", nargs=-1, type=int)
@click.option("--to", "languages", default=None, help="Target languages, e.g. ko,es.")
@click.option("--full", is_flag=True, help="Translate the full text, not only the summary.")
@domain_errors
def translate(dispatch_ids: Sequence[int], languages: str | None, full: bool) -> None:
    """Translate headlines and summaries (no ids: every dispatch lacking those languages).

    Exits 1 when a translation stays pending (no engine for the pair) or failed.
    """
    desk = current_desk()
    targets = _languages(languages, desk)
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
    with _progress("processing") as progress:
        report = desk.run(progress)
    _echo_translation(report.translation)
    click.echo(
        f"{report.jobs} job(s) run; {len(report.translation.done)} translated, "
        f"{len(report.translation.pending)} pending, {len(report.translation.failed)} failed"
    )
    if report.translation.pending or report.translation.failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@domain_errors
def jobs(as_json: bool) -> None:
    """Jobs whose last attempt failed, with the reason (retry: `publisher run --retry-failed`)."""
    failed = current_desk().failed_jobs()
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(job) for job in failed], ensure_ascii=False))
        return
    for job in failed:
        target = f" → {job.language}" if job.language else ""
        click.echo(
            f"#{job.dispatch_id} {job.stage}{target} ({job.attempts} attempt(s)): {job.error}"
        )
    if not failed:
        click.echo("no failed jobs")


@cli.command()
@click.option("--workers", default=1, show_default=True, help="Worker threads.")
@domain_errors
def worker(workers: int) -> None:
    """Run a queue consumer (Ctrl-C stops it; unfinished work is picked up again)."""
    current_desk().queue.run_worker(workers)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="Gunicorn worker processes.")
@click.option("--threads", default=4, show_default=True, help="Threads per worker.")
@domain_errors
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the reader site with gunicorn (production server)."""
    from publisher.web.server import serve as run_server

    run_server(current_desk().settings, host=host, port=port, workers=workers, threads=threads)


@cli.group()
def models() -> None:
    """Translation models and engines."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True)
@domain_errors
def models_list(as_json: bool) -> None:
    """Installed Argos packages, engines and the language pairs they serve."""
    from publisher.translate.argos_packages import installed_packages

    desk = current_desk()
    packages_dir = desk.settings.resolved_argos_packages_dir
    packages = installed_packages(packages_dir)
    engines = {
        name: sorted(f"{a}-{b}" for a, b in engine.pairs()) for name, engine in desk.engines.items()
    }
    routes = {
        f"{a}-{b}": route.engine_label
        for (a, b), route in sorted(desk.router.available_pairs().items())
    }
    if as_json:
        data = {
            "argos_packages_dir": str(packages_dir),
            "argos_packages": [
                {
                    "from": p.from_code,
                    "to": p.to_code,
                    "version": p.package_version,
                    "path": str(p.path),
                }
                for p in packages
            ],
            "engines": engines,
            "routes": routes,
        }
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"Argos packages in {packages_dir}:")
    for p in packages:
        click.echo(f"  {p.from_code}→{p.to_code}  {p.package_version}  {p.path.name}")
    if not packages:
        click.echo("  (none; add one with `publisher models install --file PATH.argosmodel`)")
    for name, pairs in engines.items():
        click.echo(f"{name}: {', '.join(pairs) if pairs else '(no pairs installed)'}")
    wanted = desk.settings.target_languages
    click.echo(
        "Target languages: "
        + ", ".join(
            f"{lang} ({'ok' if any(k.endswith('-' + lang) for k in routes) else 'no engine'})"
            for lang in wanted
        )
    )


@models.command("install")
@click.argument("pair", nargs=-1)
@click.option("--file", "archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@domain_errors
def models_install(pair: Sequence[str], archive: Path | None) -> None:
    """Install an Argos package: FROM TO from the package index, or --file PATH.argosmodel."""
    from publisher.translate import argos_packages

    desk = current_desk()
    packages_dir = desk.settings.resolved_argos_packages_dir
    if archive is not None:
        package = argos_packages.install_from_file(packages_dir, archive)
    elif len(pair) == 2:
        package = _install_from_index(desk, pair[0], pair[1])
    else:
        raise click.UsageError("give FROM TO (e.g. en ko) or --file PATH.argosmodel")
    click.echo(
        f"installed {package.from_code}→{package.to_code} {package.package_version} in {package.path}"
    )


def _install_from_index(desk: Desk, source: str, target: str) -> Any:
    from publisher.translate import argos_packages

    with _progress(f"downloading {source}→{target}") as progress:
        return argos_packages.install_from_index(
            desk.settings.resolved_argos_packages_dir,
            desk.settings.argos_index_url,
            source,
            target,
            progress=progress,
        )


@models.command("remove")
@click.argument("source")
@click.argument("target")
@domain_errors
def models_remove(source: str, target: str) -> None:
    """Remove the installed Argos package for SOURCE→TARGET."""
    from publisher.translate.argos_packages import remove_package

    package = remove_package(current_desk().settings.resolved_argos_packages_dir, source, target)
    click.echo(f"removed {package.from_code}→{package.to_code} {package.package_version}")


@cli.group("eval")
def eval_group() -> None:
    """Evaluate pipeline stages on reference data."""


@eval_group.command("summarize")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print {method: {rouge1, rouge2, rougeL}}.")
@click.option("--methods", default=None, help="Comma-separated methods (default: all).")
@click.option("--sentences", "count", default=1, show_default=True, help="Summary length.")
@click.option("--limit", type=int, default=None, help="Only the first N items.")
@domain_errors
def eval_summarize(
    path: Path, as_json: bool, methods: str | None, count: int, limit: int | None
) -> None:
    """Score every summarizer side by side with ROUGE-1/2/L on a JSONL of {document, summary}."""
    from publisher.evaluation import evaluate_summarizers, format_table

    chosen = [m.strip() for m in methods.split(",")] if methods else None
    scores = evaluate_summarizers(path, methods=chosen, count=count, limit=limit)
    click.echo(json.dumps(scores, indent=2) if as_json else format_table(scores))


@cli.command()
@click.option("--serve/--no-serve", default=True, help="Serve the site when done.")
@click.option("--port", default=5000, show_default=True)
@domain_errors
def demo(serve: bool, port: int) -> None:
    """Ingest the bundled sample dispatches, summarize, translate, show the result, serve it."""
    from publisher.demo import run_demo

    desk = current_desk()
    with _progress("downloading en→ko") as progress:
        run_demo(desk, echo=click.echo, progress=progress)
    if serve:
        from publisher.web.server import serve as run_server

        click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        run_server(desk.settings, host="127.0.0.1", port=port, workers=2, threads=4)


@cli.group("db")
def db_group() -> None:
    """The database schema: its revision, and upgrades (these work on a database behind head)."""


def _schema_store() -> Store:
    """The desk's database without the desk, whose start-up refuses a database behind head."""
    from publisher.db import Store
    from publisher.settings import load_settings

    holder = click.get_current_context().find_object(_DeskHolder)
    instance = holder.instance if holder is not None else None
    settings = load_settings({"instance": instance} if instance else None)
    settings.instance.mkdir(parents=True, exist_ok=True)
    return Store(settings.resolved_database_url)


@db_group.command("upgrade")
@click.argument("revision", default="head")
@domain_errors
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: head), adopting one from before migrations."""
    from publisher import schema

    store = _schema_store()
    try:
        done = schema.upgrade(store, revision)
    finally:
        store.dispose()
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

    store = _schema_store()
    try:
        found = schema.state(store)
    finally:
        store.dispose()
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


def register_commands(app: Flask) -> None:
    """Make every command available as `flask --app publisher COMMAND`."""
    for name, command in cli.commands.items():
        app.cli.add_command(command, name)


def main() -> None:
    cli(prog_name="publisher")
