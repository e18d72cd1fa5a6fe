"""Glossaries as CSV: one term per row, UTF-8, with this header (the order may differ):

    source,target,kind,note,case_sensitive

``kind`` is ``dnt`` (do not translate; ``target`` empty or the source), ``forced`` or
``forbidden``; ``case_sensitive`` is ``yes``/``no`` (also true/false, 1/0; empty means yes);
``note`` and ``case_sensitive`` may be left out. A bad row is reported with its line and
skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from publisher.glossary.model import GlossaryError, Term, make_term, parse_kind
from publisher.glossary.store import RowError

HEADER = ("source", "target", "kind", "note", "case_sensitive")
REQUIRED = ("source", "target", "kind")
_YES = {"", "yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped). Raises GlossaryError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"the file is not UTF-8 (byte {error.start:,})") from None


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise GlossaryError(f"case_sensitive must be yes or no, not {text.strip()[:20]!r}")


def read_csv(data: bytes) -> tuple[list[tuple[str, Term]], list[RowError]]:
    """The terms of a CSV file as (``line N``, term), and the rows skipped with why.

    Raises GlossaryError when the file as a whole is unusable (not UTF-8, no header).
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise GlossaryError("the file is empty: it needs the header " + ",".join(HEADER)) from None
    except csv.Error as error:
        raise GlossaryError(f"line 1: {error}") from None
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in HEADER]
    if missing or unknown:
        problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
        raise GlossaryError(f"line 1: bad header ({problem}); expected {','.join(HEADER)}")
    rows: list[tuple[str, Term]] = []
    errors: list[RowError] = []
    while True:
        where = f"line {reader.line_num + 1}"
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # a broken quote or an over-long field: the reader cannot resync, so it stops here
            errors.append(RowError(where, f"{error}; the rest of the file was not read"))
            break
        where = f"line {reader.line_num}"
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            errors.append(RowError(where, f"{len(fields)} fields, the header has {len(header)}"))
            continue
        record = dict(zip(header, fields, strict=True))
        try:
            term = make_term(
                record["source"],
                record["target"],
                parse_kind(record["kind"]),
                record.get("note"),
                parse_bool(record.get("case_sensitive", "")),
            )
        except GlossaryError as error:
            errors.append(RowError(where, str(error)))
            continue
        rows.append((where, term))
    return rows, errors


def write_csv(terms: Iterable[Term]) -> bytes:
    """The terms as CSV with :data:`HEADER`; a do-not-translate term's target is left empty."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    for term in terms:
        writer.writerow(
            (
                term.source,
                "" if term.kind.value == "dnt" else term.target,
                term.kind.value,
                term.note,
                "yes" if term.case_sensitive else "no",
            )
        )
    return stream.getvalue().encode("utf-8")
