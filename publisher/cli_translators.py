"""The work behind ``publisher export xliff|tmx|csv|ninjs`` and ``publisher import``.

Kept out of cli.py so that module stays a list of commands; the export writers live in
publisher.export and know nothing of the command line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.errors import ConfigError, NotFound
from publisher.export.files import atomic_file

if TYPE_CHECKING:
    from publisher.core import Desk
    from publisher.export.drafts import StateFilter
    from publisher.export.importing import ImportPlan
    from publisher.export.model import ExportItem

EDITOR_FORMATS = ("xliff", "tmx", "csv")
READER_ONLY = ("ninjs",)
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")


Producer = Callable[[BinaryIO], None]


def _bytes(data: bytes) -> Producer:
    def produce(stream: BinaryIO) -> None:
        stream.write(data)

    return produce


def _emit(output: str, name: str, produce: Producer, many: bool) -> None:
    """Write one produced file to stdout (``-``) or into the folder ``output``."""
    if output == "-":
        if many:
            raise ConfigError("several files to export: give a folder with -o")
        sys.stdout.flush()
        produce(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_file(folder / name) as stream:
        produce(stream)
    click.echo(f"wrote {folder / name}")


def _pairs(
    session: Session, ids: Sequence[int], languages: Sequence[str] | None
) -> list[tuple[str, str]]:
    """The (source, target) language pairs the drafts of these dispatches cover, sorted."""
    from publisher.db import Dispatch, Revision, Translation

    query = (
        select(Revision.language, Translation.language)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .join(Translation, Translation.revision_id == Revision.id)
        .where(Dispatch.id.in_(list(ids)))
        .distinct()
    )
    found = {(s, t) for s, t in session.execute(query) if s != t}
    if languages is not None:
        sources = session.scalars(
            select(Revision.language)
            .join(Dispatch, Dispatch.current_revision_id == Revision.id)
            .where(Dispatch.id.in_(list(ids)))
            .distinct()
        )
        found = {(s, t) for s in sources for t in languages if s != t}
    return sorted(found)


def _ids_in(session: Session, ids: Sequence[int], source_language: str) -> list[int]:
    from publisher.db import Dispatch, Revision

    query = (
        select(Dispatch.id)
        .join(Revision, Dispatch.current_revision_id == Revision.id)
        .where(Dispatch.id.in_(list(ids)), Revision.language == source_language)
    )
    return sorted(session.scalars(query))


def _check_ids(session: Session, ids: Sequence[int]) -> None:
    from publisher.db import Dispatch

    known = set(session.scalars(select(Dispatch.id).where(Dispatch.id.in_(list(ids)))))
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(f"no dispatch with id {missing[0]}")


def _export_memory(session: Session, languages: Sequence[str] | None, output: str) -> None:
    """``export tmx``: the editors' memory (approved pairs, who and when)."""
    from publisher.export import tmx
    from publisher.export.memory_tmx import memory_pairs

    first = next(memory_pairs(session, languages), None)
    if first is None:
        raise NotFound("nothing approved to export: the editors' memory is empty")
    sources = {pair.source_language for pair in memory_pairs(session, languages)}
    header_source = sources.pop() if len(sources) == 1 else "*all*"

    def write_tmx(stream: BinaryIO) -> None:
        tmx.write(
            memory_pairs(session, languages),
            stream,
            created=datetime.now(UTC),
            source_language=header_source,
        )

    _emit(output, "memory.tmx", write_tmx, many=False)


