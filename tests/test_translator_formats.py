"""Editor exports checked by the official validators and against golden files.

Golden files: ``UPDATE_GOLDEN=1`` rewrites them after a deliberate change; review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from publisher.export import csv_bilingual, ninjs, tmx, xliff2, xliff12
from publisher.export.model import ExportItem, ReviewState
from publisher.export.translator import (
    Flag,
    Origin,
    Part,
    SentenceState,
    TranslatorItem,
    TranslatorPart,
    TranslatorSentence,
)
from tests.format_validators import (
    ninjs_validator,
    tmx_dtd,
    xliff2_rule_errors,
    xliff12_schema,
    xliff21_schema,
)
from tests.test_export import GOLDEN, check_golden

UPDATED = datetime(2025, 11, 12, 7, 30, tzinfo=UTC)


def check_golden_bytes(name: str, produced: bytes) -> None:
    """check_golden byte for byte: CSV line ends are CRLF by RFC 4180 and must stay so."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(produced)
    assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1 and review it"
    assert produced == path.read_bytes()


def sample_item(target_language: str = "ko") -> TranslatorItem:
    """One dispatch with a sentence in every state, flags, a score and an untranslated one."""
    s = TranslatorSentence
    summary = (
        s(
            0,
            "Busan opened a new ferry terminal on Monday.",
            "부산이 월요일 새 여객선 터미널을 열었다.",
            SentenceState.FINAL,
            Origin.EDITOR,
        ),
        s(
            2,
            "Officials expect 3.5 million passengers & more.",
            "관계자들은 승객이 늘 것으로 본다.",
            SentenceState.INITIAL,
            flags=(
                Flag("numbers", "3.5 million missing in the target", 80),
                Flag("omission", "& more"),
            ),
            score=0.42,
        ),
        s(
            3,
            "Local shops welcomed the news.",
            "지역 상점들이 소식을 반겼다.",
            SentenceState.NEEDS_EDITING,
        ),
        s(
            4,
            "The <terminal> opens at 9.",
            "터미널은 9시에 문을 연다.",
            SentenceState.TRANSLATED,
            Origin.EDITOR,
        ),
        s(
            5,
            "Tickets go on sale today.",
            "표는 오늘부터 판매된다.",
            SentenceState.REVIEWED,
            Origin.EDITOR,
        ),
        s(6, "More ships may follow.", None, SentenceState.INITIAL),
    )
    return TranslatorItem(
        dispatch_id=7,
        revision_id=9,
        source_language="en",
        target_language=target_language,
        source_headline="Port city opens a new ferry terminal",
        parts=(
            TranslatorPart(
                Part.HEADLINE,
                (
                    s(
                        0,
                        "Port city opens a new ferry terminal",
                        "항구 도시, 새 여객선 터미널 개장",
                        SentenceState.INITIAL,
                        score=0.9,
                    ),
                ),
            ),
            TranslatorPart(Part.SUMMARY, summary),
        ),
        updated=UPDATED,
        engine="argos",
        model_version="1.9",
        agency="Desk Wire",
    )


def xliff(write: object, item: TranslatorItem) -> bytes:
    stream = io.BytesIO()
    write(  # type: ignore[operator]
        [item], stream, item.source_language, item.target_language
    )
    return stream.getvalue()


def test_xliff21_is_valid_and_matches_golden() -> None:
    data = xliff(xliff2.write, sample_item())
    root = etree.fromstring(data)
    schema = xliff21_schema()
    assert schema.validate(root), schema.error_log
    assert xliff2_rule_errors(root) == []
    check_golden("translator.xlf", data)


