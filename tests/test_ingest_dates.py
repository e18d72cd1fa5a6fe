"""Dateline days: read in every language we handle, completed with a year, kept apart from
the receipt time, and never preferred to the source's own timestamp.

The dispatches here are written for these tests.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from publisher.core import Desk
from publisher.errors import ConfigError
from publisher.ingest import ParsedDispatch, parse_bytes, parse_items
from publisher.ingest.dates import (
    DAY_ONLY_TIME,
    SourceClock,
    WrittenDay,
    build_clock_forms,
    build_date_forms,
    clock_forms,
    date_forms,
    read_stamp,
    read_written_day,
)
from publisher.ingest.patterns import _build, load_patterns
from publisher.reading import published_in
from tests.conftest import REPO
from tests.review_support import approve

DATES_TOML = REPO / "publisher" / "ingest" / "data" / "dates.toml"


def noon(year: int, month: int, day: int) -> datetime:
    return datetime.combine(date(year, month, day), DAY_ONLY_TIME)


def at(year: int, month: int, day: int) -> datetime:
    """A receipt time late in the morning, UTC."""
    return datetime(year, month, day, 10, 30, tzinfo=UTC)


def parse_text(text: str, received: datetime, name: str = "dispatch.txt") -> ParsedDispatch:
    (dispatch,) = parse_bytes(text.encode("utf-8"), name, received=received)
    return dispatch


# -- reading a day -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEOUL, Nov. 13", WrittenDay(11, 13)),
        ("TOKYO, Nov 13", WrittenDay(11, 13)),
        ("ATHENS, Sept. 3", WrittenDay(9, 3)),
        ("OSLO, Sep 30", WrittenDay(9, 30)),
        ("NAIROBI, March 1st", WrittenDay(3, 1)),
        ("DENVER, May 9", WrittenDay(5, 9)),
        ("PERTH, Scotland, Nov. 13, 2024", WrittenDay(11, 13, 2024)),
        ("LEEDS, 13 November 2026", WrittenDay(11, 13, 2026)),
        ("Madrid, 13 nov", WrittenDay(11, 13)),
        ("Bogotá, 2 de enero de 2027", WrittenDay(1, 2, 2027)),
        ("Sevilla, 4 ago.", WrittenDay(8, 4)),
        ("LYON, 13 novembre", WrittenDay(11, 13)),
        ("Genève, 1er févr.", WrittenDay(2, 1)),
        ("Québec, 25 décembre 2026", WrittenDay(12, 25, 2026)),
        ("BERLIN, 13. November", WrittenDay(11, 13)),
        ("Wien, 3. Mär. 2026", WrittenDay(3, 3, 2026)),
        ("München, 24. Dez.", WrittenDay(12, 24)),
        ("11월 13일", WrittenDay(11, 13)),
        ("2026년 1월 2일", WrittenDay(1, 2, 2026)),
        ("11月13日", WrittenDay(11, 13)),
        ("2026年2月28日", WrittenDay(2, 28, 2026)),
        ("北京11月13日电", WrittenDay(11, 13)),
        ("12月1号", WrittenDay(12, 1)),
    ],
)
def test_reads_the_day_a_dateline_writes(text: str, expected: WrittenDay) -> None:
    assert read_written_day(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON",
        "【東京共同】",
        "서울=연합뉴스",
        "SEOUL, Novel 13",
        "13 Smarch",
        "Nov. 123",
        "13월 2일",
    ],
)
def test_no_day_where_none_is_written(text: str) -> None:
    assert read_written_day(text) is None


def test_every_month_name_is_read_as_its_month() -> None:
    data = tomllib.loads(DATES_TOML.read_text(encoding="utf-8"))
    unread = []
    for language, entry in data.items():
        for number, names in enumerate(entry["months"], start=1):
            for name in names:
                texts = (f"{name} 13", f"{name}. 13", f"13 {name}", f"13. {name}")
                if WrittenDay(number, 13) not in {read_written_day(t) for t in texts}:
                    unread.append(f"{language}:{name}")
    assert not unread


def test_every_interface_language_has_date_forms() -> None:
    data = tomllib.loads(DATES_TOML.read_text(encoding="utf-8"))
    locales = {p.name for p in (REPO / "locales").iterdir() if p.is_dir()}
    assert locales and locales <= set(data)
    for language, entry in data.items():
        assert entry["forms"], language
        assert len(entry["months"]) in {0, 12}, language


def test_one_name_for_two_months_is_a_config_error() -> None:
    months = [[f"m{n}"] for n in range(1, 13)]
    clashing = [[f"m{n}"] for n in range(1, 12)] + [["m1"]]
    data: dict[str, Any] = {
        "aa": {"months": months, "forms": ["{day} {month}"]},
        "bb": {"months": clashing, "forms": ["{day} {month}"]},
    }
    with pytest.raises(ConfigError, match="'m1' is month 12 here but month 1"):
        build_date_forms(data)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"months": [["Jan"]], "forms": ["{month} {day}"]}, "twelve months"),
        ({"months": [], "forms": ["{month} {day}"]}, "has no names"),
        ({"months": [], "forms": ["{month_number}월"]}, "needs {day}"),
        ({"months": [], "forms": ["({month_number}/{day}"]}, "bad regular expression"),
        ({"months": [], "forms": "{day}"}, "list of strings"),
    ],
)
def test_bad_date_data_is_a_config_error(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_date_forms({"xx": entry})


def test_own_date_data_reads_with_its_own_forms() -> None:
    months = [[name] for name in "un du tri kvar kvin ses sep ok naŭ dek dekunu dekdu".split()]
    data = build_date_forms({"eo": {"months": months, "forms": ["la {day}-a de {month}"]}})
    assert read_written_day("Londono, la 5-a de naŭ", data) == WrittenDay(9, 5)
    assert read_written_day("Londono, la 5-a de naŭ") is None  # not a language we ship


# -- the year from the receipt -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "received", "expected"),
    [
        # the latest such day not after the receipt date
        (WrittenDay(11, 13), datetime(2026, 11, 14, 9, 0, tzinfo=UTC), date(2026, 11, 13)),
        (WrittenDay(11, 13), datetime(2026, 11, 13, 9, 0, tzinfo=UTC), date(2026, 11, 13)),
        # over the year boundary
        (WrittenDay(12, 31), datetime(2026, 1, 2, 8, 0, tzinfo=UTC), date(2025, 12, 31)),
        (WrittenDay(1, 1), datetime(2026, 12, 31, 5, 0, tzinfo=UTC), date(2026, 1, 1)),
        # ... but once the new year has begun somewhere (Seoul: 08:00 on Jan. 1), it is that year
        (WrittenDay(1, 1), datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),
        # a Seoul dispatch dated just after its midnight, received while UTC is still a day behind
        (WrittenDay(11, 14), datetime(2026, 11, 13, 15, 30, tzinfo=UTC), date(2026, 11, 14)),
        # Feb. 29 goes back to the last leap year
        (WrittenDay(2, 29), datetime(2028, 3, 1, tzinfo=UTC), date(2028, 2, 29)),
        (WrittenDay(2, 29), datetime(2026, 3, 1, tzinfo=UTC), date(2024, 2, 29)),
        (WrittenDay(2, 29), datetime(2028, 2, 27, tzinfo=UTC), date(2024, 2, 29)),
        # a written year is kept, even one after the receipt
        (WrittenDay(11, 13, 2024), datetime(2026, 11, 14, tzinfo=UTC), date(2024, 11, 13)),
        (WrittenDay(1, 5, 2027), datetime(2026, 12, 30, tzinfo=UTC), date(2027, 1, 5)),
    ],
)
def test_year_is_the_latest_not_after_the_receipt(
    written: WrittenDay, received: datetime, expected: date
) -> None:
    assert written.on_or_before(received) == expected


@pytest.mark.parametrize(
    "written", [WrittenDay(11, 31), WrittenDay(2, 29, 2026), WrittenDay(2, 30)]
)
def test_a_day_that_does_not_exist_gives_no_date(written: WrittenDay) -> None:
    assert written.on_or_before(datetime(2026, 11, 14, tzinfo=UTC)) is None


# -- sample dispatches ---------------------------------------------------------------------------

YONHAP = """\
Coastal town opens museum of kelp drying

