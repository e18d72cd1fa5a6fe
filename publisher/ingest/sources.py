"""Where inputs come from: files, folders, standard input and http(s) URLs."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from publisher.errors import InputTooLarge, MalformedItem
from publisher.ingest.model import ItemFailure, ParsedItem
from publisher.ingest.parse import parse_items

STDIN_NAME = "stdin"
# Files picked up when a folder is given; a file named explicitly is read whatever its name.
FOLDER_SUFFIXES = frozenset(
    ".txt .text .md .markdown .html .htm .xml .rss .atom .json .jsonl .ndjson".split()
)
FETCH_TIMEOUT = 30.0
USER_AGENT = "publisher-ingest/0.1 (+offline news desk)"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    for power, unit in ((3, "GiB"), (2, "MiB"), (1, "KiB")):
        if count >= 1024**power:
            return f"{count / 1024**power:.1f} {unit}"
    return f"{count} bytes"


def too_large(size: int | None, max_bytes: int, source: str) -> InputTooLarge:
    """The error for an input over the limit, with both sizes in the message."""
    shown = f"{_size(size)} ({size} bytes)" if size is not None else "more than the limit"
    return InputTooLarge(
        f"input is {shown}, over the limit of {_size(max_bytes)} ({max_bytes} bytes; "
        "setting max_input_bytes)",
        source,
    )


def read_capped(stream: IO[bytes], max_bytes: int, source: str) -> bytes:
    """Read at most ``max_bytes``; raises InputTooLarge instead of reading past the limit."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(None, max_bytes, source)
    return data


def _read_file(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise too_large(size, max_bytes, str(path))
    with path.open("rb") as stream:
        return read_capped(stream, max_bytes, str(path))


def fetch_url(url: str, max_bytes: int) -> bytes:
    """Download ``url`` with a size cap.

    Raises InputTooLarge over the limit and MalformedItem when the download fails.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise too_large(int(declared), max_bytes, url)
            data: bytes = read_capped(response, max_bytes, url)
            return data
    except urllib.error.HTTPError as error:
        raise MalformedItem(f"download failed: HTTP {error.code} {error.reason}", url) from error
    except urllib.error.URLError as error:
        raise MalformedItem(f"download failed: {error.reason}", url) from error
    except (TimeoutError, OSError) as error:
        raise MalformedItem(f"download failed: {error}", url) from error


def _folder_files(
    folder: Path, on_skip: Callable[[str], None] | None, seen: set[tuple[int, int]] | None = None
) -> Iterator[Path | ItemFailure]:
    """Files of a folder and its sub-folders in one sorted order.

    Hidden names (``.git``, ``.DS_Store``) are passed over silently; any other file whose
    suffix is not in FOLDER_SUFFIXES, or that is not a regular file, goes to ``on_skip``. A
    folder reached twice through symbolic links is walked once. A folder that cannot be listed
    is an ItemFailure, and the walk goes on with its siblings.
    """
    seen = set() if seen is None else seen
    try:
        status = folder.stat()
        if (status.st_dev, status.st_ino) in seen:
            return
        seen.add((status.st_dev, status.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield ItemFailure(str(folder), f"cannot read the folder: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _folder_files(path, on_skip, seen)
        elif entry.is_file() and path.suffix.casefold() in FOLDER_SUFFIXES:
            yield path
        elif on_skip is not None:
            on_skip(str(path))


def _parse(data: bytes, name: str) -> Iterator[ParsedItem]:
    try:
        items = parse_items(data, name)
    except MalformedItem as error:
        yield ItemFailure(name, error.reason)
        return
    if not items:
        yield ItemFailure(name, "no dispatch found")
    yield from items


def _from_path(path: Path, max_bytes: int) -> Iterator[ParsedItem]:
    try:
        data = _read_file(path, max_bytes)
    except MalformedItem as error:
        yield ItemFailure(str(path), error.reason)
        return
    except OSError as error:
        yield ItemFailure(str(path), f"cannot read the file: {error.strerror or error}")
        return
    yield from _parse(data, str(path))


def read_sources(
    sources: Sequence[str],
    *,
    max_bytes: int,
    stdin: IO[bytes] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[ParsedItem]:
    """Dispatches from files, folders (recursed in sorted order), ``-`` (stdin) and URLs.

    Never raises for a bad input: each yields an ItemFailure and the rest go on. Files that a
    folder holds but that are not dispatches by their name (``notes.docx``) are not read: each
    one's path goes to ``on_skip``, so a report can say what was left out.
    """
    for source in sources:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = read_capped(stream, max_bytes, STDIN_NAME)
            except MalformedItem as error:
                yield ItemFailure(STDIN_NAME, error.reason)
                continue
            yield from _parse(data, STDIN_NAME)
        elif source.startswith(("http://", "https://")):
            try:
                data = fetch_url(source, max_bytes)
            except MalformedItem as error:
                yield ItemFailure(source, error.reason)
                continue
            yield from _parse(data, source)
        else:
            path = Path(source)
            if path.is_dir():
                for file in _folder_files(path, on_skip):
                    if isinstance(file, ItemFailure):
                        yield file
                    else:
                        yield from _from_path(file, max_bytes)
            elif path.exists():
                yield from _from_path(path, max_bytes)
            else:
                yield ItemFailure(source, "no such file or folder")
