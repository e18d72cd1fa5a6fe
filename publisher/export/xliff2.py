"""XLIFF 2.1 for translators: one document per language pair, streamed to a binary file.

One ``<file>`` per dispatch (id ``d{dispatch}``), one ``<unit>`` per part (headline, summary,
full text), one ``<segment>`` per sentence (id ``s{index}``, ``canResegment="no"``), the space
between sentences as ``<ignorable>``. Each unit's ``mda:metadata`` holds the revision and the
SHA-256 of every segment's source, which an import checks (publisher.export.importing).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO
from urllib.parse import quote

from lxml import etree

from publisher.export.model import iso
from publisher.export.translator import (
    Flag,
    Origin,
    SentenceState,
    TranslatorItem,
    TranslatorPart,
    TranslatorSentence,
)
from publisher.export.xliff_stream import write_files

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
ITS = "http://www.w3.org/2005/11/its"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: XLIFF, "mda": MDA, "its": ITS}
HASH_GROUP = "publisher:source-sha256"
INFO_GROUP = "publisher:unit"

# our sentence states → XLIFF state and subState (``pub:`` values say what XLIFF cannot)
STATES: dict[SentenceState, tuple[str, str | None]] = {
    SentenceState.INITIAL: ("initial", "pub:mt"),
    SentenceState.NEEDS_EDITING: ("initial", "pub:stale"),
    SentenceState.TRANSLATED: ("translated", None),
    SentenceState.REVIEWED: ("reviewed", None),
    SentenceState.FINAL: ("final", None),
}


def _q(tag: str, namespace: str = XLIFF) -> str:
    return f"{{{namespace}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def xliff_state(sentence: TranslatorSentence) -> tuple[str, str | None]:
    """The XLIFF 2 state and subState of a sentence; with no target, plain ``initial``."""
    if sentence.target is None:
        return "initial", None
    state, sub_state = STATES[sentence.state]
    if sentence.state is SentenceState.INITIAL and sentence.origin is Origin.MEMORY:
        sub_state = "pub:memory"
    return state, sub_state


def _metadata(unit: etree._Element, item: TranslatorItem, part: TranslatorPart) -> None:
    metadata = _sub(unit, _q("metadata", MDA))
    info = _sub(metadata, _q("metaGroup", MDA), category=INFO_GROUP)
    _sub(info, _q("meta", MDA), str(item.revision_id), type="revision")
    _sub(info, _q("meta", MDA), part.name.value, type="part")
    hashes = _sub(metadata, _q("metaGroup", MDA), category=HASH_GROUP, appliesTo="source")
    for sentence in part.sentences:
        _sub(hashes, _q("meta", MDA), sentence.source_hash, type=f"s{sentence.index}")


def _notes(unit: etree._Element, part: TranslatorPart) -> None:
    flagged = [(s, f) for s in part.sentences if s.target is not None for f in s.flags]
    if not flagged:
        return
    notes = _sub(unit, _q("notes"))
    for number, (sentence, flag) in enumerate(flagged, 1):
        attrs = {"id": f"n{number}", "category": "quality", "appliesTo": "target"}
        _sub(notes, _q("note"), f"s{sentence.index} [{flag.issue}] {flag.comment}", **attrs)


def _target(segment: etree._Element, sentence: TranslatorSentence, language: str) -> None:
    assert sentence.target is not None
    target = _sub(segment, _q("target"), **{_q("lang", XML): language})
    holder = target
    # ITS annotations ride on markers around the target text, one per flag (ITS allows one
    # issue per element), the outermost also carrying the engine's confidence
    flags: list[Flag | None] = list(sentence.flags) or [None]
    for number, flag in enumerate(flags, 1):
        attrs = {"id": f"m{sentence.index}-{number}", "type": "its:any"}
        if flag is not None:
            attrs[_q("locQualityIssueType", ITS)] = flag.issue
            attrs[_q("locQualityIssueComment", ITS)] = flag.comment
            if flag.severity is not None:
                attrs[_q("locQualityIssueSeverity", ITS)] = f"{flag.severity:g}"
        if number == 1 and sentence.score is not None:
            attrs[_q("mtConfidence", ITS)] = f"{min(max(sentence.score, 0.0), 1.0):.3f}"
        if flag is None and sentence.score is None:
            break
        holder = _sub(holder, _q("mrk"), **attrs)
    holder.text = sentence.target


def _unit(item: TranslatorItem, part: TranslatorPart) -> etree._Element:
    attrs = {"id": part.name.value, "name": part.name.value, "canResegment": "no"}
    attrs[_q("space", XML)] = "preserve"  # the ignorable spaces are content
    if item.engine and any(s.score is not None for s in part.sentences):
        engine = quote(item.engine, safe="")  # an IRI: no space, no | in an engine's name
        attrs[_q("annotatorsRef", ITS)] = f"mt-confidence|urn:publisher:engine:{engine}"
    unit = etree.Element(_q("unit"), attrs, nsmap=NSMAP)
    _metadata(unit, item, part)
    _notes(unit, part)
    for position, sentence in enumerate(part.sentences):
        if position and part.separator:
            ignorable = _sub(unit, _q("ignorable"))
            _sub(ignorable, _q("source"), part.separator)
        state, sub_state = xliff_state(sentence)
        seg_attrs = {"id": f"s{sentence.index}", "canResegment": "no", "state": state}
        if sub_state is not None:
            seg_attrs["subState"] = sub_state
        segment = _sub(unit, _q("segment"), **seg_attrs)
        _sub(segment, _q("source"), sentence.source)
        if sentence.target is not None:
            _target(segment, sentence, item.target_language)
    return unit


def file_element(item: TranslatorItem) -> etree._Element:
    """The ``<file>`` of one dispatch."""
    element = etree.Element(
        _q("file"),
        {"id": f"d{item.dispatch_id}", "original": f"dispatch/{item.dispatch_id}"},
        nsmap=NSMAP,
    )
    metadata = _sub(element, _q("metadata", MDA))
    info = _sub(metadata, _q("metaGroup", MDA), category="publisher:dispatch")
    values = {
        "dispatch": str(item.dispatch_id),
        "revision": str(item.revision_id),
        "updated": iso(item.updated),
        "engine": item.engine,
        "model-version": item.model_version,
        "agency": item.agency,
    }
    for name, value in values.items():
        if value:
            _sub(info, _q("meta", MDA), value, type=name)
    for part in item.parts:
        element.append(_unit(item, part))
    return element


def write(
    items: Iterable[TranslatorItem], stream: BinaryIO, source_language: str, target_language: str
) -> int:
    """Stream the items of one language pair as an XLIFF 2.1 document; return how many.

    Raises ValueError for an item of another pair, or when there is none (XLIFF needs one).
    """
    with etree.xmlfile(stream, encoding="utf-8") as out:
        out.write_declaration()
        root = {"version": "2.1", "srcLang": source_language, "trgLang": target_language}
        with out.element(_q("xliff"), root, nsmap=NSMAP):
            count = write_files(out, items, source_language, target_language, file_element)
    stream.write(b"\n")
    return count
