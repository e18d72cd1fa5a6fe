"""Plain text export, UTF-8: headline, where and when, the summary, then the original."""

from __future__ import annotations

from publisher.export.labels import Labels, labels_for
from publisher.export.model import ExportItem, iso, join_sentences


def _meta(item: ExportItem, labels: Labels) -> list[str]:
    lines = [" | ".join(part for part in (item.dateline, item.agency) if part)]
    if item.published is not None:
        lines.append(labels.published(iso(item.published)))
    lines.append(labels.received(iso(item.received)))
    lines.append(labels.provenance(item))
    return [line for line in lines if line]


def write(item: ExportItem) -> bytes:
    """The item as plain text, UTF-8 encoded, ending in a newline; the words we add are in
    the item's language where a catalog has them (see labels.py)."""
    labels = labels_for(item.language)
    blocks = [item.headline, "\n".join(_meta(item, labels))]
    if item.summary:
        blocks.append(join_sentences(item.summary, item.language))
    if not item.is_original:
        original = [labels.original(item.source_language), item.source_headline]
        if item.source_sentences:
            original.append(join_sentences(item.source_sentences, item.source_language))
        blocks.append("\n".join(original))
    if item.full_text:
        blocks.append(
            f"{labels.full_text(item.language)}:\n" + join_sentences(item.full_text, item.language)
        )
        blocks.append(
            f"{labels.full_original(item.source_language)}:\n"
            + join_sentences(item.source_full_text, item.source_language)
        )
    if item.url:
        blocks.append(f"{labels.source} {item.url}")
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