GANGNEUNG, Dec. 31 (Yonhap) -- A fishing town on the east coast opened a small museum on \
Wednesday about the drying of kelp, a trade local families have kept up for generations.
Visitors can hang fresh kelp on bamboo racks in the courtyard, the organisers said.
(END)
"""

REUTERS = """\
Tokyo ferry operator adds night crossings to island routes

TOKYO, Nov 13 (Reuters) - A Tokyo ferry operator will add night crossings to three island \
routes from next month, the company said on Friday, as tourist numbers keep rising.
The new sailings leave after 10 p.m. and arrive before dawn.
(Reporting by Kenji Mori; Editing by Ruth Abel)
"""

AP = """\
City library keeps its doors open late for exam season

By Mina Park, Associated Press
November 13, 2026

BOSTON (AP) — The city's main library will stay open until midnight on weekends through \
January so that students have a quiet place to revise, its director said Friday.
The reading rooms on the upper floors will stay lit, but the lending desk will close at eight.
"""

EFE = """\
Los naranjos valencianos adelantan la floración por el calor

Valencia, 13 nov (EFE).- Los agricultores valencianos observan flores en los naranjos varias \
semanas antes de lo habitual, según explicaron este viernes las cooperativas.
Temen que una helada tardía dañe la próxima cosecha.
EFE
"""

FRENCH = """\
Les bouquinistes de Lyon rouvrent leurs boîtes le long de la Saône

