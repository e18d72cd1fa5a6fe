"""Writing export files safely: beside the target, then renamed over it.

A reader never sees half a file, an interrupted export leaves no partial file behind, and a
link already at the name is replaced, not followed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``target`` when the block ends without an exception."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is for sharing
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_file(target: Path, data: bytes) -> None:
    with atomic_file(target) as stream:
        stream.write(data)
