"""Glossary storage and files: versions, rules, CSV and TBX both ways, hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from publisher.db import GlossaryTerm, Store
from publisher.errors import InputTooLarge, NotFound
from publisher.glossary import store
from publisher.glossary.csvfile import HEADER, read_csv, write_csv
from publisher.glossary.files import MAX_FILE_BYTES, read_file
from publisher.glossary.model import GlossaryError, TermKind, make_term, parse_pair
from publisher.glossary.store import Outcome
from publisher.glossary.tbx import read_tbx, write_tbx
from publisher.schema import upgrade

EN_KO = parse_pair("en-ko")
LEE = make_term("Lee Jae Myung", "이재명", TermKind.FORCED, "President since 2025")
NATO = make_term("NATO", None, TermKind.DNT, case_sensitive=False)
BAD = make_term("backing", "후진", TermKind.FORBIDDEN)


@pytest.fixture
def db(tmp_path: Path) -> Store:
    database = Store(f"sqlite:///{tmp_path / 'g.db'}")
    upgrade(database)
    return database


def term_rows(db: Store) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(GlossaryTerm)) or 0)


# -- the store -----------------------------------------------------------------------------


def test_every_edit_bumps_the_version_and_a_no_op_does_not(db: Store) -> None:
    with db.session() as session:
        assert store.snapshot(session, "en", "ko").version == 0
        assert store.add_terms(session, EN_KO, [LEE, NATO]) == [Outcome.ADDED, Outcome.ADDED]
    with db.session() as session:
        assert store.snapshot(session, "en", "ko").version == 1
        assert store.add_terms(session, EN_KO, [LEE]) == [Outcome.UNCHANGED]
        assert store.snapshot(session, "en", "ko").version == 1
        noted = make_term("Lee Jae Myung", "이재명", TermKind.FORCED, "new note")
        assert store.add_terms(session, EN_KO, [noted]) == [Outcome.UPDATED]
        other = make_term("Lee Jae Myung", "이 재명", TermKind.FORCED)
        assert store.add_terms(session, EN_KO, [other]) == [Outcome.REPLACED]
        assert store.remove_terms(session, EN_KO, "NATO") == 1
    with db.session() as session:
        snap = store.snapshot(session, "en", "ko")
        assert snap.version == 4 and snap.terms == (other,)
        assert snap.fingerprint == "en-ko:v4"
        with pytest.raises(NotFound):
            store.remove_terms(session, EN_KO, "NATO")


def test_a_rendering_cannot_be_both_forced_and_forbidden(db: Store) -> None:
    with db.session() as session:
        store.add_terms(session, EN_KO, [make_term("backing", "지지", TermKind.FORCED)])
    with db.session() as session, pytest.raises(GlossaryError, match="own rendering"):
        store.add_terms(session, EN_KO, [make_term("backing", "지지", TermKind.FORBIDDEN)])
    with db.session() as session:
        store.add_terms(session, EN_KO, [BAD])
    with db.session() as session, pytest.raises(GlossaryError, match="forbidden rendering"):
        store.add_terms(session, EN_KO, [make_term("backing", "후진", TermKind.FORCED)])
    assert term_rows(db) == 2


def test_a_dnt_term_replaces_the_forced_rendering_of_the_same_term(db: Store) -> None:
    with db.session() as session:
        store.add_terms(session, EN_KO, [make_term("NATO", "나토", TermKind.FORCED)])
        assert store.add_terms(session, EN_KO, [NATO]) == [Outcome.REPLACED]
        assert [t.kind for t in store.snapshot(session, "en", "ko").terms] == [TermKind.DNT]


def test_glossaries_are_per_pair(db: Store) -> None:
    with db.session() as session:
        store.add_terms(session, EN_KO, [LEE])
        store.add_terms(session, parse_pair("en-ja"), [NATO])
    with db.session() as session:
        listed = store.list_glossaries(session)
        assert [(g.pair, g.counts["forced"], g.counts["dnt"]) for g in listed] == [
            ("en-ja", 0, 1),
            ("en-ko", 1, 0),
        ]
        assert store.snapshot(session, "ko", "en").terms == ()


# -- CSV -----------------------------------------------------------------------------------


def test_csv_round_trip_with_the_documented_header() -> None:
    data = write_csv([LEE, NATO, BAD])
    assert data.decode().splitlines()[0] == ",".join(HEADER)
    rows, errors = read_csv(data)
    assert errors == [] and [term for _where, term in rows] == [LEE, NATO, BAD]


def test_csv_bad_rows_are_reported_by_line_and_skipped() -> None:
    data = (
        "\ufeffkind,source,target\n"  # a BOM and another column order are fine
        "forced,UN,유엔\n"
        "forced,,유엔\n"
        "forced,EU\n"
        "odd,EU,유럽연합\n"
        "\n"
        "forced,WHO,\n"
        "dnt,BTS,\n"
    ).encode()
    rows, errors = read_csv(data)
    assert [(where, term.source) for where, term in rows] == [("line 2", "UN"), ("line 8", "BTS")]
    assert [str(error) for error in errors] == [
        "line 3: the term is empty",
        "line 4: 2 fields, the header has 3",
        "line 5: unknown kind 'odd': use dnt, forced or forbidden",
        "line 7: a forced term needs a rendering",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"term,rendering\nUN,x\n", "bad header"),
        (b"source,target,kind\n\xff\xfe", "not UTF-8"),
    ],
)
def test_unusable_csv_files_are_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        read_csv(data)


def test_import_writes_good_rows_and_skips_conflicts(db: Store) -> None:
    rows, errors = read_csv(
        "source,target,kind\nUN,유엔,forced\nUN,국제연합,forced\nbacking,후진,forbidden\n".encode()
    )
    with db.session() as session:
        store.add_terms(session, EN_KO, [make_term("backing", "후진", TermKind.FORCED)])
    with db.session() as session:
        report = store.import_terms(session, EN_KO, rows)
    assert errors == []
    assert [str(e) for e in report.errors] == [
        "line 3: 'UN' already has a rendering at line 2",
        "line 4: '후진' is the glossary's own rendering of 'backing'",
    ]
    assert report.outcomes == {"added": 1} and report.version == 2
    with db.session() as session:
        assert len(store.snapshot(session, "en", "ko").terms) == 2


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputTooLarge):
        read_file(path)


# -- TBX -----------------------------------------------------------------------------------

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <note>UN committee on social questions</note>
      <langSec xml:lang="en"><termSec><term>UN Third Committee</term></termSec></langSec>
      <langSec xml:lang="ko">
        <termSec><term>유엔 제3위원회</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>유엔 총회 제3위원회</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>제3위</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en-US"><termSec><term>NATO</term></termSec></langSec>
      <langSec xml:lang="ko"><termSec><term>NATO</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSec xml:lang="en"><termSec><term>Seoul</term></termSec></langSec>
      <langSec xml:lang="ja"><termSec><term>ソウル</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c4">
      <langSec xml:lang="en"><termSec><term></term></termSec></langSec>
      <langSec xml:lang="ko"><termSec><term>빈칸</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx_v3_terms_by_administrative_status() -> None:
    rows, errors = read_tbx(TBX_V3.encode(), EN_KO)
    note = "UN committee on social questions"
    assert [term for _where, term in rows] == [
        make_term("UN Third Committee", "유엔 총회 제3위원회", TermKind.FORCED, note),
        make_term("UN Third Committee", "제3위", TermKind.FORBIDDEN, note),
        make_term("NATO", None, TermKind.DNT),
    ]
    assert [str(e) for e in errors] == [
        "line 21 (concept c3): no ko term; skipped",
        "line 25 (concept c4): the term is empty",
    ]


def test_tbx_v2_martif_is_read_too() -> None:
    martif = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="t1">
    <langSet xml:lang="en"><tig><term>Lee Jae Myung</term></tig></langSet>
    <langSet xml:lang="ko"><tig><term>이재명</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
</body></text></martif>"""
    rows, errors = read_tbx(martif.encode(), EN_KO)
    assert errors == [] and [t for _w, t in rows] == [
        make_term("Lee Jae Myung", "이재명", TermKind.FORCED)
    ]


