"""The work behind ``publisher export``: which versions, which period, which files.

No click here: the command parses its options and passes a progress callback; everything
is read a chunk at a time and written file by file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from publisher.errors import ConfigError, NotFound
from publisher.export import WRITERS, digests, zipped
from publisher.export.files import atomic_file, write_file
from publisher.export.gather import export_items
from publisher.export.model import ExportItem
from publisher.export.names import digest_name, export_name

Progress = Callable[[int], None]
BOOK_FORMATS = tuple(zipped.BOOK_WRITERS)
SHOWN = 20  # file names an export reports one by one; beyond, only how many


@dataclass
class Written:
    """How many files an export wrote and the first few: a long export keeps no list."""

    count: int = 0
    first: list[Path] = field(default_factory=list)

    def add(self, path: Path) -> None:
        self.count += 1
        if len(self.first) < SHOWN:
            self.first.append(path)


@dataclass(frozen=True)
class Selection:
    """What an export holds: languages, an optional period (days of each language's zone)
    and optional dispatch ids."""

    languages: Sequence[str]
    since: date | None
    until: date | None
    dispatch_ids: Sequence[int]
    zone_for: Callable[[str], str]

    def check(self) -> None:
        if (self.since is None) != (self.until is None):
            raise ConfigError("give both --since and --until, or neither")
        if self.since is not None and self.until is not None:
            digests.check_period(self.since, self.until)

    def period(self, session: Session, language: str) -> tuple[date, date] | None:
        """The asked period, else every day ``language`` has something published."""
        if self.since is not None and self.until is not None:
            return self.since, self.until
        return digests.published_period(session, language, self.zone_for(language))


def count(session: Session, selection: Selection) -> int:
    """How many language versions the selection holds."""
    total = 0
    for language in selection.languages:
        window = selection.period(session, language)
        if window is None:
            continue
        start, end = digests.bounds(*window, selection.zone_for(language))
        total += digests.count(session, language, start, end, selection.dispatch_ids or None)
    return total


def items(session: Session, selection: Selection) -> Iterator[ExportItem]:
    """The selection's versions, language by language, oldest first.

    Named ids without a period are checked now, before any item is returned: each must exist
    and have something published in the languages (else NotFound).
    """
    if selection.dispatch_ids and selection.since is None:
        return iter(export_items(session, selection.dispatch_ids, selection.languages or None))
    return _period_items(session, selection)


def _period_items(session: Session, selection: Selection) -> Iterator[ExportItem]:
    for language in selection.languages:
        window = selection.period(session, language)
        if window is None:
            continue
        start, end = digests.bounds(*window, selection.zone_for(language))
        yield from digests.items(session, language, start, end, selection.dispatch_ids or None)


def write_items(
    versions: Iterable[ExportItem], fmt: str, folder: Path, progress: Progress
) -> Written:
    """One file per version into ``folder``."""
    writer, extension = WRITERS[fmt]
    folder.mkdir(parents=True, exist_ok=True)
    written = Written()
    for item in versions:
        target = folder / export_name(item.dispatch_id, item.language, item.headline, extension)
        write_file(target, writer(item))
        written.add(target)
        progress(1)
    return written


def write_books(
    session: Session, selection: Selection, fmt: str, output: Path, progress: Progress
) -> Written:
    """One digest per language for the period: into ``output`` when it names a file of this
    format (one language only), else into the folder ``output``."""
    if selection.dispatch_ids:
        raise ConfigError(f"a {fmt} digest holds a period: give --since/--until, not ids")
    single = output.suffix == f".{fmt}"
    if single and len(selection.languages) != 1:
        raise ConfigError(f"{len(selection.languages)} languages make several books: give a folder")
    if not single:
        output.mkdir(parents=True, exist_ok=True)
    written = Written()
    for language in selection.languages:
        window = selection.period(session, language)
        if window is None:
            raise NotFound(f"nothing is published in {language}")
        book = digests.book(session, language, *window, selection.zone_for(language))
        target = output if single else output / digest_name(language, *window, fmt)
        with atomic_file(target) as stream:
            progress(zipped.BOOK_WRITERS[fmt](book, stream))
        written.add(target)
    return written


def write_zip(session: Session, selection: Selection, output: Path, progress: Progress) -> Written:
    """Everything of the selection's languages and period in one archive at ``output``."""
    if selection.dispatch_ids:
        raise ConfigError("a zip holds a period: give --since/--until, not ids")
    windows = [w for w in (selection.period(session, lang) for lang in selection.languages) if w]
    if not windows:
        raise NotFound("nothing is published yet")
    since = min(w[0] for w in windows)
    until = max(w[1] for w in windows)
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(output) as stream:
        zipped.write(
            session, stream, selection.languages, since, until, selection.zone_for, progress
        )
    written = Written()
    written.add(output)
    return written
