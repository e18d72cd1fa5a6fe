"""EPUB 3 digests: one chapter per dispatch, a navigable table of contents, reproducible.

Written with zipfile, not a library: ebooklib stamps the clock into ``dcterms:modified`` and
the zip entries, and holds the whole book in memory. Here the ``mimetype`` entry comes first
and is stored uncompressed (OCF), every entry is dated the book's modification date, and
chapters are written as the items arrive; only each chapter's name and headline is kept for
the table of contents, written last.

Every block carries ``lang`` and ``xml:lang``: the item's language, the source's, or ``en``
for the labels we add. The style sheet names CJK fonts before the generic family so readers
without a Korean, Japanese or Chinese default font still find one.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from publisher.export.book import Book, xml_text, zip_entry
from publisher.export.labels import labels_for
from publisher.export.model import ExportItem, iso

_XHTML = "application/xhtml+xml"

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

STYLE = """body { font-family: "Noto Serif CJK KR", "Noto Serif CJK JP", "Noto Serif CJK SC",
  "Source Han Serif", "Apple SD Gothic Neo", "Malgun Gothic", "Hiragino Mincho ProN",
  "Yu Mincho", "PingFang SC", "Microsoft YaHei", serif; line-height: 1.5; }
.meta, .provenance { color: #555; font-size: 0.9em; }
.original { border-left: 3px solid #ccc; padding-left: 1em; }
"""


def _t(text: str) -> str:
    return escape(xml_text(text))


def _a(value: str) -> str:
    return quoteattr(xml_text(value))


def _lang(language: str) -> str:
    return f"lang={_a(language)} xml:lang={_a(language)}"


def _block(tag: str, text: str, language: str, css: str = "") -> str:
    klass = f" class={_a(css)}" if css else ""
    return f"<{tag} {_lang(language)}{klass}>{_t(text)}</{tag}>"


def _page(language: str, title: str, body: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'{_lang(language)}>\n<head>\n<meta charset="UTF-8"/>\n'
        f"<title>{_t(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body {_lang(language)}>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    ).encode("utf-8")


def _sentences(sentences: tuple[str, ...], language: str) -> list[str]:
    return [_block("p", sentence, language) for sentence in sentences]


def chapter(item: ExportItem) -> bytes:
    """One dispatch as an XHTML content document."""
    body = [f'<section epub:type="chapter" {_lang(item.language)}>']
    body.append(_block("h1", item.headline, item.language))
    meta = " | ".join(part for part in (item.dateline, item.agency) if part)
    if meta:
        body.append(_block("p", meta, item.source_language, "meta"))
    # the words we add, in the item's language where a catalog has them (labels.py)
    labels = labels_for(item.language)
    words = labels.language
    if item.published is not None:
        body.append(_block("p", labels.published(iso(item.published)), words, "meta"))
    body.append(_block("p", labels.provenance(item), words, "provenance"))
    body.extend(_sentences(item.summary, item.language))
    if not item.is_original:
        body.append(f'<div class="original" {_lang(item.source_language)}>')
        body.append(_block("h2", item.source_headline, item.source_language))
        body.extend(_sentences(item.source_sentences, item.source_language))
        body.append("</div>")
    if item.full_text:
        body.append(_block("h2", labels.full_text(item.language), words))
        body.extend(_sentences(item.full_text, item.language))
        body.append(f'<div class="original" {_lang(item.source_language)}>')
        body.append(_block("h2", labels.full_original(item.source_language), words))
        body.extend(_sentences(item.source_full_text, item.source_language))
        body.append("</div>")
    if item.url:
        body.append(
            f"<p {_lang(words)}>{_t(labels.source)} <a href={_a(item.url)}>{_t(item.url)}</a></p>"
        )
    body.append("</section>")
    return _page(item.language, item.headline, body)


def _nav(book: Book, chapters: list[tuple[str, str, str]]) -> bytes:
    labels = labels_for(book.language)
    words = labels.language
    body = [f'<nav epub:type="toc" id="toc" {_lang(words)}>', _block("h1", labels.contents, words)]
    body.append(f"<ol {_lang(book.language)}>")
    body.extend(
        f"<li {_lang(language)}><a href={_a(name)}>{_t(headline)}</a></li>"
        for name, headline, language in chapters
    )
    body.append("</ol>")
    body.append("</nav>")
    return _page(book.language, book.title, [_block("h1", book.title, words), *body])


def _package(book: Book, chapters: list[tuple[str, str, str]], identity: str) -> bytes:
    manifest = [
        f'<item id="nav" href="nav.xhtml" media-type="{_XHTML}" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
    ]
    spine = ['<itemref idref="nav"/>']
    for number, (name, _headline, _language) in enumerate(chapters, start=1):
        manifest.append(f'<item id="c{number}" href="{name}" media-type="{_XHTML}"/>')
        spine.append(f'<itemref idref="c{number}"/>')
    modified = iso(book.modified)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="book-id" xml:lang={_a(book.language)}>\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="book-id">urn:uuid:{identity}</dc:identifier>\n'
        f"<dc:title>{_t(book.title)}</dc:title>\n"
        f"<dc:language>{_t(book.language)}</dc:language>\n"
        f"<dc:date>{modified}</dc:date>\n"
        f'<meta property="dcterms:modified">{modified}</meta>\n'
        "</metadata>\n<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        "<spine>\n" + "\n".join(spine) + "\n</spine>\n</package>\n"
    ).encode("utf-8")


def write(book: Book, stream: BinaryIO) -> int:
    """Write ``book`` as an EPUB 3 file to ``stream``; return how many chapters it has."""
    chapters: list[tuple[str, str, str]] = []  # file, headline, language: for the contents
    digest = hashlib.sha256(f"{book.language}\n{book.since}\n{book.until}".encode())
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zip_entry("mimetype", book.modified, stored=True), "application/epub+zip")
        archive.writestr(zip_entry("META-INF/container.xml", book.modified), CONTAINER)
        archive.writestr(zip_entry("EPUB/style.css", book.modified), STYLE)
        for item in book.items:
            name = f"d{item.dispatch_id}-{len(chapters) + 1}.xhtml"
            content = chapter(item)
            digest.update(content)
            archive.writestr(zip_entry(f"EPUB/{name}", book.modified), content)
            chapters.append((name, item.headline, item.language))
        count = len(chapters)
        if not chapters:  # a table of contents needs an entry: one page says there is none
            labels = labels_for(book.language)
            words, nothing = labels.language, labels.nothing_published
            empty = _page(words, nothing, [_block("p", nothing, words)])
            archive.writestr(zip_entry("EPUB/empty.xhtml", book.modified), empty)
            chapters.append(("empty.xhtml", nothing, words))
        archive.writestr(zip_entry("EPUB/nav.xhtml", book.modified), _nav(book, chapters))
        # the identifier follows the content: the same digest is the same book
        identity = str(uuid.UUID(bytes=digest.digest()[:16], version=5))
        package = _package(book, chapters, identity)
        archive.writestr(zip_entry("EPUB/package.opf", book.modified), package)
    return count
