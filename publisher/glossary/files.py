"""Glossary files by format: one place that reads and writes CSV and TBX."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from publisher.errors import InputTooLarge
from publisher.glossary.csvfile import read_csv, write_csv
from publisher.glossary.model import GlossaryError, LanguagePair, Term
from publisher.glossary.store import RowError
from publisher.glossary.tbx import MAX_TBX_BYTES, read_tbx, write_tbx

FORMATS = ("csv", "tbx")
MAX_FILE_BYTES = MAX_TBX_BYTES


def format_of(path: str, given: str | None = None) -> str:
    """``csv`` or ``tbx``: as given, else from the file's extension. Raises GlossaryError."""
    if given is not None:
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise GlossaryError(f"cannot tell the format of {path!r}: name it .csv or .tbx")
    return suffix


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing more than MAX_FILE_BYTES without reading them all."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputTooLarge(f"{path} is over {MAX_FILE_BYTES:,} bytes, the most a glossary may be")
    return data


def parse(
    data: bytes, fmt: str, pair: LanguagePair
) -> tuple[list[tuple[str, Term]], list[RowError]]:
    if fmt == "csv":
        return read_csv(data)
    return read_tbx(data, pair)


def render(terms: Sequence[Term], fmt: str, pair: LanguagePair, version: int) -> bytes:
    if fmt == "csv":
        return write_csv(terms)
    return write_tbx(terms, pair, f"publisher glossary {pair} (version {version})")