def export_for_editors(
    desk: Desk,
    fmt: str,
    dispatch_ids: Sequence[int],
    languages: Sequence[str] | None,
    state: StateFilter,
    xliff_version: str,
    output: str,
) -> None:
    """Editor exports: drafts with their states, streamed dispatch by dispatch."""
    from publisher.export import csv_bilingual, xliff2, xliff12
    from publisher.export.drafts import StateFilter, all_dispatch_ids, translator_items

    if fmt == "tmx" and state is StateFilter.ANY:
        raise ConfigError("--state any: a TMX holds approved sentence pairs only")
    if fmt == "tmx" and dispatch_ids:
        raise ConfigError("a TMX holds the editors' memory, not dispatches: give no ids")
    with desk.store.session() as session:
        ids = list(dict.fromkeys(dispatch_ids)) or all_dispatch_ids(session)
        _check_ids(session, ids)
        if not ids and fmt != "tmx":
            raise NotFound("nothing to export: no dispatches yet")
        if fmt == "csv":
            count = [0]

            def write_csv(stream: BinaryIO) -> None:
                count[0] = csv_bilingual.write(
                    translator_items(session, ids, languages, state), stream
                )

            _emit(output, "translations.csv", write_csv, many=False)
            return
        if fmt == "tmx":
            _export_memory(session, languages, output)
            return
        writer = xliff2.write if xliff_version == "2.1" else xliff12.write
        suffix = "xlf" if xliff_version == "2.1" else "xliff12.xlf"
        pairs = []
        for source, target in _pairs(session, ids, languages):
            pair_ids = _ids_in(session, ids, source)
            if next(translator_items(session, pair_ids, [target], state), None) is not None:
                pairs.append((source, target, pair_ids))
        if not pairs:
            raise NotFound(f"no drafts in the state asked for (--state {state.value})")
        for source, target, pair_ids in pairs:

            def write_pair(
                stream: BinaryIO, s: str = source, t: str = target, i: list[int] = pair_ids
            ) -> None:
                writer(translator_items(session, i, [t], state), stream, s, t)

            _emit(output, f"{source}-{target}.{suffix}", write_pair, many=len(pairs) > 1)


def export_ninjs(
    desk: Desk, dispatch_ids: Sequence[int], languages: Sequence[str] | None, output: str
) -> None:
    """ninjs 3.1: what readers see, one object per dispatch and language, plus killed
    versions marked canceled."""
    from publisher.export import ninjs
    from publisher.export.gather import export_items, published_dispatch_ids
    from publisher.export.names import export_name
    from publisher.export.withdrawn import killed_items

    items: list[tuple[ExportItem, bool]] = []
    with desk.store.session() as session:
        killed = killed_items(session, dispatch_ids or None, languages)
        killed_ids = {k.dispatch_id for k in killed}
        for dispatch_id in dict.fromkeys(dispatch_ids or published_dispatch_ids(session)):
            try:
                items += [(item, False) for item in export_items(session, [dispatch_id], languages)]
            except NotFound:
                if dispatch_id not in killed_ids:  # killed everywhere asked: still exported
                    raise
    items += [(item, True) for item in killed]
    items.sort(key=lambda pair: (pair[0].dispatch_id, pair[0].language))
    if not items:
        raise NotFound("nothing is published yet")
    base_url = desk.settings.base_url or None
    for item, canceled in items:
        name = export_name(item.dispatch_id, item.language, item.headline, "json")
        data = ninjs.write(item, base_url=base_url, canceled=canceled)
        _emit(output, name, _bytes(data), many=len(items) > 1)


def _report(plan: ImportPlan, dry_run: bool) -> None:
    verb = "would change" if dry_run else "changed"
    for edit in plan.edits:
        click.echo(f"{verb} {edit.where} ({edit.language}): {edit.before!r} -> {edit.after!r}")
    for refusal in plan.refused:
        click.echo(f"refused {refusal.where}: {refusal.reason}", err=True)


def import_file(desk: Desk, path: Path, dry_run: bool, user: str | None) -> bool:
    """Import a translator's XLIFF; True when no segment was refused."""
    from publisher.export.importing import Refusal, apply_edits, plan
    from publisher.export.xliff_read import read

    if not dry_run:
        if not user:
            raise ConfigError("--user EMAIL: say who is importing (recorded with each edit)")
        if not _EMAIL.fullmatch(user):
            raise ConfigError(f"--user: not an e-mail address: {user[:80]!r}")
        desk.check_reviewer(user)  # an active editor's account, before anything is read
    limit = desk.settings.max_input_bytes
    try:
        with path.open("rb") as stream:  # read bounded: a device or FIFO has no honest size
            data = stream.read(limit + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise ConfigError(f"{path}: over max_input_bytes ({limit} bytes)")
    version, segments = read(data, source=str(path), max_bytes=limit)
    with desk.store.session() as session:
        planned = plan(session, segments)
    if not dry_run and planned.edits:
        late: list[Refusal] = apply_edits(desk, planned.edits, user or "")
        late_where = {r.where for r in late}
        planned.edits = [e for e in planned.edits if e.where not in late_where]
        planned.refused.extend(late)
    _report(planned, dry_run)
    done = "would be applied" if dry_run else "applied, awaiting approval"
    click.echo(
        f"XLIFF {version}: {len(planned.edits)} edits {done}, {planned.unchanged} unchanged, "
        f"{planned.untranslated} untranslated, {len(planned.refused)} refused"
    )
    return not planned.refused
