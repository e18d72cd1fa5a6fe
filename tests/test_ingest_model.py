"""ParsedDispatch identity: content hash, story key, same-story headlines, and the samples."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher.ingest import ItemFailure, ParsedDispatch, parse_items, same_story
from publisher.ingest.dates import WrittenDay, parse_datetime

SAMPLES = Path(__file__).resolve().parents[1] / "publisher" / "samples"


def make(**fields: object) -> ParsedDispatch:
    values: dict[str, object] = {
        "headline": "Port city opens a new ferry terminal",
        "paragraphs": ["Busan opened a new ferry terminal on Monday.", "It has four berths."],
        "source_format": "wire",
        "source_name": "test",
    }
    values.update(fields)
    return ParsedDispatch(**values)  # type: ignore[arg-type]


def test_content_hash_ignores_spacing_and_unicode_form() -> None:
    base = make()
    spaced = make(
        headline="  Port city opens a new\u00a0ferry terminal ",
        paragraphs=["Busan opened a new  ferry terminal on Monday.", "It has four berths.  "],
        source_name="elsewhere",
        agency="Other",
    )
    assert base.content_hash() == spaced.content_hash()
    assert len(base.content_hash()) == 64


def test_content_hash_changes_with_content_and_paragraph_breaks() -> None:
    base = make()
    assert make(paragraphs=["Busan opened a new ferry terminal on Monday."]).content_hash() != (
        base.content_hash()
    )
    merged = make(paragraphs=["Busan opened a new ferry terminal on Monday. It has four berths."])
    assert merged.content_hash() != base.content_hash()
    assert make(headline="Port city opens a ferry terminal").content_hash() != base.content_hash()


def test_story_key_prefers_guid_then_url() -> None:
    assert make(guid="urn:x", url="https://e.org/a").story_key() == "urn:x"
    assert make(url="https://e.org/a").story_key() == "https://e.org/a"


def test_story_key_from_agency_and_headline_without_update_tags() -> None:
    lead = make(agency="Yonhap", headline="(LEAD) Port city opens a new ferry terminal!")
    plain = make(agency="Yonhap", headline="Port city opens a new ferry terminal")
    assert lead.story_key() == plain.story_key() == "yonhap:port city opens a new ferry terminal"
    assert make(agency="Reuters").story_key() != plain.story_key()
    assert make().story_key() == "unknown:port city opens a new ferry terminal"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "(LEAD) N. Korea fires ballistic missile into East Sea",
            "(2nd LD) N. Korea fires ballistic missile into East Sea: JCS",
            True,
        ),
        ("UPDATE 2-Samsung profit beats forecasts", "Samsung profit beats forecasts", True),
        ("서울 아파트값 3주 연속 상승", "서울 아파트값 3주 연속 상승 (종합)", True),
        (
            "(LEAD) N. Korea fires ballistic missile",
            "Seoul stocks close higher on chip rally",
            False,
        ),
        ("", "Anything", False),
    ],
)
def test_same_story(a: str, b: str, same: bool) -> None:
    assert same_story(a, b) is same


def test_parse_datetime_variants() -> None:
    for raw, iso in [
        ("2025-11-12T11:00:06+5:30", "2025-11-12T11:00:06+05:30"),
        ("2025-11-12T11:00:06-0300", "2025-11-12T11:00:06-03:00"),
        ("2025-11-12T02:00:00Z", "2025-11-12T02:00:00+00:00"),
        ("Wed, 12 Nov 2025 09:00:00 +0900", "2025-11-12T09:00:00+09:00"),
        ("2025-11-12", "2025-11-12T00:00:00+00:00"),
    ]:
        parsed = parse_datetime(raw)
        assert parsed is not None and parsed.isoformat() == iso
    assert parse_datetime("next Tuesday") is None
    assert parse_datetime(None) is None


def test_every_listed_sample_parses_cleanly() -> None:
    index = tomllib.loads((SAMPLES / "index.toml").read_text(encoding="utf-8"))
    listed = {entry["file"]: entry["dispatches"] for entry in index["sample"]}
    on_disk = {p.name for p in SAMPLES.iterdir() if p.name != "index.toml"}
    assert set(listed) == on_disk
    languages = set()
    for name, count in listed.items():
        items = parse_items((SAMPLES / name).read_bytes(), name)
        assert not [i for i in items if isinstance(i, ItemFailure)], name
        assert len(items) == count, name
        for item in items:
            assert isinstance(item, ParsedDispatch)
            languages.add(item.language)
            if item.language == "en":
                # long enough for a summary to leave something out
                assert 5 <= len(item.paragraphs) <= 12, item.source_name
    assert {"en", "ko", "es"} <= languages


RECEIVED = datetime(2026, 1, 2, 7, 0, tzinfo=UTC)


def test_dated_by_dateline_fills_only_a_missing_date() -> None:
    undated = make(written_day=WrittenDay(12, 31))
    dated = undated.dated_by_dateline(RECEIVED)
    assert dated.published == datetime(2025, 12, 31, 12, 0, tzinfo=UTC)
    assert dated.published_inferred and not undated.published_inferred
    # the receipt time is only used for the year: nothing else about the dispatch changes
    assert dated.content_hash() == undated.content_hash()
    assert dated.story_key() == undated.story_key()


@pytest.mark.parametrize(
    "fields",
    [
        {"published": datetime(2025, 12, 30, 23, 0, tzinfo=UTC)},
        {"updated": datetime(2025, 12, 30, 23, 0, tzinfo=UTC)},
        {},
    ],
    ids=["published", "updated", "no-written-day"],
)
def test_dated_by_dateline_keeps_the_source_timestamp(fields: dict[str, object]) -> None:
    written = {"written_day": WrittenDay(12, 31)} if fields else {}
    item = make(**fields, **written)
    assert item.dated_by_dateline(RECEIVED) is item
