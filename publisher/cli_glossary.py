"""``publisher glossary`` and ``publisher memory``: the glossaries per language pair and the
editors' translation memory, from the command line (thin shells over publisher.glossary and
publisher.translate.editor_memory)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from publisher.errors import ConfigError, NotFound
from publisher.glossary.model import GlossaryError, LanguagePair, parse_kind, parse_pair

if TYPE_CHECKING:
    from publisher.core import Desk

F = TypeVar("F", bound=Callable[..., Any])


# publisher.cli imports this module to register its groups, so its helpers are looked up
# when a command runs, not when this module loads (no import cycle).
def domain_errors(command: F) -> F:
    """publisher.cli.domain_errors, applied when the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from publisher.cli import domain_errors as guard

        return guard(command)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def current_desk() -> Desk:
    from publisher.cli import current_desk as desk

    return desk()


def reading_desk() -> tuple[Desk | None, str | None]:
    from publisher.cli import reading_desk as desk

    return desk()


_KINDS = click.Choice(["forced", "dnt", "forbidden"])


def _pair(value: str | None) -> LanguagePair | None:
    if value is None:
        return None
    try:
        return parse_pair(value)
    except GlossaryError as error:
        raise ConfigError(f"--pair: {error}") from None


def _required_pair(value: str) -> LanguagePair:
    pair = _pair(value)
    assert pair is not None  # noqa: S101 - click made the option required
    return pair


def _write(data: bytes, output: str) -> None:
    """To stdout (``-``) or a file written beside and renamed over, so no half file is left."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    import os
    import tempfile

    target = Path(output)
    handle, temporary = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".glossary-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {target}", err=True)


@click.group()
def glossary() -> None:
    """Glossaries per language pair: do-not-translate, forced and forbidden terms.

    Applied when translating (placeholders around the engine) and checked by the flags.
    """


@glossary.command("list")
@click.option("--pair", "pair_text", default=None, help="One pair, e.g. en-ko; default: all.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@domain_errors
def glossary_list(pair_text: str | None, as_json: bool) -> None:
    """The glossaries, or with --pair the terms of one."""
    from publisher.glossary import store

    pair = _pair(pair_text)
    desk, missing = reading_desk()
    if desk is None:
        click.echo(f"no glossaries: {missing}")
        return
    with desk.store.session() as session:
        infos = store.list_glossaries(session, pair)
        snap = store.snapshot(session, pair.source, pair.target) if pair is not None else None
    if as_json:
        data: Any = [{"pair": i.pair, "version": i.version, "terms": i.counts} for i in infos]
        if snap is not None:
            data = {
                "pair": str(pair),
                "version": snap.version,
                "terms": [
                    {
                        "source": t.source,
                        "target": t.target,
                        "kind": t.kind.value,
                        "note": t.note,
                        "case_sensitive": t.case_sensitive,
                    }
                    for t in snap.terms
                ],
            }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if snap is not None:
        if not snap.terms:
            click.echo(f"the {pair} glossary is empty")
            return
        click.echo(f"{pair} glossary, version {snap.version}")
        for t in snap.terms:
            rendering = "" if t.kind.value == "dnt" else f" \u2192 {t.target}"
            case = "" if t.case_sensitive else "  (any case)"
            note = f"  # {t.note}" if t.note else ""
            click.echo(f"{t.kind.value:<9} {t.source}{rendering}{case}{note}")
        return
    if not infos:
        click.echo("no glossaries yet; add a term with `publisher glossary add --pair en-ko ...`")
        return
    for info in infos:
        counts = ", ".join(f"{n} {kind}" for kind, n in info.counts.items())
        click.echo(f"{info.pair:<12} version {info.version:<5} {counts}")


@glossary.command("add")
@click.option("--pair", "pair_text", required=True, help="Language pair, e.g. en-ko.")
@click.argument("term")
@click.argument("rendering", required=False)
@click.option("--kind", type=_KINDS, required=True, help="forced, dnt or forbidden.")
@click.option("--note", default=None, help="A note for editors.")
@click.option("--any-case", is_flag=True, help="Match the term in any case (default: exact).")
@domain_errors
def glossary_add(
    pair_text: str, term: str, rendering: str | None, kind: str, note: str | None, any_case: bool
) -> None:
    """Add TERM (with its RENDERING, unless --kind dnt) to a pair's glossary."""
    from publisher.glossary import store
    from publisher.glossary.model import make_term

    pair = _required_pair(pair_text)
    entry = make_term(term, rendering, parse_kind(kind), note, not any_case)
    with current_desk().store.session() as session:
        (outcome,) = store.add_terms(session, pair, [entry])
        version = store.snapshot(session, pair.source, pair.target).version
    click.echo(f"{outcome.value}: {entry.kind.value} {entry.source!r} ({pair} version {version})")


