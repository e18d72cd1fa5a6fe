"""DOCX digests with python-docx: a heading per dispatch, every run tagged with its language.

Word decides a run's font by script: for Hangul, kana and Han it reads ``w:rFonts
w:eastAsia`` and ``w:lang w:eastAsia``, which python-docx does not set (``font.name`` covers
ASCII and high-ANSI only). So the styles and every run carry both, from
``data/docx_languages.toml``. python-docx stamps the clock into the core properties and the
zip entries; both are replaced by the book's modification date, so the file is reproducible.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from publisher.export.book import Book, xml_text, zip_entry
from publisher.export.labels import labels_for
from publisher.export.model import ExportItem, iso

_DATA = Path(__file__).resolve().parent / "data" / "docx_languages.toml"
_STYLES = ("Normal", "Title", "Heading 1", "Heading 2")


@dataclass(frozen=True)
class WordLanguage:
    tag: str  # as Word writes it: ko-KR
    east_asia_font: str | None  # None for a language Word draws with the Latin fonts


@cache
def _data() -> tuple[str, dict[str, WordLanguage]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    languages = {
        str(code): WordLanguage(str(entry["word_tag"]), str(entry["east_asia_font"]))
        for code, entry in data["languages"].items()
    }
    return str(data["default_font"]), languages


def word_language(language: str) -> WordLanguage:
    """How Word names ``language`` and which East Asian font draws it."""
    _default, languages = _data()
    return languages.get(language.split("-")[0].lower(), WordLanguage(language, None))


# what follows w:lang in w:rPr (ECMA-376 CT_RPr sequence); w:lang goes before these
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _lang_of(properties: Any) -> Any:
    found = properties.find(qn("w:lang"))
    if found is None:
        found = OxmlElement("w:lang")
        later = [properties.find(qn(tag)) for tag in _AFTER_LANG]
        following = next((element for element in later if element is not None), None)
        if following is None:
            properties.append(found)
        else:
            following.addprevious(found)
    return found


def tag_language(properties: Any, language: str, book_language: str) -> None:
    """Set ``w:rFonts`` and ``w:lang`` in a run's or style's ``w:rPr`` for ``language``.

    The East Asian slot of ``w:lang`` names the book's East Asian language when the run is
    not one (so punctuation between Korean words stays Korean), else the run's own.
    """
    default_font, _languages = _data()
    own = word_language(language)
    east = own if own.east_asia_font else word_language(book_language)
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), default_font)
    fonts.set(qn("w:hAnsi"), default_font)
    if east.east_asia_font:
        fonts.set(qn("w:eastAsia"), east.east_asia_font)
    lang = _lang_of(properties)
    lang.set(qn("w:val"), own.tag)
    if east.east_asia_font:
        lang.set(qn("w:eastAsia"), east.tag)


def _paragraph(document: Any, text: str, language: str, book: Book, style: str = "") -> None:
    paragraph = document.add_paragraph(style=style or None)
    run = paragraph.add_run(xml_text(text))
    tag_language(run._r.get_or_add_rPr(), language, book.language)


_HEADINGS = {0: "Title", 1: "Heading 1", 2: "Heading 2"}


def _heading(document: Any, text: str, language: str, book: Book, level: int) -> None:
    # the style id, not its name: python-docx looks a name up (and compares with the
    # default style) by XPath queries over all styles each time: most of a digest's time
    styles = _style_cache(document)
    heading = document.add_paragraph()
    heading._p.style = styles[_HEADINGS[level]].style_id  # w:pStyle, set directly
    run = heading.add_run(xml_text(text))
    tag_language(run._r.get_or_add_rPr(), language, book.language)


def _style_cache(document: Any) -> dict[str, Any]:
    cache: dict[str, Any] | None = getattr(document, "_publisher_styles", None)
    if cache is None:
        cache = {name: document.styles[name] for name in _STYLES}
        document._publisher_styles = cache
    return cache


def _item(document: Any, item: ExportItem, book: Book) -> None:
    _heading(document, item.headline, item.language, book, 1)
    meta = " | ".join(part for part in (item.dateline, item.agency) if part)
    if meta:
        _paragraph(document, meta, item.source_language, book)
    # the words we add, in the item's language where a catalog has them (labels.py)
    labels = labels_for(item.language)
    words = labels.language
    if item.published is not None:
        _paragraph(document, labels.published(iso(item.published)), words, book)
    _paragraph(document, labels.provenance(item), words, book)
    for sentence in item.summary:
        _paragraph(document, sentence, item.language, book)
    if not item.is_original:
        _heading(document, item.source_headline, item.source_language, book, 2)
        for sentence in item.source_sentences:
            _paragraph(document, sentence, item.source_language, book)
    if item.full_text:
        _heading(document, labels.full_text(item.language), words, book, 2)
        for sentence in item.full_text:
            _paragraph(document, sentence, item.language, book)
        _heading(document, labels.full_original(item.source_language), words, book, 2)
        for sentence in item.source_full_text:
            _paragraph(document, sentence, item.source_language, book)
    if item.url:
        _paragraph(document, f"{labels.source} {item.url}", words, book)


def _repack(data: bytes, book: Book, stream: BinaryIO) -> None:
    """Copy the package with every entry dated the book's modification date, in name order."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(stream, "w") as target,
    ):
        names = source.namelist()
        # [Content_Types].xml first, as Word writes it; the rest in a fixed order
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n)):
            target.writestr(zip_entry(name, book.modified), source.read(name))


def write(book: Book, stream: BinaryIO) -> int:
    """Write ``book`` as a DOCX file to ``stream``; return how many dispatches it holds."""
    document = Document()
    for name in _STYLES:
        style = document.styles[name]
        tag_language(style.element.get_or_add_rPr(), book.language, book.language)
    properties = document.core_properties
    properties.title = book.title
    properties.language = word_language(book.language).tag
    properties.author = "publisher"
    properties.created = properties.modified = book.modified.replace(tzinfo=None)
    properties.last_printed = book.modified.replace(tzinfo=None)
    properties.revision = 1
    labels = labels_for(book.language)
    _heading(document, book.title, labels.language, book, 0)
    count = 0
    for item in book.items:
        _item(document, item, book)
        count += 1
    if not count:
        _paragraph(document, labels.nothing_published, labels.language, book)
    buffer = io.BytesIO()
    document.save(buffer)
    _repack(buffer.getvalue(), book, stream)
    return count