LYON, 13 novembre (AFP) - Les bouquinistes installés sur les quais de la Saône ont rouvert \
leurs boîtes vendredi après trois semaines de travaux, a annoncé la mairie.
Une trentaine de marchands attendent les promeneurs du week-end.
"""

GERMAN = """\
Hamburger Hafen testet selbstfahrende Schlepper

HAMBURG, 13. Nov. (dpa) - Im Hamburger Hafen sind am Freitag zum ersten Mal zwei Schlepper \
ohne Besatzung an der Brücke gefahren, teilte die Hafenbehörde mit.
Ein Kapitän an Land überwachte die Fahrt.
"""

KOREAN = """\
부산 해안에 새 산책로 열려

11월 13일

(부산=연합뉴스) 김하늘 기자 = 부산시는 해안을 따라 걷는 새 산책로를 13일 열었다고 밝혔다.
산책로는 모두 5킬로미터 길이이며 밤에도 조명이 켜진다.
"""

JAPANESE = """\
大阪の商店街に新しい図書室

2026年11月13日

【大阪共同】大阪市の商店街に、誰でも本を借りられる小さな図書室が十三日開いた。
地元の書店が本を寄贈した。
"""


@pytest.mark.parametrize(
    ("text", "received", "published", "dateline", "lead"),
    [
        (YONHAP, at(2026, 1, 2), noon(2025, 12, 31), "GANGNEUNG, Dec. 31", "A fishing"),
        (REUTERS, at(2026, 11, 14), noon(2026, 11, 13), "TOKYO, Nov 13", "A Tokyo"),
        (AP, at(2027, 2, 1), noon(2026, 11, 13), "BOSTON", "The city's"),
        (EFE, at(2026, 11, 20), noon(2026, 11, 13), "Valencia, 13 nov", "Los agricultores"),
        (FRENCH, at(2026, 11, 14), noon(2026, 11, 13), "LYON, 13 novembre", "Les bouquinistes"),
        (GERMAN, at(2026, 11, 13), noon(2026, 11, 13), "HAMBURG, 13. Nov.", "Im Hamburger"),
        (KOREAN, at(2027, 1, 5), noon(2026, 11, 13), "부산", "부산시는"),
        (JAPANESE, at(2026, 11, 13), noon(2026, 11, 13), "大阪", "大阪市の"),
    ],
    ids=["yonhap", "reuters", "ap", "efe", "fr", "de", "ko", "ja"],
)
def test_dispatch_is_dated_by_its_dateline(
    text: str, received: datetime, published: datetime, dateline: str, lead: str
) -> None:
    d = parse_text(text, received)
    assert d.dateline == dateline
    assert d.published == published
    assert d.published_inferred
    assert d.updated is None
    # the date line and the dateline are off the story text
    assert d.paragraphs[0].startswith(lead)
    assert len(d.paragraphs) == 2


def test_sample_agencies_and_languages() -> None:
    received = datetime(2026, 11, 14, tzinfo=UTC)
    seen = {
        (d.agency, d.language)
        for d in (parse_text(t, received) for t in (FRENCH, GERMAN, EFE, KOREAN, JAPANESE, AP))
    }
    assert seen == {
        ("AFP", "fr"),
        ("dpa", "de"),
        ("EFE", "es"),
        ("Yonhap", "ko"),
        ("Kyodo", "ja"),
        ("AP", "en"),
    }


def test_february_29_dispatch() -> None:
    text = YONHAP.replace("Dec. 31", "Feb. 29")
    assert parse_text(text, datetime(2028, 3, 1, 0, 30, tzinfo=UTC)).published == noon(2028, 2, 29)
    assert parse_text(text, datetime(2027, 3, 1, tzinfo=UTC)).published == noon(2024, 2, 29)


def test_sept_abbreviation_dispatch() -> None:
    text = REUTERS.replace("TOKYO, Nov 13", "ATHENS, Sept. 3")
    d = parse_text(text, datetime(2026, 9, 4, tzinfo=UTC))
    assert (d.dateline, d.published) == ("ATHENS, Sept. 3", noon(2026, 9, 3))


def test_a_full_date_in_the_dateline_wins_over_inference() -> None:
    text = REUTERS.replace("TOKYO, Nov 13", "TOKYO, Nov 13, 2024")
    d = parse_text(text, datetime(2026, 11, 14, tzinfo=UTC))
    assert d.dateline == "TOKYO, Nov 13, 2024"
    assert d.published == noon(2024, 11, 13) and d.published_inferred


def test_a_written_year_on_a_date_line_completes_the_dateline() -> None:
    text = YONHAP.replace(
        "Coastal town opens museum of kelp drying\n",
        "Coastal town opens museum of kelp drying\n\nDecember 31, 2024\n",
    )
    d = parse_text(text, datetime(2026, 1, 2, tzinfo=UTC))
    assert d.published == noon(2024, 12, 31)


def test_the_source_timestamp_wins_over_the_dateline() -> None:
    text = REUTERS.replace("\n\nTOKYO", "\nPublished: 2026-11-12T21:05:00+09:00\n\nTOKYO")
    d = parse_text(text, datetime(2026, 11, 14, tzinfo=UTC))
    assert d.dateline == "TOKYO, Nov 13"
    assert d.published == datetime.fromisoformat("2026-11-12T21:05:00+09:00")
    assert not d.published_inferred


def test_an_updated_stamp_alone_also_wins() -> None:
    text = REUTERS.replace("\n\nTOKYO", "\nUpdated: 2026-11-13T10:00Z\n\nTOKYO")
    d = parse_text(text, datetime(2026, 11, 14, tzinfo=UTC))
    assert d.published is None and not d.published_inferred
    assert d.updated == datetime(2026, 11, 13, 10, 0, tzinfo=UTC)


def test_a_feed_date_wins_over_the_dateline() -> None:
    feed = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title>
<item><title>Tokyo ferry operator adds night crossings</title>
<pubDate>Thu, 12 Nov 2026 23:40:00 +0900</pubDate>
<description>TOKYO, Nov 13 (Reuters) - A Tokyo ferry operator will add night crossings to
three island routes from next month.</description></item>
</channel></rss>"""
    (d,) = parse_bytes(feed.encode(), "desk.rss", received=datetime(2026, 11, 14, tzinfo=UTC))
    assert d.dateline == "TOKYO, Nov 13"
    assert d.published == datetime.fromisoformat("2026-11-12T23:40:00+09:00")
    assert not d.published_inferred