def test_xliff21_states_follow_the_mapping() -> None:
    root = etree.fromstring(xliff(xliff2.write, sample_item()))
    ns = {"x": xliff2.XLIFF}
    states = {
        s.get("id"): (s.get("state"), s.get("subState"))
        for s in root.iterfind(".//x:unit[@id='summary']/x:segment", ns)
    }
    assert states == {
        "s0": ("final", None),
        "s2": ("initial", "pub:mt"),
        "s3": ("initial", "pub:stale"),
        "s4": ("translated", None),
        "s5": ("reviewed", None),
        "s6": ("initial", None),  # nothing translated yet: no target, no machine subState
    }
    assert all(s.get("canResegment") == "no" for s in root.iterfind(".//x:segment", ns))
    ignorables = root.findall(".//x:unit[@id='summary']/x:ignorable", ns)
    assert len(ignorables) == 5 and all(
        i.findtext("x:source", namespaces=ns) == " " for i in ignorables
    )


def test_xliff21_carries_flags_scores_and_hashes() -> None:
    item = sample_item()
    root = etree.fromstring(xliff(xliff2.write, item))
    its = "{http://www.w3.org/2005/11/its}"
    markers = root.findall(f".//{{{xliff2.XLIFF}}}segment[@id='s2']//{{{xliff2.XLIFF}}}mrk")
    assert [m.get(f"{its}locQualityIssueType") for m in markers] == ["numbers", "omission"]
    assert markers[0].get(f"{its}mtConfidence") == "0.420"
    notes = [n.text for n in root.iter(f"{{{xliff2.XLIFF}}}note")]
    assert "s2 [numbers] 3.5 million missing in the target" in notes
    mda = f"{{{xliff2.MDA}}}"
    for part in item.parts:
        unit = root.find(f".//{{{xliff2.XLIFF}}}unit[@id='{part.name.value}']")
        assert unit is not None
        group = unit.find(f"{mda}metadata/{mda}metaGroup[@category='{xliff2.HASH_GROUP}']")
        assert group is not None
        hashes = {m.get("type"): m.text for m in group.iterfind(f"{mda}meta")}
        assert hashes == {f"s{s.index}": s.source_hash for s in part.sentences}
    # the text a CAT tool shows is the target, markers and all
    assert "".join(markers[0].itertext()) == "관계자들은 승객이 늘 것으로 본다."


def test_xliff21_rule_checker_catches_what_xsd_misses() -> None:
    """The rule checker itself must fail on broken files, or passing means nothing."""
    root = etree.fromstring(xliff(xliff2.write, sample_item()))
    assert xliff21_schema().validate(root)
    ns = {"x": xliff2.XLIFF}
    broken = etree.fromstring(etree.tostring(root))
    segment = broken.find(".//x:segment[@id='s3']", ns)
    assert segment is not None
    segment.set("id", "s2")  # duplicate id in the unit
    broken.find(".//x:segment[@id='s6']", ns).set("state", "final")  # type: ignore[union-attr]
    del broken.attrib["trgLang"]
    errors = xliff2_rule_errors(broken)
    assert any("s2 is not unique" in e for e in errors)
    assert any("state final without a target" in e for e in errors)
    assert any("no trgLang" in e for e in errors)


def test_xliff12_is_valid_against_the_strict_schema_and_matches_golden() -> None:
    data = xliff(xliff12.write, sample_item())
    root = etree.fromstring(data)
    schema = xliff12_schema()
    assert schema.validate(root), schema.error_log
    check_golden("translator.xliff12.xlf", data)
    ns = {"x": xliff12.XLIFF}
    machine = root.find(".//x:trans-unit[@id='summary-s2']", ns)
    assert machine is not None and machine.get("approved") is None
    target = machine.find("x:target", ns)
    assert target is not None
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "leveraged-mt",
    )
    approved = [u.get("id") for u in root.iterfind(".//x:trans-unit[@approved='yes']", ns)]
    assert approved == ["summary-s0", "summary-s5"]


def test_xliff_writers_refuse_another_pair_and_nothing() -> None:
    with pytest.raises(ValueError, match="not en→ja"):
        xliff2.write([sample_item("ko")], io.BytesIO(), "en", "ja")
    with pytest.raises(ValueError, match="needs one file"):
        xliff12.write([], io.BytesIO(), "en", "ko")


