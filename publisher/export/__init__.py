"""Reader exports: one published language version of a dispatch as a file.

Writers (``txt``, ``markdown``, ``html``) take an :class:`~publisher.export.model.ExportItem`
and return bytes; no Flask and no database in them. :mod:`publisher.export.gather` turns what
readers can see into items, and the CLI, the web and a static site all call the same writers.
"""

from __future__ import annotations

from collections.abc import Callable

from publisher.export import html, markdown, txt
from publisher.export.model import ExportItem

Writer = Callable[[ExportItem], bytes]

# format name → (writer, file extension); the CLI's choices are these keys
WRITERS: dict[str, tuple[Writer, str]] = {
    "txt": (txt.write, "txt"),
    "md": (markdown.write, "md"),
    "html": (html.write, "html"),
}
