"""Editor exports from the desk and a translator's XLIFF taken back (`publisher import`).

Round trips edit files the way a CAT tool does (character references, no-break spaces,
entities for markup characters) and check that edits land in the draft, never in what
readers see.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree
from sqlalchemy import select, update

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Dispatch, Publication, Sentence, Translation
from publisher.export import xliff2, xliff12
from publisher.publication import VersionState
from tests.builders import make_dispatch
from tests.format_validators import (
    ninjs_validator,
    tmx_dtd,
    xliff2_rule_errors,
    xliff12_schema,
    xliff21_schema,
)
from tests.review_support import ensure_editor

KO_HEADLINE = "항구 도시, 새 여객선 터미널 개장"
KO_SUMMARY = ["부산이 월요일 새 여객선 터미널을 열었다.", "관계자들은 승객 수가 늘 것으로 본다."]
NS2 = {"x": xliff2.XLIFF}
NS1 = {"x": xliff12.XLIFF}


@pytest.fixture(autouse=True)
def _importer(desk: Desk) -> None:
    """Imports act for an editor's account, as every edit does."""
    for email in ("ed@desk.example", "e@d.example"):
        ensure_editor(desk, email)


def invoke(desk: Desk, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--instance", str(desk.settings.instance), *args])


def draft_dispatch(desk: Desk, review_state: str = "draft") -> int:
    """English original published; a Korean machine draft (not published unless asked)."""
    return make_dispatch(
        desk.store, translations={"ko": (KO_HEADLINE, KO_SUMMARY)}, review_state=review_state
    )


def draft(desk: Desk, dispatch_id: int, language: str = "ko") -> Translation:
    """The summary draft of the dispatch's current revision in ``language``."""
    with desk.store.session() as session:
        dispatch = session.get(Dispatch, dispatch_id)
        assert dispatch is not None
        row = session.scalars(
            select(Translation).where(
                Translation.revision_id == dispatch.current_revision_id,
                Translation.language == language,
                Translation.full_text.is_(False),
            )
        ).one()
        session.expunge(row)
        return row


def publication(desk: Desk, dispatch_id: int, language: str = "ko") -> Publication | None:
    with desk.store.session() as session:
        row = session.scalars(
            select(Publication).where(
                Publication.dispatch_id == dispatch_id, Publication.language == language
            )
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def export_xliff(desk: Desk, dispatch_id: int, *extra: str) -> bytes:
    result = invoke(desk, "export", "xliff", str(dispatch_id), "--lang", "ko", *extra)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def write(tmp_path: Path, data: bytes, name: str = "back.xlf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def set_target(data: bytes, segment_id: str, raw_target: str, unit: str = "summary") -> bytes:
    """Replace one segment's target with raw XML text, as an editor's save would write it."""
    root = etree.fromstring(data)
    target = root.find(f".//x:unit[@id='{unit}']/x:segment[@id='{segment_id}']/x:target", NS2)
    assert target is not None
    for child in list(target):
        target.remove(child)
    target.text = "@@TARGET@@"
    return etree.tostring(root, xml_declaration=True, encoding="utf-8").replace(
        b"@@TARGET@@", raw_target.encode("utf-8")
    )


def test_xliff21_export_from_the_desk_is_valid_with_states(desk: Desk, tmp_path: Path) -> None:
    drafted = draft_dispatch(desk)
    published = draft_dispatch(desk, review_state="machine")
    out = tmp_path / "out"
    result = invoke(desk, "export", "xliff", str(drafted), str(published), "-o", str(out))
    assert result.exit_code == 0, result.output
    (path,) = out.iterdir()
    assert path.name == "en-ko.xlf"
    root = etree.parse(str(path)).getroot()
    assert xliff21_schema().validate(root), xliff21_schema().error_log
    assert xliff2_rule_errors(root) == []
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "ko")
    states = {
        f.get("id"): {(s.get("state"), s.get("subState")) for s in f.iterfind(".//x:segment", NS2)}
        for f in root.iterfind("x:file", NS2)
    }
    assert states == {f"d{drafted}": {("initial", "pub:mt")}, f"d{published}": {("final", None)}}
    units = [u.get("id") for u in root.iterfind(f"x:file[@id='d{drafted}']/x:unit", NS2)]
    assert units == ["headline", "summary"]


def test_state_filter_and_reader_formats(desk: Desk) -> None:
    drafted = draft_dispatch(desk)
    result = invoke(desk, "export", "xliff", str(drafted), "--state", "approved")
    assert result.exit_code == 1 and "no drafts in the state asked for" in result.output
    result = invoke(desk, "export", "md", str(drafted), "--state", "any")
    assert result.exit_code == 1 and "reader export" in result.output
    result = invoke(desk, "export", "tmx", "--state", "any")
    assert result.exit_code == 1 and "approved sentence pairs only" in result.output
    result = invoke(desk, "export", "xliff", "999")
    assert result.exit_code == 1 and "no dispatch with id 999" in result.output


def test_round_trip_xliff21_edit_lands_in_the_draft_not_on_readers(
    desk: Desk, tmp_path: Path
) -> None:
    dispatch_id = draft_dispatch(desk, review_state="machine")  # readers see machine text
    before = publication(desk, dispatch_id)
    assert before is not None
    data = export_xliff(desk, dispatch_id)
    # a CAT tool's save: a character reference for a no-break space, &amp; and &lt; for
    # markup characters, and line breaks inside the target that are only XML white space
    edited = set_target(
        data, "s2", "관계자들은&#160;승객 수가 &amp; &lt;두 배&gt;로\n   늘 것으로 본다."
    )
    dry = invoke(desk, "import", str(write(tmp_path, edited)), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would change" in dry.output and "1 edits would be applied" in dry.output
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY  # a dry run changes nothing
    result = invoke(desk, "import", str(write(tmp_path, edited)), "--user", "ed@desk.example")
    assert result.exit_code == 0, result.output
    assert "1 edits applied, awaiting approval" in result.output
    # the review workflow's edit makes each run of white space one space (publisher.review.
    # drafts), the no-break space excepted: it is the translator's typography
    expected = "관계자들은\u00a0승객 수가 & <두 배>로 늘 것으로 본다."
    row = draft(desk, dispatch_id)
    assert row.sentences == [KO_SUMMARY[0], expected]
    assert (row.sentence_states or [])[1] == "translated"
    assert (row.sentence_origins or [])[1] == "editor"
    with desk.store.session() as session:
        from publisher.db import AuditEntry

        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "edit", AuditEntry.dispatch_id == dispatch_id
            )
        ).one()
        assert (entry.actor, entry.after) == ("ed@desk.example", expected)
    after = publication(desk, dispatch_id)
    assert after is not None
    assert (after.sentences, after.headline, after.published_at) == (
        before.sentences,
        before.headline,
        before.published_at,
    )
    # exported again, the edited sentence is translated, the untouched one still final
    again = etree.fromstring(export_xliff(desk, dispatch_id))
    states = {
        s.get("id"): s.get("state")
        for s in again.iterfind(".//x:unit[@id='summary']/x:segment", NS2)
    }
    assert states == {"s0": "final", "s2": "translated"}
    assert "".join(again.find(".//x:segment[@id='s2']/x:target", NS2).itertext()) == expected  # type: ignore[union-attr]
    # importing the same file again changes nothing more
    repeat = invoke(desk, "import", str(write(tmp_path, edited)), "--user", "ed@desk.example")
    assert (
        repeat.exit_code == 0
        and "0 edits applied" in repeat.output
        and "3 unchanged" in repeat.output
    )


def test_round_trip_headline_edit(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    edited = set_target(
        export_xliff(desk, dispatch_id), "s0", "부산, 새 터미널 문 열어", unit="headline"
    )
    result = invoke(desk, "import", str(write(tmp_path, edited)), "--user", "ed@desk.example")
    assert result.exit_code == 0, result.output
    assert draft(desk, dispatch_id).headline == "부산, 새 터미널 문 열어"
    assert publication(desk, dispatch_id) is None


def test_source_changed_since_export_or_in_the_file_is_refused(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    data = export_xliff(desk, dispatch_id)
    edited = set_target(data, "s0", "첫 문장 수정")
    edited = set_target(edited, "s2", "둘째 문장 수정")
    # the translator's tool changed the source of s0 in the file
    edited = edited.replace(b"Busan opened a new ferry terminal on Monday.", b"Busan opened it.")
    # and the desk's source of s2 changed after the export
    with desk.store.session() as session:
        revision_id = session.get(Dispatch, dispatch_id).current_revision_id  # type: ignore[union-attr]
        session.execute(
            update(Sentence)
            .where(Sentence.revision_id == revision_id, Sentence.index == 2)
            .values(text="Officials now expect triple the passengers by next year.")
        )
    result = invoke(desk, "import", str(write(tmp_path, edited)), "--user", "ed@desk.example")
    assert result.exit_code == 1
    assert f"refused d{dispatch_id}/summary/s0: source text was edited in the file" in result.output
    assert f"refused d{dispatch_id}/summary/s2: source changed since export" in result.output
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY


def test_bad_segments_are_refused_one_by_one_and_the_rest_goes_in(
    desk: Desk, tmp_path: Path
) -> None:
    first = draft_dispatch(desk)
    second = draft_dispatch(desk)
    data = export_xliff(desk, first)
    root = etree.fromstring(set_target(data, "s2", "좋은 수정"))
    # a second file: a copy of the first under an unknown dispatch id
    stranger = etree.fromstring(etree.tostring(root.find("x:file", NS2)))
    stranger.set("id", "d99999")
    root.append(stranger)
    # the second dispatch's file, re-segmented by a tool: s2 split in two
    other = etree.fromstring(export_xliff(desk, second)).find("x:file", NS2)
    assert other is not None
    segment = other.find(".//x:unit[@id='summary']/x:segment[@id='s2']", NS2)
    assert segment is not None
    twin = etree.fromstring(etree.tostring(segment))
    segment.set("id", "s2a")
    twin.set("id", "s2b")
    segment.addnext(twin)
    # and its headline unit duplicated under an id we never export
    headline = other.find("x:unit[@id='headline']", NS2)
    assert headline is not None
    odd = etree.fromstring(etree.tostring(headline))
    odd.set("id", "byline")
    other.append(odd)
    root.append(other)
    result = invoke(
        desk, "import", str(write(tmp_path, etree.tostring(root))), "--user", "ed@desk.example"
    )
    assert result.exit_code == 1
    out = result.output
    assert "refused d99999/summary/s2: unknown dispatch 99999" in out
    assert f"refused d{second}/summary/s2a: re-segmented unit" in out
    assert f"refused d{second}/summary/s0: re-segmented unit" in out
    assert f"refused d{second}/byline/s0: unknown unit id byline" in out
    assert "1 edits applied" in out
    assert draft(desk, first).sentences == [KO_SUMMARY[0], "좋은 수정"]
    assert draft(desk, second).sentences == KO_SUMMARY


def test_duplicate_ids_and_wrong_target_language_are_refused(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    data = set_target(export_xliff(desk, dispatch_id), "s2", "중복 수정")
    root = etree.fromstring(data)
    unit = root.find(".//x:unit[@id='summary']", NS2)
    assert unit is not None
    copy = etree.fromstring(etree.tostring(unit.find("x:segment[@id='s2']", NS2)))
    unit.append(copy)
    result = invoke(
        desk, "import", str(write(tmp_path, etree.tostring(root))), "--user", "ed@desk.example"
    )
    assert result.exit_code == 1
    assert result.output.count("duplicate segment id s2") == 2
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY
    wrong = set_target(export_xliff(desk, dispatch_id), "s2", "言語違い").replace(
        b'trgLang="ko"', b'trgLang="ja"'
    )
    result = invoke(desk, "import", str(write(tmp_path, wrong)), "--user", "ed@desk.example")
    assert result.exit_code == 1
    assert "target language ko is not the file's ja" in result.output
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY


def test_round_trip_xliff12(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    data = export_xliff(desk, dispatch_id, "--xliff-version", "1.2")
    root = etree.fromstring(data)
    assert xliff12_schema().validate(root), xliff12_schema().error_log
    target = root.find(".//x:trans-unit[@id='summary-s2']/x:target", NS1)
    assert target is not None
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "leveraged-mt",
    )
    target.text = "관계자들은 승객이 두 배가 될 것으로 본다."
    target.set("state", "translated")
    del target.attrib["state-qualifier"]
    result = invoke(
        desk, "import", str(write(tmp_path, etree.tostring(root))), "--user", "ed@desk.example"
    )
    assert result.exit_code == 0, result.output
    assert "XLIFF 1.2: 1 edits applied" in result.output
    assert draft(desk, dispatch_id).sentences[1] == "관계자들은 승객이 두 배가 될 것으로 본다."
    assert publication(desk, dispatch_id) is None


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ko">'
        "<file id='d1'><unit id='summary'><segment id='s0'><source>&lol3;</source></segment></unit></file></xliff>",
        "DTD with declarations",
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ko">'
        "<file id='d1'><unit id='summary'><segment id='s0'><source>a</source><target>&xxe;</target>"
        "</segment></unit></file></xliff>",
        "DTD with declarations",
    ),
    "external DTD": (
        '<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "http://attacker.example/x.dtd">'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"/>',
        "DOCTYPE is not accepted",
    ),
    "wrong root": (
        '<?xml version="1.0"?><html><body>hi</body></html>',
        "not an XLIFF 2.x or 1.2 document",
    ),
    "TMX given as XLIFF": ('<tmx version="1.4"><header/><body/></tmx>', "root <tmx>"),
    "malformed": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>',
        "not well-formed XML",
    ),
    "empty": ("", "empty file"),
    "deep nesting": ("<a>" * 5000 + "</a>" * 5000, "not well-formed XML"),  # huge_tree off
    "UTF-16 lie": ('<?xml version="1.0" encoding="UTF-16"?><xliff/>', "XML"),
    "binary": ("\x00\x01\x02PK", "not well-formed XML"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_imports_fail_in_one_line_and_apply_nothing(
    desk: Desk, tmp_path: Path, case: str
) -> None:
    dispatch_id = draft_dispatch(desk)
    text, message = HOSTILE[case]
    result = invoke(
        desk, "import", str(write(tmp_path, text.encode("utf-8"))), "--user", "ed@desk.example"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY


def test_huge_import_is_refused_before_parsing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispatch_id = draft_dispatch(desk)
    data = set_target(export_xliff(desk, dispatch_id), "s2", "수정")
    monkeypatch.setenv("PUBLISHER_MAX_INPUT_BYTES", str(len(data) - 1))
    result = invoke(desk, "import", str(write(tmp_path, data)), "--user", "ed@desk.example")
    assert result.exit_code == 1 and "over max_input_bytes" in result.output
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY


def test_import_needs_a_user_unless_dry_run(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    path = write(tmp_path, set_target(export_xliff(desk, dispatch_id), "s2", "수정"))
    result = invoke(desk, "import", str(path))
    assert result.exit_code == 1 and "--user EMAIL" in result.output
    result = invoke(desk, "import", str(path), "--user", "not an address")
    assert result.exit_code == 1 and "not an e-mail address" in result.output
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY


def test_tmx_and_csv_exports_from_the_desk(desk: Desk, tmp_path: Path) -> None:
    result = invoke(desk, "export", "tmx", "-o", str(tmp_path))
    assert result.exit_code == 1 and "the editors' memory is empty" in result.output
    approved = draft_dispatch(desk)
    desk.review.act(approved, "approve", "ed@desk.example", languages=["ko"])
    draft_dispatch(desk)  # machine drafts: never in the TMX
    result = invoke(desk, "export", "tmx", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    root = etree.parse(str(tmp_path / "memory.tmx")).getroot()
    assert tmx_dtd().validate(root), tmx_dtd().error_log
    tus = root.findall(".//tu")
    # the editors' memory: headline and two summary sentences of the approved dispatch
    assert len(tus) == 3
    assert {tu.get("creationid") for tu in tus} == {"ed@desk.example"}
    assert {p.text for p in root.iterfind(".//prop[@type='x-origin']")} == {"editor"}
    assert {
        seg.text
        for seg in root.iterfind(".//tuv[@{http://www.w3.org/XML/1998/namespace}lang='ko']/seg")
    } == {KO_HEADLINE, *KO_SUMMARY}
    result = invoke(desk, "export", "tmx", str(approved), "-o", str(tmp_path))
    assert result.exit_code == 1 and "give no ids" in result.output
    result = invoke(desk, "export", "csv", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    data = (tmp_path / "translations.csv").read_bytes()
    assert data.count(b"\r\n") == 1 + 3 * 2  # header, then three sentences per dispatch


def test_ninjs_export_marks_killed_versions_canceled(desk: Desk, tmp_path: Path) -> None:
    live = draft_dispatch(desk, review_state="approved")
    killed = draft_dispatch(desk, review_state="approved")
    with desk.store.session() as session:
        session.execute(
            update(Publication)
            .where(Publication.dispatch_id == killed, Publication.language == "ko")
            .values(state=VersionState.KILLED.value)
        )
    out = tmp_path / "out"
    result = invoke(desk, "export", "ninjs", str(live), str(killed), "-o", str(out))
    assert result.exit_code == 0, result.output
    found = {
        "-".join(p.name.split("-")[:2]): json.loads(p.read_text("utf-8")) for p in out.iterdir()
    }
    assert sorted(found) == sorted([f"{live}-en", f"{live}-ko", f"{killed}-en", f"{killed}-ko"])
    validator = ninjs_validator()
    for name, data in found.items():
        assert not list(validator.iter_errors(data)), name
    assert found[f"{killed}-ko"]["pubStatus"] == "canceled"
    assert found[f"{live}-ko"]["pubStatus"] == "usable"
    assert found[f"{live}-ko"]["associations"][0]["rel"] == "translationOf"


def test_full_text_is_its_own_unit_and_round_trips(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    with desk.store.session() as session:
        revision_id = session.get(Dispatch, dispatch_id).current_revision_id  # type: ignore[union-attr]
        session.add(
            Translation(
                revision_id=revision_id,
                language="ko",
                full_text=True,
                status="done",
                engine="test",
                headline=KO_HEADLINE,
                source_indexes=[0, 1, 2, 3],
                sentences=["하나.", "둘.", "셋.", "넷."],
            )
        )
    data = export_xliff(desk, dispatch_id)
    root = etree.fromstring(data)
    assert xliff21_schema().validate(root) and xliff2_rule_errors(root) == []
    full = root.find(".//x:unit[@id='full']", NS2)
    assert full is not None
    assert [s.get("id") for s in full.iterfind("x:segment", NS2)] == ["s0", "s1", "s2", "s3"]
    edited = set_target(data, "s3", "넷째 문장.", unit="full")
    result = invoke(desk, "import", str(write(tmp_path, edited)), "--user", "ed@desk.example")
    assert result.exit_code == 0, result.output
    with desk.store.session() as session:
        row = session.scalars(
            select(Translation).where(
                Translation.revision_id == revision_id, Translation.full_text.is_(True)
            )
        ).one()
        assert row.sentences == ["하나.", "둘.", "셋.", "넷째 문장."]
    assert draft(desk, dispatch_id).sentences == KO_SUMMARY  # the summary draft is apart


def test_languages_without_drafts_are_not_exported(desk: Desk) -> None:
    dispatch_id = draft_dispatch(desk)
    result = invoke(desk, "export", "xliff", str(dispatch_id), "--lang", "ja")
    assert result.exit_code == 1 and "no drafts" in result.output


def test_a_tool_that_drops_our_metadata_or_adds_markers(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = draft_dispatch(desk)
    data = set_target(export_xliff(desk, dispatch_id), "s2", "표시된 수정")
    root = etree.fromstring(data)
    # a term marker around a source word, as CAT tools add them
    source = root.find(".//x:unit[@id='summary']/x:segment[@id='s2']/x:source", NS2)
    assert source is not None and source.text is not None
    word = source.text.split()[0]
    source.text = source.text[len(word) :]
    marker = etree.Element(f"{{{xliff2.XLIFF}}}mrk", id="t1", type="term")
    marker.text = word
    source.insert(0, marker)
    marker.tail = source.text
    source.text = None
    # and the headline unit lost its mda:metadata
    headline = root.find(".//x:unit[@id='headline']", NS2)
    assert headline is not None
    headline.remove(headline.find(f"{{{xliff2.MDA}}}metadata"))
    headline.find("x:segment/x:target", NS2).text = "바뀐 제목"  # type: ignore[union-attr]
    result = invoke(
        desk, "import", str(write(tmp_path, etree.tostring(root))), "--user", "e@d.example"
    )
    assert result.exit_code == 1
    assert f"refused d{dispatch_id}/headline/s0: no source hashes" in result.output
    assert draft(desk, dispatch_id).sentences == [KO_SUMMARY[0], "표시된 수정"]
    assert draft(desk, dispatch_id).headline == KO_HEADLINE


def test_import_from_a_device_is_bounded(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_MAX_INPUT_BYTES", "4096")
    result = invoke(desk, "import", "/dev/zero", "--dry-run")
    assert result.exit_code == 1 and "over max_input_bytes" in result.output


def test_a_tmx_goes_into_the_editors_memory_and_is_reused(desk: Desk, tmp_path: Path) -> None:
    other_tool = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The ferry leaves at noon.</seg></tuv>
<tuv xml:lang="ko"><seg>여객선은 정오에 떠난다.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Tickets cost less.</seg></tuv>
<tuv xml:lang="klingon"><seg>x</seg></tuv></tu>
</body></tmx>"""
    path = tmp_path / "other.tmx"
    path.write_text(other_tool, encoding="utf-8")
    dry = invoke(desk, "memory", "import", str(path), "--user", "ed@desk.example", "--dry-run")
    assert "would take 1 pairs" in dry.output and dry.exit_code == 1  # one pair unusable
    result = invoke(desk, "memory", "import", str(path), "--user", "ed@desk.example")
    assert result.exit_code == 1 and "took 1 pairs" in result.output and "klingon" in result.output
    refused = invoke(desk, "memory", "import", str(path), "--user", "nobody@desk.example")
    assert refused.exit_code == 1 and "no account" in refused.output
    exported = invoke(desk, "memory", "export", "--format", "tmx", "--pair", "en-ko")
    assert exported.exit_code == 0
    root = etree.fromstring(exported.stdout_bytes)
    assert tmx_dtd().validate(root), tmx_dtd().error_log
    assert [seg.text for seg in root.iterfind(".//seg")] == [
        "The ferry leaves at noon.",
        "여객선은 정오에 떠난다.",
    ]
