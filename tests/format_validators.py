"""Independent validators for the editor exports, loaded offline from /work/shared/schemas.

The official schemas decide; our own reader is not asked. XLIFF 2 rules that XSD cannot
express are checked by :func:`xliff2_rule_errors`, written from the specification.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from tests.conftest import need

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XML_XSD = SCHEMAS / "xliff-2.1" / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"

# every module of XLIFF 2.1 whose namespace our files may use, so lax content is checked
_XLIFF21_MODULES = {
    XLIFF2: "xliff_core_2.0.xsd",
    "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
    "http://www.w3.org/2005/11/its": "its.xsd",
    "urn:oasis:names:tc:xliff:itsm:2.1": "itsm.xsd",
    "urn:oasis:names:tc:xliff:matches:2.0": "matches.xsd",
    "urn:oasis:names:tc:xliff:glossary:2.0": "glossary.xsd",
    "urn:oasis:names:tc:xliff:fs:2.0": "fs.xsd",
    "urn:oasis:names:tc:xliff:resourcedata:2.0": "resource_data.xsd",
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": "size_restriction.xsd",
    "urn:oasis:names:tc:xliff:validation:2.0": "validation.xsd",
}


def _need_schemas() -> None:
    need(SCHEMAS.is_dir(), f"the official schemas in {SCHEMAS}")


@cache
def xliff21_schema() -> etree.XMLSchema:
    """XLIFF 2.1 core with its modules, through a driver schema importing each namespace."""
    _need_schemas()
    folder = SCHEMAS / "xliff-2.1"
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
        for ns, name in _XLIFF21_MODULES.items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver.encode(), base_url=(folder / "d.xsd").as_uri()))


@cache
def xliff12_schema() -> etree.XMLSchema:
    """XLIFF 1.2 strict. Its import of xml.xsd names a W3C URL: pointed at the local copy in
    memory (as the catalog in shared/schemas does) so nothing is fetched, whatever the
    process's libxml2 catalog state."""
    _need_schemas()
    path = SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"
    document = etree.parse(str(path))
    for element in document.iter("{http://www.w3.org/2001/XMLSchema}import"):
        if element.get("namespace") == "http://www.w3.org/XML/1998/namespace":
            element.set("schemaLocation", XML_XSD.as_uri())
    return etree.XMLSchema(document)


@cache
def tmx_dtd() -> etree.DTD:
    _need_schemas()
    return etree.DTD(str(SCHEMAS / "tmx-1.4b" / "tmx14.dtd"))


@cache
def ninjs_validator() -> Any:
    """A JSON Schema 2020-12 validator of ninjs 3.1 with a format checker; GeoJSON is served
    from the local copy through a referencing registry, so nothing is fetched."""
    _need_schemas()
    import jsonschema
    from referencing import Registry, Resource

    schema = json.loads((SCHEMAS / "ninjs" / "ninjs-schema_3.1.json").read_text("utf-8"))
    geojson = json.loads((SCHEMAS / "geojson" / "GeoJSON.json").read_text("utf-8"))
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson)
    )
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers and "date-time" in checker.checkers, "format libs missing"
    return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=checker)


def _q(tag: str) -> str:
    return f"{{{XLIFF2}}}{tag}"


def _duplicates(values: list[str]) -> list[str]:
    return sorted({v for v in values if values.count(v) > 1})


_SUBSTATE = re.compile(r"[^\s:]+:[^\s:]+")


def xliff2_rule_errors(root: etree._Element) -> list[str]:
    """XLIFF 2.1 core rules XSD does not express (spec sections 4.2, 4.3.1.x); [] when met."""
    errors: list[str] = []
    files = root.findall(_q("file"))
    for name in _duplicates([f.get("id", "") for f in files]):
        errors.append(f"file id {name} is not unique in the document")
    has_target = root.find(f".//{_q('target')}") is not None
    if has_target and not root.get("trgLang"):
        errors.append("targets present but no trgLang on <xliff>")
    for file in files:
        units = list(file.iter(_q("unit")))
        groups = list(file.iter(_q("group")))
        for name in _duplicates([e.get("id", "") for e in units + groups]):
            errors.append(f"{file.get('id')}: unit/group id {name} is not unique in the file")
        for unit in units:
            where = f"{file.get('id')}/{unit.get('id')}"
            parts = unit.findall(_q("segment")) + unit.findall(_q("ignorable"))
            ids = [p.get("id") for p in parts if p.get("id")]
            for name in _duplicates([i for i in ids if i]):
                errors.append(f"{where}: segment/ignorable id {name} is not unique")
            for side in ("source", "target"):
                inline = [
                    e.get("id", "")
                    for e in unit.iter()
                    if etree.QName(e).localname in ("mrk", "pc", "ph", "sc", "ec", "sm", "em")
                    and e.getparent() is not None
                    and any(etree.QName(a).localname == side for a in e.iterancestors())
                    and e.get("id")
                ]
                for name in _duplicates(inline):
                    errors.append(f"{where}: inline id {name} repeated in {side}")
            notes = [n.get("id", "") for n in unit.iter(_q("note")) if n.get("id")]
            for name in _duplicates(notes):
                errors.append(f"{where}: note id {name} is not unique")
            for segment in unit.findall(_q("segment")):
                state = segment.get("state")
                sub_state = segment.get("subState")
                target = segment.find(_q("target"))
                label = f"{where}/{segment.get('id')}"
                if sub_state is not None and state is None:
                    errors.append(f"{label}: subState without state")
                if sub_state is not None and not _SUBSTATE.fullmatch(sub_state):
                    errors.append(f"{label}: subState {sub_state!r} is not prefix:value")
                if state not in (None, "initial") and target is None:
                    errors.append(f"{label}: state {state} without a target")
                if target is not None:
                    lang = target.get("{http://www.w3.org/XML/1998/namespace}lang")
                    if lang is not None and lang != root.get("trgLang"):
                        errors.append(f"{label}: target xml:lang {lang} is not trgLang")
    its = "{http://www.w3.org/2005/11/its}"
    for element in root.iter():
        if element.get(f"{its}mtConfidence") is None:
            continue
        refs = [e.get(f"{its}annotatorsRef", "") for e in [element, *element.iterancestors()]]
        if not any("mt-confidence|" in ref for ref in refs):
            errors.append(
                f"its:mtConfidence on <{etree.QName(element).localname}> without annotatorsRef"
            )
    return errors
