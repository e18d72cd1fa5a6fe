"""Standalone HTML5 export: the translation beside the original, no external resources.

Built with ElementTree, so every text and attribute is escaped by the library. Every element
that holds text carries ``lang``: the item's language, the source's, or ``en`` for our labels.
The style sheet is inline because the file is read wherever it is saved, not served by us.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from publisher.export.labels import labels_for
from publisher.export.model import ExportItem, iso

STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 2rem auto;
  max-width: 64rem; padding: 0 1rem; color: #1a1a1a; }
.versions { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  gap: 2rem; }
.meta, .provenance, footer { color: #555; font-size: 0.9rem; }
.original { border-left: 3px solid #ccc; padding-left: 1rem; }
"""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _version(
    parent: ET.Element, css: str, language: str, headline: str, sentences: tuple[str, ...]
) -> None:
    section = _sub(parent, "section", **{"class": css, "lang": language})
    _sub(section, "h2" if css == "original" else "h1", headline, lang=language)
    for sentence in sentences:
        _sub(section, "p", sentence, lang=language)


def write(item: ExportItem) -> bytes:
    """The item as an HTML5 document, UTF-8 encoded."""
    root = ET.Element("html", {"lang": item.language})
    head = _sub(root, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    # no script, no remote resource, no form may run or load from this file
    _sub(
        head,
        "meta",
        **{
            "http-equiv": "Content-Security-Policy",
            "content": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )
    _sub(head, "title", item.headline, lang=item.language)
    _sub(head, "style", STYLE)
    body = _sub(root, "body", lang=item.language)
    article = _sub(body, "article", lang=item.language)
    # the words we add, in the item's language where a catalog has them (labels.py)
    labels = labels_for(item.language)
    words = labels.language
    header = _sub(article, "header", lang=words)
    if item.dateline or item.agency:
        meta = _sub(header, "p", **{"class": "meta", "lang": item.source_language})
        spans = [
            _sub(meta, "span", text, lang=language)
            for text, language in (
                (item.dateline, item.dateline_language or item.source_language),
                (item.agency, item.source_language),
            )
            if text
        ]
        for span in spans[:-1]:
            span.tail = " | "
    if item.published is not None:
        before, _, after = labels.published("\0").partition("\0")
        stamp = _sub(header, "p", before, **{"class": "meta", "lang": words})
        moment = _sub(stamp, "time", iso(item.published), datetime=iso(item.published), lang=words)
        moment.tail = after or None
    _sub(header, "p", labels.provenance(item), **{"class": "provenance", "lang": words})
    versions = _sub(article, "div", **{"class": "versions", "lang": item.language})
    _version(versions, "version", item.language, item.headline, item.summary)
    if not item.is_original:
        _version(
            versions,
            "original",
            item.source_language,
            item.source_headline,
            item.source_sentences,
        )
    if item.full_text:
        full = _sub(article, "div", **{"class": "versions full-text", "lang": item.language})
        _version(full, "version", item.language, labels.full_text(item.language), item.full_text)
        _version(
            full,
            "original",
            item.source_language,
            labels.full_original(item.source_language),
            item.source_full_text,
        )
        for heading in [*full.iter("h1"), *full.iter("h2")]:
            heading.tag, heading.attrib["lang"] = "h2", words
    if item.url:
        footer = _sub(article, "footer", f"{labels.source} ", lang=words)
        _sub(footer, "a", item.url, href=item.url, rel="external noopener noreferrer", lang=words)
    document: bytes = ET.tostring(root, encoding="utf-8", method="html")
    return b"<!DOCTYPE html>\n" + document + b"\n"
