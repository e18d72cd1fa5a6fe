"""IPTC ninjs 1.x, 2.x and 3.x: examples of ours, each valid against its published schema."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT7

from publisher.cli import cli
from publisher.ingest import ItemFailure, ItemNote, ParsedDispatch, ParsedItem, parse_items
from publisher.ingest.model import KILL_TAG, WITHHELD_TAG

NINJS = Path(__file__).resolve().parent / "data" / "ninjs"
SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
CET = timezone(timedelta(hours=1))
KST = timezone(timedelta(hours=9))
# Our examples by the schema version they are written in (1.x has no published JSON schema
# among the copies; its flat fields are read all the same).
SCHEMA_VERSIONS = {
    "v2.1_text.json": "2.1",
    "v2.2_package.json": "2.2",
    "v3.0_text.json": "3.0",
    "v3.0_event.json": "3.0",
    "v3.1_kill.json": "3.1",
    "v3.1_picture.json": "3.1",
    "v3.1_description_only.json": "3.1",
}


def validator(version: str) -> Draft202012Validator:
    """The published ninjs schema, with GeoJSON (which it references) resolved offline."""
    path = SCHEMAS / "ninjs" / f"ninjs-schema_{version}.json"
    if not path.is_file():
        pytest.skip(f"no copy of the ninjs {version} schema at {path}")
    geojson = json.loads((SCHEMAS / "geojson" / "GeoJSON.json").read_text("utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", DRAFT7.create_resource(geojson)
    )
    schema = json.loads(path.read_text("utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def items_of(name: str) -> list[ParsedItem]:
    return parse_items((NINJS / name).read_bytes(), name)


def one(name: str) -> ParsedDispatch:
    (item,) = items_of(name)
    assert isinstance(item, ParsedDispatch), item
    return item


@pytest.mark.parametrize(("name", "version"), sorted(SCHEMA_VERSIONS.items()))
def test_every_example_is_valid_against_its_schema(name: str, version: str) -> None:
    document = json.loads((NINJS / name).read_text("utf-8"))
    errors = [error.message for error in validator(version).iter_errors(document)]
    assert errors == []


def test_the_schema_check_can_fail() -> None:
    # 1.x fields are no longer in the 2.x schema, and a 3.x key is not a 2.x one
    flat = json.loads((NINJS / "v1_flat_fields.json").read_text("utf-8"))
    assert not validator("2.1").is_valid(flat)
    camel = json.loads((NINJS / "v3.0_text.json").read_text("utf-8"))
    assert not validator("2.2").is_valid(camel)


def test_2x_bodies_by_role_and_content_type() -> None:
    cranes = one("v2.1_text.json")
    assert cranes.headline == "Harbour replaces its oldest cranes with electric ones"
    # the main HTML body, not the one-line summary body
    assert cranes.paragraphs == [
        "The harbour authority replaced its four oldest cranes with electric models on Monday.",
        "The new cranes lift containers faster and use no diesel, the authority said.",
    ]
    assert (cranes.byline, cranes.dateline, cranes.agency) == (
        "Marta Lind",
        "Rotterdam",
        "Desk Wire",
    )
    assert cranes.published == datetime(2026, 3, 2, 8, 0, tzinfo=CET)
    assert cranes.updated == datetime(2026, 3, 2, 9, 15, tzinfo=CET)
    assert cranes.topics == ["transport", "energy"]
    assert cranes.update_tag is None and cranes.derived == {}


def test_3x_camel_case_and_markup_body_preferred() -> None:
    market = one("v3.0_text.json")
    assert market.headline == "Night market reopens by the old railway bridge"
    assert market.guid == "https://news.example.org/items/night-market"
    assert market.published == datetime(2026, 3, 5, 19, 0, tzinfo=KST)
    assert market.updated == datetime(2026, 3, 5, 20, 30, tzinfo=KST)
    assert market.agency == "Yonhap"
    assert market.dateline == "BUSAN, March 5"
    # the XHTML main body (not the caption), its agency furniture off
    assert market.paragraphs == [
        "A night market reopened under the old railway bridge on Thursday after two years of "
        "repairs.",
        "About eighty stalls sell food and crafts until midnight.",
    ]


def test_a_canceled_item_is_a_kill() -> None:
    kill = one("v3.1_kill.json")
    assert kill.update_tag == KILL_TAG
    assert kill.guid == "https://news.example.org/items/night-market"  # the story it kills
    assert kill.paragraphs == [
        "KILL: the story is withdrawn; the market has not reopened. Do not use."
    ]
    assert kill.derived == {"paragraphs": "ednote"}
    assert "the agency marks the item 'canceled': tagged KILL" in kill.warnings


def test_a_withheld_item_is_tagged() -> None:
    document = json.loads((NINJS / "v2.1_text.json").read_text("utf-8"))
    document["pubstatus"] = "withheld"
    (item,) = parse_items(json.dumps(document).encode(), "withheld.json")
    assert isinstance(item, ParsedDispatch) and item.update_tag == WITHHELD_TAG


@pytest.mark.parametrize(
    ("name", "kind"), [("v3.1_picture.json", "picture"), ("v3.0_event.json", "event")]
)
def test_non_text_items_are_passed_over_not_failed(name: str, kind: str) -> None:
    (note,) = items_of(name)
    assert isinstance(note, ItemNote) and note.skipped
    assert note.note == f"not a text item (ninjs type {kind!r}): passed over"


def test_a_package_is_read_member_by_member() -> None:
    story, photo = items_of("v2.2_package.json")
    assert isinstance(story, ParsedDispatch)
    assert story.source_name == "v2.2_package.json#story"
    assert story.headline == "River levels fall after a week of spring floods"
    assert story.guid == "urn:desk-wire:2026:spring-floods-story"
    assert isinstance(photo, ItemNote) and photo.skipped
    assert photo.source_name == "v2.2_package.json#photo"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "v3.1_description_only.json",
            "Track work near the central station cuts tram line 4 to one car every twenty "
            "minutes on Saturday and Sunday.",
        ),
        (
            "v1_description_only.json",
            "The central library will open from noon to five on Sundays, starting next month.",
        ),
    ],
)
def test_description_is_the_text_only_without_a_body_and_says_so(name: str, text: str) -> None:
    item = one(name)
    assert item.paragraphs == [text]
    assert item.derived == {"paragraphs": "description"}
    assert "the item has no body: its description is the text" in item.warnings


def test_1x_flat_fields_markup_body_first() -> None:
    ferry = one("v1_flat_fields.json")
    assert ferry.headline == "Island ferry adds an early morning crossing"
    assert ferry.paragraphs == [
        "The island ferry will add a crossing at six in the morning from April.",
        "Commuters had asked for it for years.",
    ]
    assert ferry.derived == {}


def test_a_package_member_that_is_no_object_is_its_own_failure() -> None:
    package = {"uri": "urn:p", "type": "composite", "associations": [{"name": "a"}, 7]}
    first, second = parse_items(json.dumps(package).encode(), "p.json")
    assert isinstance(first, ItemFailure) and first.source_name == "p.json#a"
    assert isinstance(second, ItemFailure) and second.reason == "expected a JSON object, found int"


def test_ingest_of_a_picture_exits_0_and_counts_it_ignored(instance: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--instance",
            str(instance),
            "ingest",
            "--json",
            str(NINJS / "v3.1_picture.json"),
            str(NINJS / "v2.2_package.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert (counts["added"], counts["failed"], counts["ignored"]) == (1, 0, 2)
