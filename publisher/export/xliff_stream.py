"""What both XLIFF writers do the same way: stream one ``<file>`` per item of one pair."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from publisher.export.translator import TranslatorItem


def write_files(
    out: Any,
    items: Iterable[TranslatorItem],
    source_language: str,
    target_language: str,
    file_element: Callable[[TranslatorItem], etree._Element],
) -> int:
    """Write each item's ``<file>`` into the open ``<xliff>`` of ``out`` (an lxml xmlfile
    writer); return how many. Raises ValueError for an item of another pair, or when there is
    none (an XLIFF document needs one file)."""
    count = 0
    for item in items:
        if (item.source_language, item.target_language) != (source_language, target_language):
            raise ValueError(
                f"dispatch {item.dispatch_id} is {item.source_language}"
                f"→{item.target_language}, not {source_language}→{target_language}"
            )
        out.write("\n")
        out.write(file_element(item))
        count += 1
    if not count:
        raise ValueError("nothing to write: an XLIFF document needs one file")
    out.write("\n")
    return count
