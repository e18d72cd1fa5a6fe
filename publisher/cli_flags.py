"""`publisher flags` and `publisher eval flags`: quality flags from the command line.

Registered on the main group by publisher.cli, whose helpers (the desk of the invocation, the
turning of domain errors into one line) are looked up when a command runs: importing them
here would make the two modules import each other.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from publisher.errors import NotFound

if TYPE_CHECKING:
    from publisher.core import Desk
    from publisher.quality.queries import FlagView
    from publisher.reading import DispatchView

F = TypeVar("F", bound=Callable[..., Any])


def domain_errors(command: F) -> F:
    """publisher.cli.domain_errors, applied when the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from publisher.cli import domain_errors as turned

        return turned(command)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def reading_desk() -> tuple[Desk | None, str | None]:
    from publisher.cli import reading_desk as desk

    return desk()


def current_desk() -> Desk:
    from publisher.cli import current_desk as desk

    return desk()


Key = tuple[str, str, int | None]  # (language, segment, sentence index)


@click.group("flags")
def flags_group() -> None:
    """Quality flags of machine drafts: list them, dismiss false alarms.

    Flags are computed after every translation: numbers missing or changed, repetition
    loops, empty or untranslated output, the wrong script, unlikely lengths, sentence counts,
    glossary terms. A dismissal holds for the texts it judged and expires when they change.
    """


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    from publisher.languages import Language

    return Language.parse(value)


def flag_line(flag: FlagView) -> str:
    """One flag on one line: what, how bad, its id for `flags dismiss`, and any dismissal."""
    line = (
        f"! {flag.check_id} ({flag.issue_type}, {flag.severity}) [flag {flag.id}]: {flag.message}"
    )
    if flag.dismissal is not None:
        line += f"  - dismissed by {flag.dismissal.dismissed_by}: {flag.dismissal.reason}"
    return line


def _where(flag: FlagView) -> str:
    if flag.segment == "sentence":
        return f"sentence {flag.sentence_index}"
    return flag.segment


@flags_group.command("list")
@click.argument("dispatch_id", type=int, required=False)
@click.option("--lang", "language", default=None, help="Only flags of this language.")
@click.option("--all", "include_dismissed", is_flag=True, help="Dismissed flags too.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@domain_errors
def flags_list(
    dispatch_id: int | None, language: str | None, include_dismissed: bool, as_json: bool
) -> None:
    """List the open quality flags of current revisions (of one dispatch with ID).

    Exits 1 when there is no dispatch ID.
    """
    code = _language(language)
    desk, missing = reading_desk()
    if desk is None:
        if dispatch_id is not None:
            raise NotFound(f"no dispatch with id {dispatch_id}: {missing}")
        views: list[FlagView] = []
    else:
        views = desk.flags(dispatch_id, language=code, include_dismissed=include_dismissed)
    if as_json:
        click.echo(json.dumps([v.to_json() for v in views], ensure_ascii=False, indent=2))
        return
    if not views:
        click.echo("no open flags" if not include_dismissed else "no flags")
    for view in views:
        on = " (source)" if view.scope == "source" else ""
        click.echo(f"#{view.dispatch_id} {view.language}{on} {_where(view)}  {flag_line(view)}")


@flags_group.command("dismiss")
@click.argument("flag_id", type=int)
@click.option("--reason", required=True, help="Why the flag is a false alarm.")
@click.option("--user", required=True, help="Your e-mail address, kept with the dismissal.")
@domain_errors
def flags_dismiss(flag_id: int, reason: str, user: str) -> None:
    """Dismiss flag FLAG_ID for its current texts (exit 1 when there is no such flag)."""
    view = current_desk().dismiss_flag(flag_id, reason=reason, user=user)
    click.echo(f"dismissed flag {view.id} ({view.check_id}) of #{view.dispatch_id} {view.language}")


def flags_by_place(flags: Sequence[FlagView]) -> dict[Key, list[FlagView]]:
    """Flags by (language, segment, sentence index), as `show` places them."""
    placed: dict[Key, list[FlagView]] = defaultdict(list)
    for flag in flags:
        placed[(flag.language, flag.segment, flag.sentence_index)].append(flag)
    return placed


def show_json(view: DispatchView, flags: Sequence[FlagView]) -> dict[str, Any]:
    """`show --json`: each translation's flags under its headline, sentences and whole version;
    flags on the source under ``source_flags``."""
    data = view.to_json()
    placed = flags_by_place([f for f in flags if f.scope == "target"])
    for language, translation in data["translations"].items():
        indexes = view.translations[language].source_indexes
        translation["flags"] = {
            "headline": [f.to_json() for f in placed.get((language, "headline", None), [])],
            "sentences": [
                [f.to_json() for f in placed.get((language, "sentence", index), [])]
                for index in indexes
            ],
            "version": [f.to_json() for f in placed.get((language, "version", None), [])],
        }
    data["source_flags"] = [f.to_json() for f in flags if f.scope == "source"]
    return data


@click.command("flags")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print {check: {precision, recall, ...}}.")
@domain_errors
def eval_flags(path: Path, as_json: bool) -> None:
    """Precision and recall of every quality check on a labelled JSONL of sentence pairs.

    Each line: {"source", "target", "pair": "en-ko", "expected": [check ids]}. Exits 1 when
    the file is empty or has a malformed line.
    """
    from publisher.quality.evaluation import evaluate_file, format_scores

    scores = evaluate_file(path)
    click.echo(json.dumps(scores.to_json(), indent=2) if as_json else format_scores(scores))