@pytest.mark.parametrize(
    "text",
    [
        AP.replace("November 13, 2026\n", ""),
        REUTERS.replace("Nov 13", "Nov 31"),
        KOREAN.replace("11월 13일\n", ""),
    ],
    ids=["no-day", "no-such-day", "korean-no-day"],
)
def test_without_a_day_the_published_date_stays_unknown(text: str) -> None:
    d = parse_text(text, datetime(2026, 11, 14, tzinfo=UTC))
    assert d.published is None and not d.published_inferred


def test_received_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_items(REUTERS.encode(), "x.txt", received=datetime(2026, 11, 14))


def test_received_defaults_to_now() -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    text = REUTERS.replace("Nov 13", f"{yesterday:%b} {yesterday.day}")
    (d,) = parse_bytes(text.encode(), "x.txt")
    assert d.published == noon(yesterday.year, yesterday.month, yesterday.day)


def test_patterns_share_the_month_data() -> None:
    # a month name added to the data is a month in every agency's dateline
    assert "novembre" in date_forms().months
    assert date_forms().months["sept"] == 9


# -- stored, shown and filed under its day -------------------------------------------------------


def _days_ago(days: int) -> date:
    return (datetime.now(UTC) - timedelta(days=days)).date()


def _write_dated(folder: Path, day: date) -> Path:
    path = folder / "ferry.txt"
    path.write_text(REUTERS.replace("Nov 13", f"{day:%b} {day.day}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul", "America/New_York", "Europe/Madrid"])