def test_tbx_round_trip() -> None:
    terms = [LEE, NATO, BAD, make_term("backing", "지지", TermKind.FORCED)]
    data = write_tbx(terms, EN_KO, "test")
    assert b'type="TBX-Basic"' in data and b"urn:iso:std:iso:30042:ed-2" in data
    rows, errors = read_tbx(data, EN_KO)
    # one concept per source term; its forced rendering is read before its forbidden ones
    assert errors == []
    assert sorted((t.source, t.target, t.kind) for _w, t in rows) == sorted(
        (t.source, t.target, t.kind) for t in terms
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="x">
<langSec xml:lang="en"><termSec><term>&c;</term></termSec></langSec>
<langSec xml:lang="ko"><termSec><term>x</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="x">
<langSec xml:lang="en"><termSec><term>&secret;</term></termSec></langSec>
<langSec xml:lang="ko"><termSec><term>x</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "declares entities"),
        (EXTERNAL, "declares entities"),
        (b"<tbx><text><body>", "not well-formed"),
        (b"<html/>", "not <tbx> or <martif>"),
        (b"<tbx xmlns='urn:iso:std:iso:30042:ed-2'/>", "no conceptEntry"),
    ],
)
def test_hostile_or_broken_tbx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        read_tbx(data, EN_KO)


def test_an_oversized_tbx_is_refused() -> None:
    with pytest.raises(InputTooLarge):
        read_tbx(b" " * (MAX_FILE_BYTES + 1), EN_KO)
