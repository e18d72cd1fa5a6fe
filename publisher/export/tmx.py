"""TMX 1.4b of approved sentence pairs (the editors' memory), and reading a TMX back.

Writers take plain :class:`MemoryPair` values, so the memory table (or anything else) can
feed them; reading yields plain :class:`TmxEntry` values and a list of what was skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from lxml import etree

from publisher.errors import MalformedItem
from publisher.export import safexml
from publisher.export.model import clean_line

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
_DATE = "%Y%m%dT%H%M%SZ"  # TMX's one date format, always UTC
_INLINE_CODES = {"bpt", "ept", "it", "ph", "ut"}  # native codes, not text


@dataclass(frozen=True)
class MemoryPair:
    """One approved sentence pair, with who and when; ``props`` end up as ``<prop>``s."""

    source_language: str
    target_language: str
    source: str
    target: str
    created: datetime
    created_by: str | None = None
    changed: datetime | None = None
    changed_by: str | None = None
    props: tuple[tuple[str, str], ...] = field(default=())  # e.g. ("x-dispatch", "12")


@dataclass(frozen=True)
class TmxEntry:
    source_language: str
    target_language: str
    source: str
    target: str
    created: datetime | None
    created_by: str | None
    changed: datetime | None
    changed_by: str | None
    props: tuple[tuple[str, str], ...]


def tmx_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_DATE)


def _tu(pair: MemoryPair) -> etree._Element:
    attrs = {"creationdate": tmx_date(pair.created), "srclang": pair.source_language}
    if pair.created_by:
        attrs["creationid"] = pair.created_by
    if pair.changed is not None:
        attrs["changedate"] = tmx_date(pair.changed)
    if pair.changed_by:
        attrs["changeid"] = pair.changed_by
    tu = etree.Element("tu", attrs)
    for kind, value in pair.props:
        etree.SubElement(tu, "prop", type=kind).text = value
    for language, text in (
        (pair.source_language, pair.source),
        (pair.target_language, pair.target),
    ):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: language})
        etree.SubElement(tuv, "seg").text = text
    return tu


def write(
    pairs: Iterable[MemoryPair], stream: BinaryIO, *, created: datetime, source_language: str
) -> int:
    """Stream the pairs as a TMX 1.4b document; return how many. ``source_language`` is the
    header's ``srclang`` (``*all*`` when pairs start from several languages)."""
    count = 0
    with etree.xmlfile(stream, encoding="utf-8") as out:
        out.write_declaration()
        out.write_doctype(DOCTYPE)
        with out.element("tmx", version="1.4"):
            header = {
                "creationtool": "publisher",
                "creationtoolversion": "1",
                "segtype": "sentence",
                "o-tmf": "publisher",
                "adminlang": "en",
                "srclang": source_language,
                "datatype": "plaintext",
                "creationdate": tmx_date(created),
            }
            out.write("\n")
            out.write(etree.Element("header", header))
            out.write("\n")
            with out.element("body"):
                for pair in pairs:
                    out.write("\n")
                    out.write(_tu(pair))
                    count += 1
                out.write("\n")
            out.write("\n")
    stream.write(b"\n")
    return count


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, _DATE).replace(tzinfo=UTC)
    except ValueError:
        return None


def _seg_text(seg: etree._Element) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _INLINE_CODES:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return clean_line("".join(parts))


def _variants(tu: etree._Element) -> list[tuple[str, str]]:
    found = []
    for tuv in tu.findall("tuv"):
        language = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if language and seg is not None:
            found.append((language, _seg_text(seg)))
    return found


def _entries(tu: etree._Element, default_source: str) -> Iterator[TmxEntry]:
    variants = _variants(tu)
    source_language = tu.get("srclang") or default_source
    sources = [text for lang, text in variants if lang.lower() == source_language.lower()]
    if source_language == "*all*" and len(variants) == 2:
        source_language, sources = variants[0][0], [variants[0][1]]
    if len(sources) != 1 or not sources[0]:
        raise ValueError(f"no single {source_language} variant")
    props = tuple((p.get("type", ""), clean_line(p.text or "")) for p in tu.findall("prop"))
    targets = [(lang, text) for lang, text in variants if lang.lower() != source_language.lower()]
    if not any(text for _, text in targets):
        raise ValueError("no translation")
    for language, text in targets:
        if text:
            yield TmxEntry(
                source_language,
                language,
                sources[0],
                text,
                _date(tu.get("creationdate")),
                tu.get("creationid"),
                _date(tu.get("changedate")),
                tu.get("changeid"),
                props,
            )


def read(data: bytes, *, source: str, max_bytes: int) -> tuple[list[TmxEntry], list[str]]:
    """The sentence pairs of a TMX document, and one line per translation unit skipped.

    Raises MalformedItem (one line) when the file is not a TMX document at all.
    """
    root = safexml.parse(
        data, source=source, max_bytes=max_bytes, doctypes=frozenset({"tmx14.dtd"})
    )
    if root.tag != "tmx":
        raise MalformedItem(f"{source}: not a TMX document (root <{root.tag}>)", source)
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise MalformedItem(f"{source}: a TMX document needs <header> and <body>", source)
    default_source = header.get("srclang") or "*all*"
    entries: list[TmxEntry] = []
    skipped: list[str] = []
    for number, tu in enumerate(body.iter("tu"), 1):
        try:
            entries.extend(_entries(tu, default_source))
        except ValueError as error:
            skipped.append(f"translation unit {number} ({tu.get('tuid') or 'no tuid'}): {error}")
    return entries, skipped
