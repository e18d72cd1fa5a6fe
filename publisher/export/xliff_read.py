"""Read a translator's XLIFF (2.x or 1.2) back into plain segments, safely.

Only the structure we exported is understood: files ``d{dispatch}`` (2.x) or
``original="dispatch/{id}"`` (1.2), units or groups named after the parts, segments
``s{index}``. What does not fit is kept as a segment with a refusal, so the report can name
it and every other segment still counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from lxml import etree

from publisher.errors import MalformedItem
from publisher.export import safexml, xliff2, xliff12
from publisher.export.translator import Part

MAX_TARGET_CHARS = 4000  # a sentence; anything longer is not a translation of one
_SEGMENT_ID = re.compile(r"s(\d{1,6})")
_FILE_ID = re.compile(r"d(\d{1,12})")
_ORIGINAL = re.compile(r"dispatch/(\d{1,12})")
_UNIT_12 = re.compile(r"([a-z]+)-s(\d{1,6})")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_BREAKS = re.compile("[ \t\r\n]+")  # XML white space; a no-break space is text and stays
_PARTS = {p.value: p for p in Part}
# inline elements that only annotate text (our ITS markers, a tool's term or comment marks)
_MARKERS_2 = frozenset({"mrk", "sm", "em"})


@dataclass(frozen=True)
class FileSegment:
    """One segment as the file has it. ``refusal`` is set when the file itself rules it out."""

    where: str  # how the report names it, e.g. ``d12/summary/s3``
    dispatch_id: int | None
    part: Part | None
    index: int | None
    source_language: str
    target_language: str
    source: str
    target: str | None
    exported_hash: str | None
    refusal: str | None = None


def text_of(element: etree._Element, allowed: frozenset[str]) -> str:
    """The text of ``element`` and of the inline markup it may hold (``allowed`` local names,
    e.g. annotation markers); raises ValueError for any other inline code."""
    for child in element.iterdescendants():
        if etree.QName(child).localname not in allowed:
            raise ValueError(f"inline <{etree.QName(child).localname}> is not accepted")
    return "".join(element.itertext())


def clean_target(text: str) -> str:
    """A target as stored: NFC, XML white space runs made one space, controls refused."""
    if _CONTROLS.search(text):
        raise ValueError("the target holds a control character")
    cleaned = unicodedata.normalize("NFC", _BREAKS.sub(" ", text).strip(" "))
    if len(cleaned) > MAX_TARGET_CHARS:
        raise ValueError(f"the target is over {MAX_TARGET_CHARS} characters")
    return cleaned


def _duplicates(ids: list[str | None]) -> set[str]:
    return {i for i, n in Counter(ids).items() if i is not None and n > 1}


def _q2(tag: str) -> str:
    return f"{{{xliff2.XLIFF}}}{tag}"


def _unit_hashes(unit: etree._Element) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for group in unit.iterfind(f"{{{xliff2.MDA}}}metadata/{{{xliff2.MDA}}}metaGroup"):
        if group.get("category") == xliff2.HASH_GROUP:
            for meta in group.iterfind(f"{{{xliff2.MDA}}}meta"):
                hashes[meta.get("type", "")] = (meta.text or "").strip()
    return hashes


def _segments_2(
    unit: etree._Element, where: str, base: FileSegment, unit_refusal: str | None
) -> list[FileSegment]:
    segments = unit.findall(_q2("segment"))
    ids = [s.get("id") for s in segments]
    hashes = _unit_hashes(unit)
    twice = _duplicates(ids)
    if unit_refusal is None and not hashes:
        unit_refusal = "no source hashes in the unit's mda:metadata (dropped by a tool?)"
    if unit_refusal is None and (None in ids or set(ids) != set(hashes)) and not twice:
        unit_refusal = "re-segmented unit: its segments are not the ones exported"
    found = []
    for position, segment in enumerate(segments):
        segment_id = segment.get("id") or f"#{position + 1}"
        match = _SEGMENT_ID.fullmatch(segment_id)
        at = replace(
            base,
            where=f"{where}/{segment_id}",
            index=int(match[1]) if match else None,
            exported_hash=hashes.get(segment_id),
        )
        refusal = unit_refusal
        if refusal is None and segment_id in twice:
            refusal = f"duplicate segment id {segment_id}"
        if refusal is None and match is None:
            refusal = f"unknown segment id {segment_id}"
        try:
            source_element = segment.find(_q2("source"))
            source = text_of(source_element, _MARKERS_2) if source_element is not None else ""
            target_element = segment.find(_q2("target"))
            target = None
            if target_element is not None:
                target = clean_target(text_of(target_element, frozenset({"mrk", "pc", "sm", "em"})))
                language = target_element.get(f"{{{xliff2.XML}}}lang")
                if refusal is None and language and language != base.target_language:
                    refusal = f"target language {language} is not the file's {base.target_language}"
        except ValueError as error:
            found.append(replace(at, source="", target=None, refusal=refusal or str(error)))
            continue
        found.append(replace(at, source=source, target=target or None, refusal=refusal))
    return found


def _read_2(root: etree._Element) -> list[FileSegment]:
    source_language = root.get("srcLang") or ""
    target_language = root.get("trgLang") or ""
    files = root.findall(_q2("file"))
    twice_files = _duplicates([f.get("id") for f in files])
    found: list[FileSegment] = []
    for file in files:
        file_id = file.get("id") or "?"
        match = _FILE_ID.fullmatch(file_id)
        file_refusal = None
        if not target_language:
            file_refusal = "the document has no trgLang"
        elif file_id in twice_files:
            file_refusal = f"duplicate file id {file_id}"
        elif match is None:
            file_refusal = f"unknown file id {file_id}"
        units = file.iter(_q2("unit"))  # groups, if a tool added any, hold units too
        unit_list = list(units)
        twice_units = _duplicates([u.get("id") for u in unit_list])
        for unit in unit_list:
            unit_id = unit.get("id") or "?"
            refusal = file_refusal
            if refusal is None and unit_id in twice_units:
                refusal = f"duplicate unit id {unit_id}"
            if refusal is None and unit_id not in _PARTS:
                refusal = f"unknown unit id {unit_id}"
            base = FileSegment(
                where="",
                dispatch_id=int(match[1]) if match else None,
                part=_PARTS.get(unit_id),
                index=None,
                source_language=source_language,
                target_language=target_language,
                source="",
                target=None,
                exported_hash=None,
            )
            found.extend(_segments_2(unit, f"{file_id}/{unit_id}", base, refusal))
    return found


def _q1(tag: str) -> str:
    return f"{{{xliff12.XLIFF}}}{tag}"


def _unit_12(
    unit: etree._Element, base: FileSegment, where: str, refusal: str | None
) -> FileSegment:
    unit_id = unit.get("id") or "?"
    match = _UNIT_12.fullmatch(unit_id)
    part = _PARTS.get(match[1]) if match else None
    at = replace(
        base,
        where=f"{where}/{unit_id}",
        part=part,
        index=int(match[2]) if match else None,
        exported_hash=unit.get("extradata") if unit.get("extype") == xliff12.HASH_TYPE else None,
    )
    if refusal is None and (match is None or part is None):
        refusal = f"unknown trans-unit id {unit_id}"
    seg_source = unit.find(_q1("seg-source"))
    if (
        refusal is None
        and seg_source is not None
        and len(seg_source.findall(f".//{_q1('mrk')}")) > 1
    ):
        refusal = "re-segmented trans-unit"
    try:
        source_element = unit.find(_q1("source"))
        source = text_of(source_element, frozenset()) if source_element is not None else ""
        target_element = unit.find(_q1("target"))
        target = None
        if target_element is not None:
            segs = [m for m in target_element.iter(_q1("mrk")) if m.get("mtype") == "seg"]
            if refusal is None and len(segs) > 1:
                refusal = "re-segmented trans-unit"
            target = clean_target(text_of(target_element, frozenset({"mrk", "g", "x", "bx", "ex"})))
            language = target_element.get(f"{{{xliff12.XML}}}lang")
            if refusal is None and language and language != base.target_language:
                refusal = f"target language {language} is not the file's {base.target_language}"
    except ValueError as error:
        return replace(at, refusal=refusal or str(error))
    return replace(at, source=source, target=target or None, refusal=refusal)


def _read_12(root: etree._Element) -> list[FileSegment]:
    found: list[FileSegment] = []
    files = root.findall(_q1("file"))
    for number, file in enumerate(files, 1):
        original = file.get("original") or ""
        match = _ORIGINAL.fullmatch(original)
        target_language = file.get("target-language") or ""
        where = f"d{match[1]}" if match else f"file {number}"
        refusal = None
        if not target_language:
            refusal = "the file has no target-language"
        elif match is None:
            refusal = f"unknown file {original!r}"
        base = FileSegment(
            where="",
            dispatch_id=int(match[1]) if match else None,
            part=None,
            index=None,
            source_language=file.get("source-language") or "",
            target_language=target_language,
            source="",
            target=None,
            exported_hash=None,
        )
        units = list(file.iter(_q1("trans-unit")))
        twice = _duplicates([u.get("id") for u in units])
        for unit in units:
            unit_refusal = refusal
            if unit_refusal is None and unit.get("id") in twice:
                unit_refusal = f"duplicate trans-unit id {unit.get('id')}"
            found.append(_unit_12(unit, base, where, unit_refusal))
    return found


def read(data: bytes, *, source: str, max_bytes: int) -> tuple[str, list[FileSegment]]:
    """The XLIFF version (``2.x`` or ``1.2``) and the segments of a translator's file.

    Raises MalformedItem (one line) when it is not an XLIFF document we can read at all.
    """
    root = safexml.parse(data, source=source, max_bytes=max_bytes)
    version = root.get("version") or ""
    if root.tag == _q2("xliff") and version in ("2.0", "2.1", "2.2"):
        return version, _read_2(root)
    if root.tag == _q1("xliff") and version == "1.2":
        return version, _read_12(root)
    name = etree.QName(root).localname
    raise MalformedItem(
        f"{source}: not an XLIFF 2.x or 1.2 document (root <{name}> version {version or 'none'})",
        source,
    )