def pairs() -> list[tmx.MemoryPair]:
    return [
        tmx.MemoryPair(
            "en",
            "ko",
            "Busan opened a new ferry terminal on Monday.",
            "부산이 월요일 새 여객선 터미널을 열었다.",
            created=datetime(2025, 11, 12, 8, 0, tzinfo=UTC),
            created_by="editor@desk.example",
            changed=datetime(2025, 11, 13, 9, 5, tzinfo=UTC),
            changed_by="chief@desk.example",
            props=(("x-dispatch", "7"), ("x-origin", "editor")),
        ),
        tmx.MemoryPair("en", "es", "Tickets & <fares>.", "Billetes y tarifas.", created=UPDATED),
    ]


def test_tmx_is_valid_against_its_dtd_reads_back_and_matches_golden() -> None:
    stream = io.BytesIO()
    assert tmx.write(pairs(), stream, created=UPDATED, source_language="en") == 2
    data = stream.getvalue()
    dtd = tmx_dtd()
    assert dtd.validate(etree.fromstring(data)), dtd.error_log
    check_golden("memory.tmx", data)
    entries, skipped = tmx.read(data, source="memory.tmx", max_bytes=10_000)
    assert skipped == []
    assert [(e.source, e.target, e.target_language) for e in entries] == [
        (p.source, p.target, p.target_language) for p in pairs()
    ]
    first = entries[0]
    assert first.created == datetime(2025, 11, 12, 8, 0, tzinfo=UTC)
    assert first.changed_by == "chief@desk.example"
    assert first.props == (("x-dispatch", "7"), ("x-origin", "editor"))


def test_tmx_reader_takes_other_tools_files_and_skips_what_it_cannot_use() -> None:
    other = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu tuid="a"><tuv xml:lang="en"><seg>Open <bpt i="1">&lt;b&gt;</bpt>now<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="ja"><seg>今すぐ<ph>{1}</ph>開く。</seg></tuv><tuv xml:lang="ko"><seg>지금 연다.</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="en"><seg>Only a source.</seg></tuv></tu>
