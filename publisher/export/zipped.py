"""A ZIP of everything for a period and a set of languages, written as it is read.

Per language: every published version as txt, Markdown and HTML, and each day's digest as
EPUB and DOCX (a day at a time, so no book holds more than a day). Entries are dated from
their content, in a fixed order, so the same content makes the same archive.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import BinaryIO, cast

from sqlalchemy.orm import Session

from publisher.export import WRITERS, digests, docx, epub
from publisher.export.book import Book, zip_entry
from publisher.export.names import digest_name, export_name

BOOK_WRITERS: dict[str, Callable[[Book, BinaryIO], int]] = {"epub": epub.write, "docx": docx.write}
_SPOOL = 8 * 1024 * 1024  # a book larger than this goes to a temporary file, not memory

Progress = Callable[[int], None]


def _add_book(archive: zipfile.ZipFile, name: str, book: Book, extension: str) -> None:
    # a book is itself a zip, written to a seekable spool first (its mimetype entry must
    # not carry a data descriptor), then copied in as one stored entry
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        BOOK_WRITERS[extension](book, cast(BinaryIO, spool))
        spool.seek(0)
        with archive.open(zip_entry(name, book.modified, stored=True), "w") as entry:
            shutil.copyfileobj(spool, entry)


def write(
    session: Session,
    stream: BinaryIO,
    languages: Sequence[str],
    since: date,
    until: date,
    zone_for: Callable[[str], str],
    progress: Progress | None = None,
) -> int:
    """Write the archive to ``stream``; return how many language versions it holds."""
    digests.check_period(since, until)
    total = 0
    with zipfile.ZipFile(stream, "w") as archive:
        for language in languages:
            zone = zone_for(language)
            start, end = digests.bounds(since, until, zone)
            for item in digests.items(session, language, start, end):
                moment = item.published or item.received
                for fmt, (writer, extension) in WRITERS.items():
                    name = export_name(item.dispatch_id, item.language, item.headline, extension)
                    archive.writestr(zip_entry(f"{language}/{fmt}/{name}", moment), writer(item))
                total += 1
                if progress is not None:
                    progress(1)
            day = since
            while day <= until:
                if digests.count(session, language, *digests.bounds(day, day, zone)):
                    for extension in BOOK_WRITERS:
                        name = digest_name(language, day, day, extension)
                        book = digests.book(session, language, day, day, zone)
                        _add_book(archive, f"{language}/digests/{name}", book, extension)
                day += timedelta(days=1)
    return total