def test_ingested_story_lands_in_its_datelines_digest(
    desk: Desk, tmp_path: Path, zone: str
) -> None:
    day = _days_ago(5)
    report = desk.ingest([str(_write_dated(tmp_path, day))], enqueue=False)
    assert report.ok
    (dispatch_id,) = [o.dispatch_id for o in report.outcomes]
    desk.summarize()
    approve(desk, dispatch_id or 0, "en")
    with desk.store.session() as session:
        on_day, _ = published_in(session, "en", day=day, timezone=zone)
        today, _ = published_in(session, "en", day=datetime.now(UTC).date(), timezone=zone)
    assert [item.dispatch.id for item in on_day] == [dispatch_id]
    assert today == []


def test_show_json_marks_the_date_inferred_and_keeps_the_receipt(
    desk: Desk, tmp_path: Path
) -> None:
    day = _days_ago(3)
    before = datetime.now(UTC)
    report = desk.ingest([str(_write_dated(tmp_path, day))], enqueue=False)
    data = desk.dispatch(report.outcomes[0].dispatch_id or 0).to_json()
    assert data["published_inferred"] is True
    assert data["published"] == f"{day.isoformat()}T12:00:00+00:00"
    assert datetime.fromisoformat(data["ingested_at"]) >= before.replace(microsecond=0)


