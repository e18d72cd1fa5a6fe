"""Markdown export with YAML front matter.

The front matter is written by ``yaml.safe_dump``, so a hostile value is quoted, never YAML
syntax; the body escapes what Markdown would read as markup or raw HTML.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from publisher.export.labels import labels_for
from publisher.export.model import ExportItem, iso, join_sentences

# Characters Markdown (CommonMark, with GFM tables and strike-through) reads as markup anywhere
# in a line; a backslash before ASCII punctuation makes it literal. ( ) and ! only act after
# a [ or ], which is escaped.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What makes a line a list item, a heading underline or a thematic break at its start.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def front_matter(item: ExportItem) -> dict[str, Any]:
    """The values of the front matter, in the order they are written."""
    return {
        "headline": item.headline,
        "agency": item.agency,
        "dateline": item.dateline,
        "published": iso(item.published) if item.published is not None else None,
        "received": iso(item.received),
        "language": item.language,
        "source_language": item.source_language,
        "engine": item.engine,
        "review_state": item.review_state.value,
        "dispatch": item.dispatch_id,
        "url": item.url,
    }


def write(item: ExportItem) -> bytes:
    """The item as a Markdown document, UTF-8 encoded."""
    matter = yaml.safe_dump(
        front_matter(item), allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    labels = labels_for(item.language)
    blocks = [f"---\n{matter}---", f"# {escape(item.headline)}", escape(labels.provenance(item))]
    if item.summary:
        blocks.append(escape(join_sentences(item.summary, item.language)))
    if not item.is_original:
        blocks.append(f"## {escape(item.source_headline)}")
        if item.source_sentences:
            blocks.append(escape(join_sentences(item.source_sentences, item.source_language)))
    if item.full_text:
        blocks.append(f"## {escape(labels.full_text(item.language))}")
        blocks.append(escape(join_sentences(item.full_text, item.language)))
        blocks.append(f"## {escape(labels.full_original(item.source_language))}")
        blocks.append(escape(join_sentences(item.source_full_text, item.source_language)))
    if item.url:
        # an autolink: web_url allows no space, control or backslash, and < > are encoded
        link = item.url.replace("<", "%3C").replace(">", "%3E")
        blocks.append(f"{escape(labels.source)} <{link}>")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
