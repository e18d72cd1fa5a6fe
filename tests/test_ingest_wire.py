"""Plain-text wire copy and the per-agency conventions read from patterns/*.toml."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from publisher.errors import MalformedItem
from publisher.ingest import ParsedDispatch, parse_bytes, same_story
from publisher.ingest.patterns import agency_by_name, detect_agency, load_patterns

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "ingest"
SAMPLES = REPO / "publisher" / "samples"
SEED = REPO.parent / "shared" / "seeds" / "000_e7c86f05d8169555.txt"
IST = timezone(timedelta(hours=5, minutes=30))


def parse_one(path: Path) -> ParsedDispatch:
    (dispatch,) = parse_bytes(path.read_bytes(), str(path))
    return dispatch


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed folder ../shared is not present")
def test_seed_page_fields() -> None:
    (d,) = parse_bytes(SEED.read_bytes(), str(SEED))
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert d.source_format == "wire"
    assert d.headline == lines[0]
    assert d.agency == "IANS"
    assert d.byline == "IANS"
    assert d.published == datetime(2025, 11, 12, 11, 0, 6, tzinfo=IST)
    assert d.updated == datetime(2025, 11, 12, 11, 0, 24, tzinfo=IST)
    assert d.published is not None and d.published.isoformat() == "2025-11-12T11:00:06+05:30"
    assert d.updated is not None and d.updated.isoformat() == "2025-11-12T11:00:24+05:30"
    assert d.dateline == "Seoul, Nov 12"
    assert d.language == "en"
    # body: the 12 story lines, the first without its dateline, nothing else
    story = lines[5:17]
    assert d.paragraphs[0] == story[0].removeprefix("Seoul, Nov 12 ")
    assert d.paragraphs[1:] == story[1:]
    assert len(d.paragraphs) == 12
    joined = "\n".join(d.paragraphs)
    assert "..." not in joined
    assert "Disclaimer" not in joined and "auto-published" not in joined
    assert "Open in app" not in joined
    assert d.headline not in d.paragraphs


def test_ians_sample_drops_page_furniture() -> None:
    d = parse_one(SAMPLES / "ians_harbour_scraped.txt")
    assert d.agency == "IANS" and d.byline == "IANS"
    assert d.dateline == "Busan, Nov 14"
    assert d.published == datetime(2025, 11, 14, 9, 40, 11, tzinfo=IST)
    assert d.updated == datetime(2025, 11, 14, 9, 52, 47, tzinfo=IST)
    assert d.paragraphs[0].startswith("South Korea's largest port opened")
    assert len(d.paragraphs) == 8
    assert not any(
        p.endswith("...") or "Disclaimer" in p or "Open in app" in p for p in d.paragraphs
    )


def test_yonhap_lead_and_second_lead() -> None:
    lead = parse_one(SAMPLES / "yonhap_rail_1_lead.txt")
    second = parse_one(SAMPLES / "yonhap_rail_2_2nd_ld.txt")
    assert (lead.agency, lead.update_tag, lead.dateline) == ("Yonhap", "LEAD", "SEOUL, Nov. 13")
    assert second.update_tag == "2nd LD"
    assert lead.headline == "Seoul and Gyeonggi agree to extend suburban express rail line"
    assert not lead.headline.startswith("(")
    assert lead.paragraphs[0].startswith("Seoul city and Gyeonggi Province agreed")
    # (END) on its own line and at the end of the last paragraph are both removed
    assert not any("(END)" in p for p in lead.paragraphs + second.paragraphs)
    assert second.paragraphs[-1].endswith("new housing estates.")
    assert same_story(lead.headline, second.headline)
    assert lead.content_hash() != second.content_hash()


def test_reuters_dateline_trailer_and_update_tag() -> None:
    d = parse_one(SAMPLES / "reuters_chip_exports.txt")
    assert d.agency == "Reuters"
    assert d.update_tag == "UPDATE 1"
    assert d.headline.startswith("South Korea's chip exports")
    assert d.dateline == "SEOUL, Nov 12"
    assert d.byline == "Min-ji Park and Daniel Ortiz"
    assert d.paragraphs[0].startswith("South Korea's semiconductor exports rose")
    assert not any("Reporting by" in p or "Editing by" in p for p in d.paragraphs)


def test_ap_dateline_byline_and_contributor_line() -> None:
    d = parse_one(SAMPLES / "ap_river_flooding.txt")
    assert d.agency == "AP"
    assert d.dateline == "SEOUL, South Korea"
    assert d.byline == "Grace Yoon and Tomás Rivera"
    assert d.paragraphs[0].startswith("Heavy autumn rain flooded")
    assert not any("contributed" in p for p in d.paragraphs)
    assert len(d.paragraphs) == 6


def test_yonhap_korean_dateline_byline_and_footer() -> None:
    d = parse_one(SAMPLES / "yonhap_korean_festival.txt")
    assert (d.agency, d.dateline, d.byline, d.language) == ("Yonhap", "전주", "김하늘 기자", "ko")
    assert d.headline == "전주 한지 축제 개막…외국인 관광객 작년보다 두 배"
    assert d.paragraphs[0].startswith("전통 한지를")
    assert not any("yna.co.kr" in p or "저작권" in p for p in d.paragraphs)


def test_efe_spanish_dateline_and_desk_codes() -> None:
    d = parse_one(SAMPLES / "efe_olive_harvest.txt")
    assert (d.agency, d.dateline, d.language) == ("EFE", "Jaén, 12 nov", "es")
    assert d.paragraphs[0].startswith("Los agricultores de la provincia")
    assert d.paragraphs[-1].endswith("a finales de mes.")


def test_kyodo_japanese_dateline() -> None:
    d = parse_one(DATA / "japanese_kyodo.txt")
    assert (d.agency, d.dateline, d.language) == ("Kyodo", "札幌", "ja")
    assert d.paragraphs[0].startswith("札幌管区気象台は")


def test_wrapped_plain_text_is_rejoined() -> None:
    d = parse_one(DATA / "plain_wrapped.txt")
    assert d.headline == "Harbour town votes to keep its historic lighthouse lit"
    assert d.agency is None and d.dateline is None
    assert d.paragraphs[0] == (
        "The council of a small harbour town voted on Monday to keep its nineteenth-century "
        "lighthouse lit, reversing a plan to switch it off to save money."
    )
    assert len(d.paragraphs) == 3


def test_headline_only_is_malformed() -> None:
    with pytest.raises(MalformedItem, match="no body text"):
        parse_bytes(b"Just a headline\n\n", "one-line.txt")


def test_every_pattern_file_loads_and_names_its_agency() -> None:
    patterns = load_patterns()
    keys = [p.key for p in patterns]
    assert keys[-1] == "generic"
    assert {"ians", "yonhap", "reuters", "ap", "efe", "kyodo"} <= set(keys)
    for agency in patterns[:-1]:
        assert agency.agency and agency.detect, agency.key


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("SEOUL, Nov 3 (Reuters) - Text", "Reuters"),
        ("SEOUL, South Korea (AP) — Text", "AP"),
        ("SEOUL, Nov. 3 (Yonhap) -- Text", "Yonhap"),
        ("(대구=연합뉴스) 본문", "Yonhap"),
        ("Title\nBy IANS | Updated: x", "IANS"),
        ("【大阪共同】本文", "Kyodo"),
        ("Madrid, 3 nov (EFE).- Texto", "EFE"),
        ("A story that mentions Yonhap and Reuters in passing.", None),
    ],
)
def test_agency_detection(text: str, agency: str | None) -> None:
    found = detect_agency(text)
    assert (found.agency if found else None) == agency


def test_agency_detection_takes_the_earliest_signature() -> None:
    text = "SEOUL, Nov 3 (Reuters) - Officials said, citing a (Yonhap) -- style report."
    found = detect_agency(text)
    assert found is not None and found.agency == "Reuters"


def test_agency_aliases() -> None:
    for name, agency in [
        ("Yonhap News Agency", "Yonhap"),
        ("연합뉴스", "Yonhap"),
        ("The Associated Press", "AP"),
        ("thomson reuters", "Reuters"),
    ]:
        found = agency_by_name(name)
        assert found is not None and found.agency == agency
    assert agency_by_name("Desk Wire") is None