def test_a_source_timestamp_is_stored_as_not_inferred(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "stamped.txt"
    path.write_text(
        REUTERS.replace("\n\nTOKYO", "\nPublished: 2026-11-12T21:05:00+09:00\n\nTOKYO"),
        encoding="utf-8",
    )
    report = desk.ingest([str(path)], enqueue=False)
    data = desk.dispatch(report.outcomes[0].dispatch_id or 0).to_json()
    assert data["published_inferred"] is False
    assert data["published"] == "2026-11-12T21:05:00+09:00"


def test_digest_api_files_the_story_under_its_dateline(
    web_desk: Desk, client: FlaskClient, tmp_path: Path
) -> None:
    day = _days_ago(4)
    report = web_desk.ingest([str(_write_dated(tmp_path, day))], enqueue=False)
    web_desk.summarize()
    dispatch_id = report.outcomes[0].dispatch_id
    approve(web_desk, dispatch_id or 0, "en")
    response = client.get(f"/api/v1/digests/{day.isoformat()}?lang=en")
    assert response.status_code == 200
    assert [item["id"] for item in response.get_json()["items"]] == [dispatch_id]
    received_day = client.get(f"/api/v1/digests/{datetime.now(UTC).date().isoformat()}?lang=en")
    assert received_day.get_json()["items"] == []


FEED_WITHOUT_DATES = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title>
<item><title>Harbour cranes go electric in Valencia</title>
<description>Valencia, 13 nov (EFE).- El puerto de Valencia ha sustituido sus grúas diésel por
grúas eléctricas, informó este viernes la autoridad portuaria.</description></item>
</channel></rss>"""

NINJS_WITHOUT_DATES = """{"uri": "urn:test:ferry-night", "headline": "Night ferries for the islands",
"body_text": "TOKYO, Nov 13 (Reuters) - A ferry operator will add night crossings.\\n\\nThe \
sailings leave after ten."}"""


@pytest.mark.parametrize(
    ("text", "name"),
    [(FEED_WITHOUT_DATES, "desk.rss"), (NINJS_WITHOUT_DATES, "item.json")],
    ids=["rss", "ninjs"],
)
def test_every_format_is_dated_by_its_dateline_without_a_timestamp(text: str, name: str) -> None:
    (d,) = parse_bytes(text.encode(), name, received=at(2026, 11, 14))
    assert d.published == noon(2026, 11, 13) and d.published_inferred


# -- a time beside the date line -----------------------------------------------------------------

EST = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        ("November 13, 2026", "3:15 PM EST", datetime(2026, 11, 13, 15, 15, tzinfo=EST)),
        (
            "Nov. 13, 2026",
            "12:05 a.m. KST",
            datetime(2026, 11, 13, 0, 5, tzinfo=UTC) - timedelta(hours=9),
        ),
        ("13 nov 2026", "12:30 pm cet", datetime(2026, 11, 13, 11, 30, tzinfo=UTC)),
        ("November 13", "3:15 PM EST", None),  # no year: the day alone, inferred
        ("November 13, 2026", "3:15 PM IST", None),  # India, Ireland or Israel: not guessed
        ("November 13, 2026", "3:15 PM CST", None),  # US Central or China: not guessed
        ("November 13, 2026", "13:15 PM EST", None),
        ("February 29, 2026", "3:15 PM EST", None),
    ],
)
def test_reads_a_full_timestamp_only_when_nothing_is_guessed(
    day: str, clock: str, expected: datetime | None
) -> None:
    assert read_stamp(day, clock) == expected


def test_ap_date_line_with_a_time_is_the_source_timestamp() -> None:
    text = AP.replace("November 13, 2026\n", "Updated 3:15 PM EST, November 13, 2026\n")
    d = parse_text(text, at(2026, 11, 20))
    assert d.published == datetime(2026, 11, 13, 15, 15, tzinfo=EST)
    assert not d.published_inferred
    assert d.paragraphs[0].startswith("The city's") and len(d.paragraphs) == 2


def test_ap_date_line_in_an_unknown_zone_keeps_the_day() -> None:
    text = AP.replace("November 13, 2026\n", "Updated 3:15 PM IST, November 13, 2026\n")
    d = parse_text(text, at(2026, 11, 20))
    assert d.published == noon(2026, 11, 13) and d.published_inferred
    assert len(d.paragraphs) == 2


def test_zone_data_is_loaded_upper_case() -> None:
    zones = clock_forms().zones
    assert zones["KST"] == timezone(timedelta(hours=9))
    assert "IST" not in zones and "CST" not in zones


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"forms": [], "zones": {"XST": "5"}}, "offset such as -05:00"),
        ({"forms": ["(?P<hour>\\d+)"], "zones": {}}, "hour, minute and zone"),
        ({"forms": ["("], "zones": {}}, "bad regular expression"),
        ({"forms": [], "zones": []}, "map abbreviations"),
    ],
)
def test_bad_time_data_is_a_config_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_clock_forms(data)


def test_a_dateline_in_front_matter_dates_the_story() -> None:
    text = (
        "---\ntitle: Night ferries for the islands\ndateline: TOKYO, Nov. 13\n---\n"
        "A ferry operator will add night crossings to three island routes.\n"
    )
    (d,) = parse_bytes(text.encode(), "ferry.md", received=at(2026, 11, 14))
    assert d.dateline == "TOKYO, Nov. 13"
    assert d.published == noon(2026, 11, 13) and d.published_inferred


def test_a_ninjs_located_without_a_day_leaves_the_date_unknown() -> None:
    text = '{"uri": "urn:test:1", "headline": "Ferries", "located": "Tokyo", "body_text": "Ships."}'
    (d,) = parse_bytes(text.encode(), "item.json", received=at(2026, 11, 14))
    assert d.dateline == "Tokyo" and d.published is None and not d.published_inferred


def test_an_agencys_clock_places_its_own_zones_and_its_zone_less_times() -> None:
    india = SourceClock(zones={"IST": timezone(timedelta(hours=5, minutes=30))})
    japan = SourceClock(home=timezone(timedelta(hours=9)))
    assert read_stamp("Dec 01, 2026", "18:40 IST", source=india) == datetime(
        2026, 12, 1, 13, 10, tzinfo=UTC
    )
    assert read_stamp("Dec 1, 2026", "18:42", source=japan) == datetime(
        2026, 12, 1, 9, 42, tzinfo=UTC
    )
    # without the agency's word nothing is guessed
    assert read_stamp("Dec 01, 2026", "18:40 IST") is None
    assert read_stamp("Dec 1, 2026", "18:42") is None
    assert read_stamp("Dec 1, 2026", "18:42 IST", source=japan) is None
    # the shared zones still win over an agency's: EST is EST everywhere
    assert read_stamp("Dec 1, 2026", "3:15 PM EST", source=india) == datetime(
        2026, 12, 1, 20, 15, tzinfo=UTC
    )


def test_every_agency_clock_in_the_pattern_files_loads() -> None:
    by_key = {patterns.key: patterns.clock for patterns in load_patterns()}
    india = timezone(timedelta(hours=5, minutes=30))
    for key in ("ani", "pti", "ians"):
        assert by_key[key].zones["IST"] == india and by_key[key].home == india
    assert by_key["kyodo"].home == timezone(timedelta(hours=9))
    assert by_key["xinhua"].home == timezone(timedelta(hours=8))
    assert by_key["generic"].home is None and by_key["generic"].zones == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time_zone": "IST"}, "time_zone must be an offset"),
        ({"zones": {"IST": "5:30"}}, "zone IST must be an offset"),
        ({"zones": ["IST"]}, "map abbreviations"),
    ],
)
def test_a_bad_agency_clock_is_a_config_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _build("someagency", data)


def test_a_zone_less_stamp_of_an_agency_is_in_its_home_time() -> None:
    text = (
        "Rail line opens in the southwest\n"
        "Source: Xinhua | Editor: huaxia | 2026-12-01 18:30:12\n"
        "CHENGDU, Dec. 1 (Xinhua) -- A new railway line opened on Monday.\n"
    )
    d = parse_text(text, at(2026, 12, 2))
    assert d.published == datetime(2026, 12, 1, 10, 30, 12, tzinfo=UTC)
    assert not d.published_inferred
    assert d.paragraphs == ["A new railway line opened on Monday."]