@glossary.command("remove")
@click.option("--pair", "pair_text", required=True, help="Language pair, e.g. en-ko.")
@click.argument("term")
@click.argument("rendering", required=False)
@click.option("--kind", type=_KINDS, default=None, help="Only entries of this kind.")
@domain_errors
def glossary_remove(pair_text: str, term: str, rendering: str | None, kind: str | None) -> None:
    """Remove TERM's entries (only RENDERING's, or one --kind's, when given)."""
    from publisher.glossary import store

    pair = _required_pair(pair_text)
    with current_desk().store.session() as session:
        count = store.remove_terms(
            session, pair, term, parse_kind(kind) if kind else None, rendering
        )
    click.echo(f"removed {count} entr{'y' if count == 1 else 'ies'} of {term!r} from {pair}")


@glossary.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pair", "pair_text", required=True, help="Language pair, e.g. en-ko.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tbx"]),
    default=None,
    help="Default: from the file's extension.",
)
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@domain_errors
def glossary_import(path: Path, pair_text: str, fmt: str | None, dry_run: bool) -> None:
    """Import terms from a CSV or TBX file; bad rows are reported and skipped.

    CSV header: source,target,kind,note,case_sensitive (kind: dnt, forced or forbidden). The
    good rows are written in one transaction. Exit status 1 when any row was skipped.
    """
    from publisher.glossary import files, store

    pair = _required_pair(pair_text)
    rows, errors = files.parse(files.read_file(path), files.format_of(str(path), fmt), pair)
    desk = current_desk()
    with desk.store.session() as session:
        report = store.import_terms(session, pair, rows)
        if dry_run:
            session.rollback()
    errors += report.errors
    for error in errors:
        click.echo(f"skipped {error}", err=True)
    counts = ", ".join(f"{n} {name}" for name, n in sorted(report.outcomes.items())) or "no terms"
    verb = "would import" if dry_run else "imported"
    click.echo(f"{verb} {counts} into {pair}; {len(errors)} skipped")
    if errors:
        sys.exit(1)


@glossary.command("export")
@click.option("--pair", "pair_text", required=True, help="Language pair, e.g. en-ko.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "tbx"]), default="csv", show_default=True
)
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - for stdout.")
@domain_errors
def glossary_export(pair_text: str, fmt: str, output: str) -> None:
    """Export a pair's glossary as CSV or TBX (TBX-Basic, TBX v3)."""
    from publisher.glossary import files, store

    pair = _required_pair(pair_text)
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"nothing to export: {missing}")
    with desk.store.session() as session:
        snap = store.snapshot(session, pair.source, pair.target)
    if snap.version == 0:
        raise NotFound(f"there is no {pair} glossary")
    _write(files.render(snap.terms, fmt, pair, snap.version), output)


@click.group()
def memory() -> None:
    """The editors' translation memory: sentences as editors approved them.

    Apart from the machine cache; an identical source sentence reuses the editor's translation.
    """


def _entry_json(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "source_lang": entry.source_lang,
        "target_lang": entry.target_lang,
        "source": entry.source_text,
        "target": entry.target_text,
        "editor": entry.editor,
        "approved_at": entry.approved_at.isoformat(),
        "retired_at": entry.retired_at.isoformat() if entry.retired_at else None,
        "retired_by": entry.retired_by,
    }


