"""`publisher review ...` and `publisher audit ...`: the editors' workflow on the command line.

A thin shell over publisher.review (through ``Desk.review``): the web app calls the same
service. Every command that changes something acts as ``--user EMAIL``, recorded in the
audit log.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from publisher.cli import current_desk, domain_errors, reading_desk
from publisher.errors import ConfigError, EditConflict, NotFound

if TYPE_CHECKING:  # the workflow is imported when a command runs: `--help` stays quick
    from publisher.review.views import ActionOutcome, ReviewDetail, VersionView

_USER = click.option(
    "--user",
    "actor",
    envvar="PUBLISHER_USER",
    required=True,
    help="Who acts (an editor's email; or PUBLISHER_USER), recorded in the audit log.",
)
_LANG = click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Language version(s) to act on, e.g. --lang ko (repeat, or ko,es); default: all.",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _languages(values: Sequence[str]) -> list[str] | None:
    from publisher.languages import Language, UnknownLanguage

    codes = [part.strip() for value in values for part in value.split(",") if part.strip()]
    try:
        return [Language.parse(code) for code in codes] or None
    except UnknownLanguage as error:
        raise ConfigError(f"--lang: {error}") from None


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
def review() -> None:
    """Review machine drafts before readers see them (publish_policy = review).

    Each dispatch has one version per language (the source's own summary counts as one):
    draft -> in_review -> approved -> published, or rejected, killed, unpublished.
    """


@review.command("list")
@_LANG
@click.option(
    "--state", "states", multiple=True, help="States to list (default: draft, in_review)."
)
@click.option("--agency", default=None, help="Only this agency's dispatches.")
@click.option(
    "--older-than", type=click.FloatRange(min=0), default=None, help="Waiting at least HOURS."
)
@click.option("--flagged", is_flag=True, help="Only versions with open quality flags.")
@click.option("--limit", type=click.IntRange(min=1, max=10_000), default=100, show_default=True)
@_JSON
@domain_errors
def list_queue(
    languages: Sequence[str],
    states: Sequence[str],
    agency: str | None,
    older_than: float | None,
    flagged: bool,
    limit: int,
    as_json: bool,
) -> None:
    """The review queue: versions awaiting review, those with open quality flags first, then
    waiting longest first, with counts."""
    desk, missing = reading_desk()
    if desk is None:
        click.echo(f"nothing to review: {missing}")
        return
    before = datetime.now(UTC) - timedelta(hours=older_than) if older_than is not None else None
    page = desk.review.queue(
        languages=_languages(languages) or (),
        states=[s.strip() for value in states for s in value.split(",") if s.strip()],
        agency=agency,
        older_than=before,
        flagged_first=True,
        flagged_only=flagged,
        limit=limit,
    )
    if as_json:
        _dump(page.to_json())
        return
    if not page.entries:
        click.echo("nothing awaits review")
    for entry in page.entries:
        click.echo(
            f"#{entry.dispatch_id:<5} {entry.language:<6} {entry.state:<10} r{entry.revision} "
            f"v{entry.lock_version:<3} {_flag_count(entry.flags):<8} {entry.agency or '-':<10} "
            f"{entry.headline}"
        )
    counts = ", ".join(f"{state} {n}" for state, n in page.by_state.items())
    click.echo(f"{page.total} version(s) listed; by state: {counts or 'none'}")


def _flag_count(flags: int) -> str:
    return f"{flags} flag{'s' if flags != 1 else ''}" if flags else "-"


def _print_version(version: VersionView) -> None:
    role = "source" if version.is_source else "translation"
    click.echo(
        f"\n== {version.language} ({role}) {version.state}  r{version.revision}  "
        f"version {version.lock_version}  draft {version.draft_status}"
        + (f"  by {version.updated_by}" if version.updated_by else "")
    )
    if version.reason:
        click.echo(f"   reason: {version.reason}")
    click.echo(
        f"   headline [{version.headline_state}/{version.headline_origin}]: {version.headline}"
    )
    for sentence in version.sentences:
        click.echo(f"   {sentence.position}. [{sentence.state}/{sentence.origin}] {sentence.text}")
        if not version.is_source:
            click.echo(f"      source {sentence.source_index}: {sentence.source}")
    if version.published is not None:
        published = version.published
        click.echo(
            f"   readers: {published.state} (r{published.revision}, {published.provenance}"
            + (f", {published.revision_kind}" if published.revision_kind else "")
            + f"): {published.headline}"
        )
    else:
        click.echo("   readers: nothing published in this language")
    if version.source_diff:
        click.echo("   source changes since the last approval:")
        marks = {"same": " ", "added": "+", "removed": "-"}
        for line in version.source_diff:
            if line.op != "same":
                click.echo(f"   {marks[line.op]} {line.text}")


def _print_detail(detail: ReviewDetail, languages: list[str] | None) -> None:
    kind = f", {detail.revision_kind}" if detail.revision > 1 else ""
    tag = f" [{detail.update_tag}]" if detail.update_tag else ""
    click.echo(
        f"#{detail.dispatch_id} revision {detail.revision}{kind}{tag} "
        f"({detail.source_language}, {detail.agency or 'no agency'})"
    )
    click.echo(detail.headline)
    click.echo(
        f"\nsource sentences (* = in the summary; selection by "
        f"{detail.selection_origin or '-'}, method {detail.selection_method or '-'}):"
    )
    for sentence in detail.sentences:
        mark = "*" if sentence.selected else " "
        click.echo(f" {mark} {sentence.index:>3}. {sentence.text}")
    for language, version in detail.versions.items():
        if languages is None or language in languages:
            _print_version(version)


@review.command()
@click.argument("dispatch_id", type=int)
@_LANG
@_JSON
@domain_errors
def show(dispatch_id: int, languages: Sequence[str], as_json: bool) -> None:
    """One dispatch as an editor sees it: source, selection, every language side by side."""
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"no dispatch with id {dispatch_id}: {missing}")
    detail = desk.review.detail(dispatch_id)
    wanted = _languages(languages)
    if as_json:
        data = detail.to_json()
        if wanted is not None:
            data["versions"] = {k: v for k, v in data["versions"].items() if k in wanted}
        _dump(data)
        return
    _print_detail(detail, wanted)


def _echo_outcomes(outcomes: list[ActionOutcome], as_json: bool) -> None:
    if as_json:
        _dump([o.to_json() for o in outcomes])
        return
    for outcome in outcomes:
        click.echo(
            f"#{outcome.dispatch_id} {outcome.language}: {outcome.action} "
            f"{outcome.before} -> {outcome.after} (version {outcome.lock_version})"
        )


def _action_command(
    action: str, help_text: str, *, reason: bool = False, notice: bool = False
) -> None:
    @review.command(action, help=help_text)
    @click.argument("dispatch_id", type=int)
    @_LANG
    @_USER
    @click.option(
        "--reason",
        default=None,
        required=reason,
        help="Why (required to reject; recorded and shown to editors).",
    )
    @click.option(
        "--notice",
        default=None,
        help="Public notice readers see in place of a killed version.",
        hidden=not notice,
    )
    @click.option("--expected-version", type=int, default=None, help="Refuse if changed since.")
    @_JSON
    @domain_errors
    def command(
        dispatch_id: int,
        languages: Sequence[str],
        actor: str,
        reason: str | None,
        notice: str | None,
        expected_version: int | None,
        as_json: bool,
    ) -> None:
        outcomes = current_desk().review.act(
            dispatch_id,
            action,
            actor,
            languages=_languages(languages),
            reason=reason,
            notice=notice,
            expected_version=expected_version,
        )
        _echo_outcomes(outcomes, as_json)


_action_command("submit", "Send draft versions to review.")
_action_command(
    "approve",
    "Approve versions (headline and summary as readers will see them); they are published "
    "at once unless separate_publish_step is true.",
)
_action_command("reject", "Reject versions (recoverable); --reason is required.", reason=True)
_action_command("publish", "Publish approved versions (with separate_publish_step).")
_action_command(
    "kill",
    "Take versions down at once (all languages by default), with a public --notice.",
    notice=True,
)
_action_command("unpublish", "Take published versions down quietly (they can be republished).")
_action_command("republish", "Put killed or unpublished versions back for readers.")
_action_command("reopen", "Send versions back to review (readers keep what they see).")


@review.command()
@click.argument("dispatch_id", type=int)
@click.option("--lang", "language", required=True, help="The language version to edit.")
@_USER
@click.option(
    "--expected-version", type=int, required=True, help="The version your edit is based on."
)
@click.option("--headline", default=None, help="The new headline.")
@click.option(
    "--sentence",
    "sentences",
    type=(int, str),
    multiple=True,
    help="POSITION TEXT: a new text for summary sentence POSITION (from 0); repeatable.",
)
@_JSON
@domain_errors
def edit(
    dispatch_id: int,
    language: str,
    actor: str,
    expected_version: int,
    headline: str | None,
    sentences: Sequence[tuple[int, str]],
    as_json: bool,
) -> None:
    """Edit a version's headline or sentences (exit 1 on a conflicting edit: nothing saved)."""
    codes = _languages([language]) or [language]
    try:
        version = current_desk().review.edit(
            dispatch_id,
            codes[0],
            actor,
            expected_version=expected_version,
            headline=headline,
            sentences=dict(sentences),
        )
    except EditConflict as conflict:
        if as_json:
            _dump(
                {
                    "error": str(conflict),
                    "current_version": conflict.current_version,
                    "conflicts": conflict.conflicts,
                }
            )
        else:
            for item in conflict.conflicts:
                click.echo(
                    f"{item['field']}: base {item['base']!r} | mine {item['mine']!r} | "
                    f"theirs {item['theirs']!r}",
                    err=True,
                )
        raise
    if as_json:
        _dump({"dispatch_id": dispatch_id, "language": codes[0], "lock_version": version})
    else:
        click.echo(f"#{dispatch_id} {codes[0]}: saved (version {version})")


@review.command("select")
@click.argument("dispatch_id", type=int)
@_USER
@click.option(
    "--expected-version", type=int, required=True, help="The source version you looked at."
)
@click.option("--sentences", "indexes", default=None, help="Source sentence indexes, e.g. 0,2,5.")
@click.option("--method", default=None, help="Run this summarizer again instead.")
@click.option("--count", type=click.IntRange(min=1), default=None, help="Sentences for --method.")
@domain_errors
def select_sentences(
    dispatch_id: int,
    actor: str,
    expected_version: int,
    indexes: str | None,
    method: str | None,
    count: int | None,
) -> None:
    """Change the summary selection; every translation of it is made again and reviewed again."""
    desk = current_desk()
    if (indexes is None) == (method is None):
        raise click.UsageError("give --sentences or --method")
    if indexes is not None:
        try:
            chosen = [int(part) for part in indexes.split(",") if part.strip()]
        except ValueError:
            raise ConfigError(f"--sentences: {indexes!r} is not a list of numbers") from None
        version = desk.review.change_selection(
            dispatch_id, actor, expected_version=expected_version, indexes=chosen
        )
    else:
        assert method is not None
        version = desk.review.resummarize(
            dispatch_id,
            actor,
            expected_version=expected_version,
            method=method,
            count=count or desk.settings.summary_sentences,
        )
    click.echo(
        f"#{dispatch_id}: selection saved (version {version}); `publisher run` translates it again"
    )


@review.command()
@click.argument("dispatch_id", type=int)
@click.option("--lang", "language", default=None, help="Only this language's entries.")
@_JSON
@domain_errors
def history(dispatch_id: int, language: str | None, as_json: bool) -> None:
    """Every revision, edit, approval and kill of one dispatch, oldest first."""
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"no dispatch with id {dispatch_id}: {missing}")
    codes = _languages([language]) if language else None
    code = codes[0] if codes else None
    entries = desk.review.history(dispatch_id, code)
    if as_json:
        _dump([e.to_json() for e in entries])
        return
    for entry in entries:
        change = f"{entry.before or '-'} -> {entry.after or '-'}"
        if entry.action in ("edit",):
            change = f"{entry.detail.get('field')}: {entry.before!r} -> {entry.after!r}"
        click.echo(
            f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.actor:<24} {entry.language or '*':<6} "
            f"{entry.action:<10} {change}"
        )


@click.group()
def audit() -> None:
    """The audit log of every state change and edit."""


@audit.command("export")
@click.option("--since", default=None, help="Only entries at or after this ISO 8601 time.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@domain_errors
def export(since: str | None, fmt: str) -> None:
    """Print the audit log (oldest first) as JSON or CSV."""
    from publisher.review.audit import to_csv

    start = None
    if since is not None:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"--since: {since!r} is not an ISO 8601 time") from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
    desk, _missing = reading_desk()
    entries = desk.review.audit_log(since=start) if desk is not None else []
    if fmt == "csv":
        sys.stdout.write(to_csv(entries))
    else:
        _dump([e.to_json() for e in entries])