<tu tuid="c"><tuv xml:lang="fr"><seg>Pas de source.</seg></tuv><tuv xml:lang="de"><seg>Keine.</seg></tuv></tu>
</body></tmx>""".encode()
    assert tmx_dtd().validate(etree.fromstring(other))
    entries, skipped = tmx.read(other, source="other.tmx", max_bytes=10_000)
    assert [(e.source, e.target_language, e.target) for e in entries] == [
        ("Open now.", "ja", "今すぐ開く。"),
        ("Open now.", "ko", "지금 연다."),
    ]
    assert len(skipped) == 2 and "(b)" in skipped[0] and "(c)" in skipped[1]


def test_csv_reads_back_and_guards_against_formulas() -> None:
    item = sample_item()
    hostile = TranslatorSentence(9, '=HYPERLINK("http://x")', "+cmd", SentenceState.INITIAL)
    item = TranslatorItem(
        **{**item.__dict__, "parts": (*item.parts, TranslatorPart(Part.FULL, (hostile,)))}
    )
    stream = io.BytesIO()
    assert csv_bilingual.write([item], stream) == 1
    data = stream.getvalue()
    assert data.startswith("\ufeff".encode())
    check_golden_bytes("translations.csv", data)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 8
    assert rows[2]["source"] == "Officials expect 3.5 million passengers & more."
    assert rows[2]["flags"] == "numbers: 3.5 million missing in the target; omission: & more"
    assert rows[2]["state"] == "initial" and rows[2]["score"] == "0.420"
    assert rows[6]["target"] == ""
    assert rows[7]["source"].startswith("'=") and rows[7]["target"] == "'+cmd"


def export_item(language: str, state: ReviewState) -> ExportItem:
    original = language == "en"
    return ExportItem(
        dispatch_id=7,
        language=language,
        source_language="en",
        headline="Port city opens a new ferry terminal"
        if original
        else "항구 도시, 새 여객선 터미널 개장",
        summary=("Busan opened a new ferry terminal on Monday.",)
        if original
        else ("부산이 월요일 새 여객선 터미널을 열었다.",),
        source_headline="Port city opens a new ferry terminal",
        source_sentences=("Busan opened a new ferry terminal on Monday.",),
        review_state=state,
        received=UPDATED,
        published=UPDATED,
        agency="Desk Wire",
        dateline="Busan, Nov 10",
        url="https://wire.example/ferry?id=7",
        engine=None if original else "argos",
        topics=("transport",),
    )


@pytest.mark.parametrize("canceled", [False, True])
@pytest.mark.parametrize(
    ("language", "state"),
    [("en", ReviewState.ORIGINAL), ("ko", ReviewState.MACHINE), ("ko", ReviewState.REVIEWED)],
)
@pytest.mark.parametrize("base_url", [None, "https://news.example.org/"])
def test_ninjs_is_valid_against_the_iptc_schema(
    language: str, state: ReviewState, canceled: bool, base_url: str | None
) -> None:
    data = json.loads(
        ninjs.write(export_item(language, state), base_url=base_url, canceled=canceled)
    )
    errors = sorted(ninjs_validator().iter_errors(data), key=str)
    assert errors == [], [e.message for e in errors]
    assert data["pubStatus"] == ("canceled" if canceled else "usable")
    if canceled:
        assert "bodies" not in data and "headlines" not in data
    if language == "en":
        assert "associations" not in data
    else:
        (original,) = data["associations"]
        assert original["rel"] == "translationOf" and original["language"] == "en"
        assert original["uri"] == ninjs.item_uri(7, "en", base_url)
        assert {"name": "argos", "role": "machineTranslation", "literal": "argos"} in data[
            "infoSources"
        ]
    assert f"review state: {state.value}" in data["edNote"]


def test_ninjs_validator_rejects_what_the_schema_forbids() -> None:
    data = json.loads(ninjs.write(export_item("ko", ReviewState.MACHINE)))
    validator = ninjs_validator()
    assert not list(validator.iter_errors(data))
    assert list(validator.iter_errors({**data, "pubStatus": "killed"}))
    assert list(validator.iter_errors({**data, "versionCreated": "yesterday"}))
    assert list(validator.iter_errors({**data, "uri": "not a uri"}))
    assert list(validator.iter_errors({**data, "engine": "argos"}))  # no room for it


def test_ninjs_matches_golden() -> None:
    check_golden("ferry-ko.ninjs.json", ninjs.write(export_item("ko", ReviewState.MACHINE)))


def test_stored_scores_and_open_flags_reach_the_xliff(tmp_path: Path) -> None:
    """What the engine said (its confidence) and what the checks found go to the translator."""
    from click.testing import CliRunner

    from publisher.cli import cli
    from tests.doubles import reported_loop_desk

    desk = reported_loop_desk(tmp_path)
    instance = desk.settings.instance
    desk.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--instance", str(instance), "export", "xliff", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out / "en-qab.xlf")).getroot()
    assert xliff21_schema().validate(root), xliff21_schema().error_log
    its = "{http://www.w3.org/2005/11/its}"
    confidences = {m.get(f"{its}mtConfidence") for m in root.iter() if m.get(f"{its}mtConfidence")}
    assert confidences == {"0.607"}  # exp(-0.5): the double's score, as ITS wants it (0..1)
    issues = [
        m.get(f"{its}locQualityIssueType")
        for m in root.iter()
        if m.get(f"{its}locQualityIssueType")
    ]
    assert "omission" in issues  # the engine-reported loop, an open flag
