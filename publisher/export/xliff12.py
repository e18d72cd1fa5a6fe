"""XLIFF 1.2 for older tools and Weblate: one document per language pair, streamed.

One ``<file>`` per dispatch (``original="dispatch/{id}"``), one ``<group>`` per part, one
``<trans-unit>`` per sentence (id ``{part}-s{index}``). The strict schema allows no foreign
attributes, so the source hash rides in ``extype``/``extradata``, which tools keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from publisher.export.model import iso
from publisher.export.translator import (
    Origin,
    SentenceState,
    TranslatorItem,
    TranslatorPart,
    TranslatorSentence,
)
from publisher.export.xliff_stream import write_files

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
XML = "http://www.w3.org/XML/1998/namespace"
HASH_TYPE = "publisher:source-sha256"
REVISION_TYPE = "publisher:revision"

# our sentence states → (state, state-qualifier, approved)
STATES: dict[SentenceState, tuple[str, str | None, bool]] = {
    SentenceState.INITIAL: ("needs-review-translation", "leveraged-mt", False),
    SentenceState.NEEDS_EDITING: ("needs-translation", None, False),
    SentenceState.TRANSLATED: ("translated", None, False),
    SentenceState.REVIEWED: ("signed-off", None, True),
    SentenceState.FINAL: ("final", None, True),
}


def _q(tag: str, namespace: str = XLIFF) -> str:
    return f"{{{namespace}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _trans_unit(
    group: etree._Element, part: TranslatorPart, sentence: TranslatorSentence, language: str
) -> None:
    attrs = {
        "id": f"{part.name.value}-s{sentence.index}",
        "resname": f"s{sentence.index}",
        "extype": HASH_TYPE,
        "extradata": sentence.source_hash,
    }
    state = STATES[sentence.state]
    if sentence.target is not None and state[2]:
        attrs["approved"] = "yes"
    unit = _sub(group, _q("trans-unit"), **attrs)
    _sub(unit, _q("source"), sentence.source)
    if sentence.target is not None:
        target_attrs = {"state": state[0], _q("lang", XML): language}
        qualifier = state[1]
        if sentence.state is SentenceState.INITIAL and sentence.origin is Origin.MEMORY:
            qualifier = "leveraged-tm"
        if qualifier is not None:
            target_attrs["state-qualifier"] = qualifier
        _sub(unit, _q("target"), sentence.target, **target_attrs)
    for flag in sentence.flags if sentence.target is not None else ():
        _sub(unit, _q("note"), f"[{flag.issue}] {flag.comment}", **{"from": "publisher"})
    if sentence.score is not None and sentence.target is not None:
        _sub(unit, _q("note"), f"engine confidence {sentence.score:.3f}", **{"from": "publisher"})


def file_element(item: TranslatorItem) -> etree._Element:
    """The ``<file>`` of one dispatch."""
    element = etree.Element(
        _q("file"),
        {
            "original": f"dispatch/{item.dispatch_id}",
            "source-language": item.source_language,
            "target-language": item.target_language,
            "datatype": "plaintext",
            "date": iso(item.updated),
            "tool-id": "publisher",
        },
        nsmap={None: XLIFF},
    )
    header = _sub(element, _q("header"))
    _sub(header, _q("tool"), **{"tool-id": "publisher", "tool-name": "publisher"})
    if item.engine:
        _sub(
            header,
            _q("note"),
            f"machine translation: {item.engine} {item.model_version or ''}".strip(),
        )
    body = _sub(element, _q("body"))
    for part in item.parts:
        group = _sub(
            body,
            _q("group"),
            id=part.name.value,
            resname=part.name.value,
            extype=REVISION_TYPE,
            extradata=str(item.revision_id),
            **{_q("space", XML): "preserve"},
        )
        for sentence in part.sentences:
            _trans_unit(group, part, sentence, item.target_language)
    return element


def write(
    items: Iterable[TranslatorItem], stream: BinaryIO, source_language: str, target_language: str
) -> int:
    """Stream the items of one language pair as an XLIFF 1.2 document; return how many.

    Raises ValueError for an item of another pair, or when there is none.
    """
    with etree.xmlfile(stream, encoding="utf-8") as out:
        out.write_declaration()
        with out.element(_q("xliff"), {"version": "1.2"}, nsmap={None: XLIFF}):
            count = write_files(out, items, source_language, target_language, file_element)
    stream.write(b"\n")
    return count
