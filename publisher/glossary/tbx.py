"""Glossaries as TBX (ISO 30042): TBX-Basic in the TBX v3 core structure, read and written.

Read: TBX v3 (``<tbx>``, ``conceptEntry``/``langSec``/``termSec``, namespace
``urn:iso:std:iso:30042:ed-2``) and the older TBX v2 (``<martif>``, ``termEntry``/``langSet``/
``tig``). Per concept, the source language's terms are the glossary terms; the target
language's terms give their renderings by ``administrativeStatus``: a preferred or admitted
term (or one with no status) is the forced rendering (the first preferred one), a deprecated
or superseded one a forbidden rendering; a rendering equal to the source term makes it
do-not-translate. ``note`` elements become the note. TBX-Basic has no data category for case
sensitivity: imported terms are case-sensitive.

The XML is parsed without a DTD, without entity expansion and without network access; a file
declaring entities is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from lxml import etree

from publisher.errors import InputTooLarge, MalformedItem
from publisher.export import safexml
from publisher.glossary.model import GlossaryError, LanguagePair, Term, TermKind, make_term
from publisher.glossary.store import RowError
from publisher.languages import Language, UnknownLanguage

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TBX_BYTES = 5_000_000
_FORBIDDEN_STATUS = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
_PREFERRED_STATUS = "preferredTerm-admn-sts"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _status(term_holder: etree._Element) -> str:
    for note in term_holder.iter():
        if _local(note) == "termNote" and note.get("type") == "administrativeStatus":
            return _text(note).strip()
    return ""


def _language(element: etree._Element) -> Language | None:
    try:
        return Language.parse(element.get(XML_LANG, ""))
    except UnknownLanguage:
        return None


def _where(element: etree._Element) -> str:
    ident = element.get("id")
    return f"line {element.sourceline}" + (f" (concept {ident[:40]})" if ident else "")


# The DOCTYPEs TBX files name (TBX 2 / TBX-Basic); never loaded, only allowed to be there.
TBX_DOCTYPES = frozenset(
    {"TBXcoreStructV02.dtd", "TBXBasiccoreStructV02.dtd", "TBXcoreStructV03.dtd"}
)


def parse_document(data: bytes) -> etree._Element:
    """The root element. Raises GlossaryError for what is not safe, well-formed TBX, and
    InputTooLarge over MAX_TBX_BYTES (parsed as every XML file from outside is:
    publisher.export.safexml)."""
    try:
        root = safexml.parse(
            data, source="the TBX file", max_bytes=MAX_TBX_BYTES, doctypes=TBX_DOCTYPES
        )
    except InputTooLarge:
        raise
    except MalformedItem as error:
        reason = str(error)
        if "DTD with declarations" in reason or "entity references" in reason:
            raise GlossaryError("the TBX file declares entities; they are refused") from None
        raise GlossaryError(reason.removeprefix("the TBX file: ")) from None
    if _local(root) not in {"tbx", "martif"}:
        raise GlossaryError(f"the root element is <{_local(root)}>, not <tbx> or <martif>")
    return root


def read_tbx(data: bytes, pair: LanguagePair) -> tuple[list[tuple[str, Term]], list[RowError]]:
    """The terms of ``pair`` in a TBX file as (where, term), and the concepts skipped."""
    root = parse_document(data)
    rows: list[tuple[str, Term]] = []
    errors: list[RowError] = []
    concepts = [el for el in root.iter() if _local(el) in {"conceptEntry", "termEntry"}]
    for concept in concepts:
        where = _where(concept)
        sections: dict[Language, list[tuple[str, str]]] = defaultdict(list)
        for section in concept.iter():
            if _local(section) not in {"langSec", "langSet"}:
                continue
            language = _language(section)
            if language is None:
                continue
            for holder in _children(section, "termSec", "tig", "ntig"):
                terms = [el for el in holder.iter() if _local(el) == "term"]
                if terms:
                    sections[language].append((_text(terms[0]), _status(holder)))
        sources = [
            text
            for text, status in sections.get(pair.source, [])
            if status not in _FORBIDDEN_STATUS
        ]
        targets = sections.get(pair.target, [])
        if not sources or not targets:
            if sources:
                errors.append(RowError(where, f"no {pair.target} term; skipped"))
            continue
        note = " ".join(
            " ".join(_text(el).split()) for el in concept.iter() if _local(el) == "note"
        )
        allowed = [text for text, status in targets if status not in _FORBIDDEN_STATUS]
        preferred = [text for text, status in targets if status == _PREFERRED_STATUS]
        choices = preferred or allowed
        rendering = choices[0] if choices else None
        forbidden = [text for text, status in targets if status in _FORBIDDEN_STATUS]
        for source in sources:
            try:
                if rendering is not None:
                    same = " ".join(rendering.split()) == " ".join(source.split())
                    kind = TermKind.DNT if same else TermKind.FORCED
                    rows.append((where, make_term(source, rendering, kind, note)))
                for bad in forbidden:
                    rows.append((where, make_term(source, bad, TermKind.FORBIDDEN, note)))
            except GlossaryError as error:
                errors.append(RowError(where, str(error)))
    if not concepts:
        raise GlossaryError("the TBX file holds no conceptEntry (or termEntry)")
    return rows, errors


def write_tbx(terms: Iterable[Term], pair: LanguagePair, title: str) -> bytes:
    """TBX-Basic (TBX v3, DCA style): one conceptEntry per source term."""
    ns = f"{{{TBX_NS}}}"
    root = etree.Element(f"{ns}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, str(pair.source))
    header = etree.SubElement(root, f"{ns}tbxHeader")
    file_desc = etree.SubElement(header, f"{ns}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{ns}titleStmt")
    etree.SubElement(title_stmt, f"{ns}title").text = title
    source_desc = etree.SubElement(file_desc, f"{ns}sourceDesc")
    etree.SubElement(source_desc, f"{ns}p").text = "Exported by publisher."
    body = etree.SubElement(etree.SubElement(root, f"{ns}text"), f"{ns}body")
    by_source: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_source[term.source].append(term)
    for number, (source, group) in enumerate(by_source.items(), start=1):
        concept = etree.SubElement(body, f"{ns}conceptEntry", id=f"c{number}")
        notes = list(dict.fromkeys(term.note for term in group if term.note))
        for note in notes:
            etree.SubElement(concept, f"{ns}note").text = note
        _lang_sec(concept, ns, str(pair.source), [(source, _PREFERRED_STATUS)])
        renderings = [
            (
                term.target,
                _PREFERRED_STATUS
                if term.kind is not TermKind.FORBIDDEN
                else "deprecatedTerm-admn-sts",
            )
            for term in group
        ]
        _lang_sec(concept, ns, str(pair.target), renderings)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _lang_sec(
    concept: etree._Element, ns: str, language: str, terms: list[tuple[str, str]]
) -> None:
    section = etree.SubElement(concept, f"{ns}langSec")
    section.set(XML_LANG, language)
    for text, status in terms:
        term_sec = etree.SubElement(section, f"{ns}termSec")
        etree.SubElement(term_sec, f"{ns}term").text = text
        note = etree.SubElement(term_sec, f"{ns}termNote", type="administrativeStatus")
        note.text = status
