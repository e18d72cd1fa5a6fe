"""What a digest book (EPUB, DOCX) is made of: its language, title, dates and items.

The items are an iterable read once, so that a book streams from the database; what must be
known before the first item is written (the modification date every zip entry carries, the
title) is fixed when the Book is made.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from publisher.export.model import ExportItem

# XML 1.0 allows neither C0 controls other than tab and newlines, nor surrogates, U+FFFE/FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# the earliest time a zip entry can carry (MS-DOS dates start in 1980)
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


# What a book file holds and how it is laid out, as a number: cached books (the web's digest
# downloads) made by another layout are made again. Raise it with any change to the output.
BOOK_LAYOUT = 2  # 2: the words we add in the book's language


@dataclass(frozen=True)
class Book:
    """One language's digest of a day or a date range."""

    language: str
    since: date
    until: date  # inclusive; the same as ``since`` for one day
    modified: datetime  # the latest change of its content: fixed, so the file is reproducible
    items: Iterable[ExportItem]

    @property
    def period(self) -> str:
        """``2025-11-12`` or ``2025-11-10 – 2025-11-12``."""
        if self.since == self.until:
            return self.since.isoformat()
        return f"{self.since.isoformat()} \u2013 {self.until.isoformat()}"

    @property
    def title(self) -> str:
        """``Digest 2025-11-12 (ko)``, in the book's language where a catalog has it."""
        from publisher.export.labels import labels_for  # labels imports the export model

        return labels_for(self.language).digest_title(self.period, self.language)


def zip_entry(name: str, moment: datetime, *, stored: bool = False) -> zipfile.ZipInfo:
    """A zip entry dated ``moment`` (not the clock), so two exports are byte-identical."""
    when = max(moment.astimezone(UTC), _ZIP_EPOCH)
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # a regular file, readable by all
    info.create_system = 3  # Unix, whatever system wrote it, for the same bytes everywhere
    return info
