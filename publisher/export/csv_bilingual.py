"""Bilingual CSV: one row per sentence, source beside target, for spreadsheets.

UTF-8 with a byte-order mark (so spreadsheet programs read Korean as Korean) and RFC 4180
quoting. A cell that a spreadsheet would run as a formula (it starts with ``= + - @`` or a
tab or carriage return) gets a leading apostrophe, the usual guard against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from publisher.export.translator import TranslatorItem

COLUMNS = (
    "dispatch",
    "revision",
    "part",
    "sentence",
    "source_language",
    "target_language",
    "source",
    "target",
    "state",
    "origin",
    "flags",
    "score",
    "source_sha256",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """``value`` safe to open in a spreadsheet."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def rows(item: TranslatorItem) -> Iterable[list[str]]:
    for part, sentence in item.sentences():
        flags = "; ".join(f"{f.issue}: {f.comment}" for f in sentence.flags)
        yield [
            str(item.dispatch_id),
            str(item.revision_id),
            part.value,
            str(sentence.index),
            item.source_language,
            item.target_language,
            cell(sentence.source),
            cell(sentence.target or ""),
            sentence.state.value,
            sentence.origin.value,
            cell(flags),
            "" if sentence.score is None else f"{sentence.score:.3f}",
            sentence.source_hash,
        ]


def write(items: Iterable[TranslatorItem], stream: BinaryIO) -> int:
    """Stream the items as CSV with a header row; return how many items."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        count = 0
        for item in items:
            writer.writerows(rows(item))
            count += 1
        text.flush()
    finally:
        text.detach()  # the caller owns the binary stream
    return count
