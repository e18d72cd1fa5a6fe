"""Wire pages in portal styles (tests/data/wire_variants): every field recovered, no furniture.

The pages are written by us after the house styles of ten agencies; each must parse as
cleanly as the shared seed page does (tests/test_ingest_wire.py reads the seed itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from publisher.ingest import ParsedDispatch, parse_bytes

VARIANTS = Path(__file__).resolve().parent / "data" / "wire_variants"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_e7c86f05d8169555.txt"
IST = timezone(timedelta(hours=5, minutes=30))
JST = timezone(timedelta(hours=9))
CHINA = timezone(timedelta(hours=8))
KST = timezone(timedelta(hours=9))
CET = timezone(timedelta(hours=1))
EST = timezone(timedelta(hours=-5))
RECEIVED = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
# Lines of page furniture that must never reach a story's paragraphs.
FURNITURE = (
    "Home",
    "Inicio",
    "Advertisement",
    "ADVERTISEMENT",
    "Publicidad",
    "Share",
    "Related",
    "Follow us",
    "Síguenos",
    "Sign up",
    "Lea también",
    "LE PUEDE INTERESAR",
    "Also read",
    "Disclaimer",
    "Open in app",
    "Our Standards",
    "Copyright",
    "Source: Xinhua",
    "Reporting by",
    "contributed to this report",
    "(END)",
    "(ANI)",
    "(Xinhua)",
    "PTI ABC",
    "bur/",
    "abc/def",
)


@dataclass(frozen=True)
class Expected:
    headline: str
    agency: str
    dateline: str
    published: datetime | None
    first_words: str
    last_words: str
    paragraphs: int
    byline: str | None = None
    updated: datetime | None = None
    update_tag: str | None = None
    language: str = "en"


CASES = {
    "ians_breadcrumb.txt": Expected(
        "Tokyo tram operators test battery cars on hilly routes",
        "IANS",
        "Tokyo, Dec 1",
        datetime(2026, 12, 1, 10, 12, 41, tzinfo=IST),
        "Two tram operators",
        "narrow shopping streets.",
        5,
        byline="IANS",
        updated=datetime(2026, 12, 1, 10, 30, 5, tzinfo=IST),
    ),
    "pti_portal.txt": Expected(
        "Spice exporters seek faster port clearance ahead of winter season",
        "PTI",
        "Kochi, Dec 1",
        datetime(2026, 12, 1, 14, 5, 10, tzinfo=IST),
        "Spice exporters in Kerala",
        "cannot absorb.",
        4,
        updated=datetime(2026, 12, 1, 14, 20, 44, tzinfo=IST),
    ),
    "ani_widgets.txt": Expected(
        "Hill state to host first floodlit cricket match at new stadium",
        "ANI",
        "Shimla [India], December 1",
        datetime(2026, 12, 1, 18, 40, tzinfo=IST),  # "18:40 IST": India's, at ANI
        "The state cricket association",
        "the association said.",
        4,
    ),
    "yonhap_portal.txt": Expected(
        "Parliament passes bill to extend childcare leave for fathers",
        "Yonhap",
        "SEOUL, Dec. 1",
        datetime(2026, 12, 1, 15, 20, tzinfo=KST),
        "The National Assembly",
        "replacement workers.",
        4,
        update_tag="LEAD",
    ),
    "kyodo_english.txt": Expected(
        "Japan to trial four-day week at regional government offices",
        "Kyodo",
        "TOKYO",
        datetime(2026, 12, 1, 18, 42, tzinfo=JST),  # "18:42": Kyodo prints Japan time
        "The government will let staff",
        "expected in 2028.",
        4,
    ),
    "afp_portal.txt": Expected(
        "Alpine villages ration water after driest autumn on record",
        "AFP",
        "GRENOBLE, France",
        datetime(2026, 12, 1, 9, 14, tzinfo=UTC),
        "Several villages in the French Alps",
        "one mayor said.",
        4,
        byline="Claire MARTIN",
    ),
    "reuters_portal.txt": Expected(
        "Shipping rates on Asia-Europe routes climb for third week",
        "Reuters",
        "SINGAPORE, Dec 1",
        datetime(2026, 12, 1, 7, 5, tzinfo=UTC),
        "Freight rates for containers",
        "for exporters.",
        3,
        byline="Min Park and Lena Vogel",
        update_tag="UPDATE 2",
    ),
    "ap_portal.txt": Expected(
        "Early snowstorm closes mountain passes across the Rockies",
        "AP",
        "DENVER",
        datetime(2026, 12, 1, 15, 15, tzinfo=EST),
        "An early-season snowstorm",
        "closed for the day.",
        4,
        byline="Sam Lee and Ana Ruiz",
    ),
    "efe_portal.txt": Expected(
        "Los cafeteros de Colombia esperan una cosecha récord este año",
        "EFE",
        "Bogotá, 1 dic",
        datetime(2026, 12, 1, 10, 20, tzinfo=CET),
        "Los productores de café",
        "trece millones de sacos.",
        4,
        language="es",
    ),
    "xinhua_portal.txt": Expected(
        "China's high-speed rail network tops 50,000 km",
        "Xinhua",
        "BEIJING, Dec. 1",
        datetime(2026, 12, 1, 18, 30, 12, tzinfo=CHINA),  # no zone printed: Beijing time
        "China's high-speed railway network",
        "by the end of 2028.",
        3,
    ),
}


def parse_variant(name: str) -> ParsedDispatch:
    path = VARIANTS / name
    (dispatch,) = parse_bytes(path.read_bytes(), str(path), received=RECEIVED)
    return dispatch


def test_every_variant_file_has_a_case() -> None:
    assert sorted(p.name for p in VARIANTS.glob("*.txt")) == sorted(CASES)
    assert len({case.agency for case in CASES.values()}) >= 8


@pytest.mark.parametrize("name", sorted(CASES))
def test_variant_fields(name: str) -> None:
    expected, d = CASES[name], parse_variant(name)
    assert d.headline == expected.headline
    assert d.agency == expected.agency
    assert d.dateline == expected.dateline
    assert d.byline == expected.byline
    assert d.update_tag == expected.update_tag
    assert d.language == expected.language
    assert d.updated == expected.updated
    if expected.published is not None:
        assert d.published == expected.published
        assert d.published.utcoffset() == expected.published.utcoffset()
    else:
        # dated by the dateline's day, not by a clock whose zone the page does not state
        assert d.published is not None and d.published.date().isoformat() == "2026-12-01"


@pytest.mark.parametrize("name", sorted(CASES))
def test_variant_body_is_only_the_story(name: str) -> None:
    expected, d = CASES[name], parse_variant(name)
    assert len(d.paragraphs) == expected.paragraphs
    assert d.paragraphs[0].startswith(expected.first_words)
    assert d.paragraphs[-1].endswith(expected.last_words)
    assert d.headline not in d.paragraphs
    for paragraph in d.paragraphs:
        assert not paragraph.endswith("..."), paragraph
        for furniture in FURNITURE:
            assert furniture not in paragraph, (furniture, paragraph)


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed folder ../shared is not present")
def test_variants_parse_as_cleanly_as_the_seed() -> None:
    (seed,) = parse_bytes(SEED.read_bytes(), str(SEED))
    seed_fields = (seed.headline, seed.agency, seed.dateline, seed.published)
    assert all(seed_fields)
    for name in CASES:
        d = parse_variant(name)
        assert all((d.headline, d.agency, d.dateline, d.published)), name