@memory.command("list")
@click.option("--pair", "pair_text", default=None, help="One pair, e.g. en-ko; default: all.")
@click.option("--retired", is_flag=True, help="Include retired entries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@domain_errors
def memory_list(pair_text: str | None, retired: bool, as_json: bool, limit: int) -> None:
    """Entries of the editors' memory, by pair and approval time."""
    import itertools

    from publisher.translate.editor_memory import entries

    pair = _pair(pair_text)
    desk, missing = reading_desk()
    if desk is None:
        click.echo(f"the editors' memory is empty: {missing}")
        return
    with desk.store.session() as session:
        found = list(
            itertools.islice(
                entries(
                    session,
                    pair.source if pair else None,
                    pair.target if pair else None,
                    include_retired=retired,
                ),
                limit,
            )
        )
    if as_json:
        click.echo(json.dumps([_entry_json(e) for e in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("the editors' memory is empty")
        return
    for e in found:
        state = f"  retired by {e.retired_by}" if e.retired_at else ""
        click.echo(
            f"#{e.id} {e.source_lang}-{e.target_lang} {e.editor} "
            f"{e.approved_at:%Y-%m-%d %H:%M}{state}"
        )
        click.echo(f"    {e.source_text}\n    \u2192 {e.target_text}")


@memory.command("export")
@click.option("--pair", "pair_text", default=None, help="One pair, e.g. en-ko; default: all.")
@click.option("--retired", is_flag=True, help="Include retired entries (JSON Lines only).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "tmx"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, or TMX 1.4b for CAT tools (live entries, who and when).",
)
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - for stdout.")
@domain_errors
def memory_export(pair_text: str | None, retired: bool, fmt: str, output: str) -> None:
    """Export the editors' memory, one entry per line or as TMX (machine output is never in
    it)."""
    import io
    from datetime import UTC, datetime

    from publisher.export import tmx
    from publisher.export.memory_tmx import memory_pairs
    from publisher.translate.editor_memory import entries

    pair = _pair(pair_text)
    desk, missing = reading_desk()
    if desk is None:
        raise NotFound(f"nothing to export: {missing}")
    with desk.store.session() as session:
        if fmt == "tmx":
            if retired:
                raise ConfigError("--retired: a TMX holds the live entries only")
            pairs = [
                p
                for p in memory_pairs(session, [str(pair.target)] if pair else None)
                if pair is None or p.source_language == str(pair.source)
            ]
            buffer = io.BytesIO()
            source = str(pair.source) if pair else "*all*"
            tmx.write(pairs, buffer, created=datetime.now(UTC), source_language=source)
            _write(buffer.getvalue(), output)
            return
        lines = [
            json.dumps(_entry_json(e), ensure_ascii=False)
            for e in entries(
                session,
                pair.source if pair else None,
                pair.target if pair else None,
                include_retired=retired,
            )
        ]
    _write("".join(line + "\n" for line in lines).encode("utf-8"), output)


@memory.command("import")
@click.argument(
    "path", metavar="FILE.tmx", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--user", required=True, help="The editor taking the pairs in (an account).")
@click.option("--dry-run", is_flag=True, help="Say what would be taken; change nothing.")
@domain_errors
def memory_import(path: Path, user: str, dry_run: bool) -> None:
    """Take a TMX's sentence pairs into the editors' memory as approved by --user (each then
    reused ahead of any engine). Exits 1 when any pair was skipped."""
    from publisher.export import tmx
    from publisher.export.memory_tmx import import_entries

    desk = current_desk()
    actor = desk.check_reviewer(user)
    limit = desk.settings.max_input_bytes
    if path.stat().st_size > limit:
        raise ConfigError(f"{path}: over {limit:,} bytes (max_input_bytes)")
    read, unusable = tmx.read(path.read_bytes(), source=str(path), max_bytes=limit)
    with desk.store.session() as session:
        report = import_entries(session, read, actor, dry_run=dry_run)
    for reason in [*unusable, *report.skipped]:
        click.echo(f"skipped  {reason}")
    verb = "would take" if dry_run else "took"
    click.echo(f"{verb} {report.added} pairs into the editors' memory as {actor}")
    if unusable or report.skipped:
        sys.exit(1)
