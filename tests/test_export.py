"""Reader exports: writers against golden files, safe names, and the `publisher export` command.

Regenerate the golden files with ``UPDATE_GOLDEN=1`` after a deliberate change, and review
the diff like code.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html
from sqlalchemy import update

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Publication, Revision
from publisher.export import WRITERS
from publisher.export.gather import export_items
from publisher.export.labels import labels_for
from publisher.export.markdown import front_matter
from publisher.export.model import ExportItem, ReviewState
from publisher.export.names import MAX_BYTES, export_name
from publisher.reading import published_versions
from tests.builders import make_dispatch

GOLDEN = Path(__file__).parent / "data" / "export"
KST = timezone(timedelta(hours=9))
RECEIVED = datetime(2025, 11, 12, 6, 0, tzinfo=UTC)
FIRST_PUBLISHED = datetime(2025, 11, 12, 6, 15, tzinfo=UTC)
KO_HEADLINE = "부산, 새 여객선 터미널 개장"
KO_SUMMARY = [
    "부산이 월요일 새 여객선 터미널을 열었다.",
    "관계자들은 승객 수가 두 배로 늘 것으로 본다.",
]
SOURCE_URL = "https://wire.example/2025/11/ferry?id=7&lang=en"
HOSTILE = '<script>alert(1)</script> ../../etc/passwd \x00\x1b[31m\u202e"quoted": *bold*'


def fixed_dispatch(desk: Desk, url: str | None = SOURCE_URL, **kwargs: object) -> int:
    """The golden dispatch: English original and a Korean machine translation, fixed times."""
    options: dict[str, object] = {
        "published": datetime(2025, 11, 12, 14, 30, tzinfo=KST),
        "translations": {"ko": (KO_HEADLINE, KO_SUMMARY)},
    }
    options.update(kwargs)
    dispatch_id = make_dispatch(desk.store, **options)  # type: ignore[arg-type]
    with desk.store.session() as session:
        session.execute(
            update(Revision)
            .where(Revision.dispatch_id == dispatch_id)
            .values(ingested_at=RECEIVED, url=url)
        )
        session.execute(
            update(Publication)
            .where(Publication.dispatch_id == dispatch_id)
            .values(first_published_at=FIRST_PUBLISHED, published_at=FIRST_PUBLISHED)
        )
    return dispatch_id


def items_of(desk: Desk, dispatch_id: int) -> dict[str, ExportItem]:
    with desk.store.session() as session:
        return {item.language: item for item in export_items(session, [dispatch_id])}


def check_golden(name: str, produced: bytes) -> None:
    """Compare with tests/data/export/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(produced)
    assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1 and review it"
    assert produced.decode("utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("language", ["en", "ko"])
def test_writers_match_golden_files(desk: Desk, fmt: str, language: str) -> None:
    items = items_of(desk, fixed_dispatch(desk))
    writer, extension = WRITERS[fmt]
    check_golden(f"ferry-{language}.{extension}", writer(items[language]))


def test_items_hold_the_published_text_and_its_provenance(desk: Desk) -> None:
    items = items_of(desk, fixed_dispatch(desk))
    assert sorted(items) == ["en", "ko"]
    original, korean = items["en"], items["ko"]
    assert original.review_state is ReviewState.ORIGINAL and original.engine is None
    assert korean.review_state is ReviewState.MACHINE and korean.engine == "test"
    assert korean.headline == KO_HEADLINE and korean.summary == tuple(KO_SUMMARY)
    assert korean.source_headline == original.headline
    assert korean.source_sentences == original.summary
    assert korean.published == FIRST_PUBLISHED and korean.received == RECEIVED


def test_only_web_urls_are_exported(desk: Desk) -> None:
    items = items_of(desk, fixed_dispatch(desk, url="javascript:alert(1)"))
    assert items["en"].url is None
    assert b"javascript" not in WRITERS["html"][0](items["en"])


def test_reviewed_translations_say_so(desk: Desk) -> None:
    items = items_of(desk, fixed_dispatch(desk, review_state="approved"))
    assert items["ko"].review_state is ReviewState.REVIEWED
    assert b"review_state: reviewed" in WRITERS["md"][0](items["ko"])


def test_markdown_front_matter_parses_back(desk: Desk) -> None:
    item = items_of(desk, fixed_dispatch(desk))["ko"]
    text = WRITERS["md"][0](item).decode("utf-8")
    _, matter, body = text.split("---\n", 2)
    parsed = yaml.safe_load(matter)
    assert parsed == front_matter(item)
    assert parsed["headline"] == KO_HEADLINE
    assert parsed["review_state"] == "machine"
    assert parsed["published"] == "2025-11-12T06:15:00Z"
    assert body.startswith("\n# ")


def test_every_html_text_block_has_a_language(desk: Desk) -> None:
    item = items_of(desk, fixed_dispatch(desk))["ko"]
    tree = lxml_html.document_fromstring(WRITERS["html"][0](item))
    assert tree.get("lang") == "ko"
    blocks = [e for e in tree.iter() if isinstance(e.tag, str) and (e.text or "").strip()]
    assert blocks
    for element in blocks:
        if element.tag == "style":
            continue
        assert element.get("lang"), f"<{element.tag}> without lang: {element.text!r}"
    original = tree.xpath("//section[@class='original']")
    assert original and original[0].get("lang") == "en"
    assert not tree.xpath("//script | //link | //img | //iframe | //*[@src]")


def test_hostile_headline_is_escaped_everywhere(desk: Desk) -> None:
    dispatch_id = fixed_dispatch(desk, headline=HOSTILE)
    item = items_of(desk, dispatch_id)["en"]
    assert "\x00" not in item.headline and "\x1b" not in item.headline
    assert "\u202e" not in item.headline
    page = WRITERS["html"][0](item)
    assert b"<script" not in page
    tree = lxml_html.document_fromstring(page)
    assert not tree.xpath("//script")
    assert "<script>alert(1)</script>" in tree.xpath("string(//h1)")
    markdown = WRITERS["md"][0](item).decode("utf-8")
    _, matter, body = markdown.split("---\n", 2)
    assert yaml.safe_load(matter)["headline"] == item.headline
    assert "<script>" not in body and "\\<script\\>" in body
    text = WRITERS["txt"][0](item)
    assert all(byte >= 0x20 or byte == 0x0A for byte in text)


@pytest.mark.parametrize(
    "headline",
    [
        HOSTILE,
        "../../etc/passwd",
        '..\\..\\windows: * ? " < > | name',
        "...hidden",
        "\x00\x01\x7f\x9f",
        "",
        "서울·경기 광역급행 " * 40,
        "e\u0301te\u0301 " * 60,
        "\u0301\u0301 leading marks",
    ],
)
def test_file_names_are_safe(headline: str) -> None:
    name = export_name(14, "ko", headline, "md")
    assert name.startswith("14-ko") and name.endswith(".md")
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert not set(name) & set('/\\:*?"<>|')
    assert not any(unicodedata.category(c)[0] == "C" for c in name)
    assert not name.startswith(".") and ".." not in name
    assert name == unicodedata.normalize("NFC", name)
    assert name.count(".") == 1


def test_file_names_keep_korean() -> None:
    assert export_name(14, "ko", "서울·경기 광역급행", "md") == "14-ko-서울-경기-광역급행.md"
    assert export_name(3, "en", "Port city opens", "txt") == "3-en-port-city-opens.txt"


@pytest.mark.parametrize("language", ["../ko", "ko/x", "", "k o"])
def test_file_names_refuse_odd_languages(language: str) -> None:
    with pytest.raises(ValueError, match="language"):
        export_name(1, language, "x", "md")


def test_drafts_are_never_exported(desk: Desk) -> None:
    dispatch_id = fixed_dispatch(desk, review_state="draft")
    with desk.store.session() as session:
        assert "ko" not in published_versions(session, dispatch_id)
    assert sorted(items_of(desk, dispatch_id)) == ["en"]
    result = invoke(desk, "export", "md", str(dispatch_id), "--lang", "ko")
    assert result.exit_code == 1
    assert f"dispatch {dispatch_id} has nothing published in ko" in result.output


def invoke(desk: Desk, *args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, ["--instance", str(desk.settings.instance), *args])


def test_cli_writes_one_file_per_dispatch_and_language(desk: Desk, tmp_path: Path) -> None:
    first = fixed_dispatch(desk)
    second = fixed_dispatch(desk, headline="Second story")
    folder = tmp_path / "out" / "nested"
    result = invoke(desk, "export", "md", str(first), str(second), "-o", str(folder))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            f"{first}-en-port-city-opens-a-new-ferry-terminal.md",
            f"{first}-ko-부산-새-여객선-터미널-개장.md",
            f"{second}-en-second-story.md",
            f"{second}-ko-부산-새-여객선-터미널-개장.md",
        ]
    )
    assert result.output.count("wrote ") == 4
    korean = folder / f"{first}-ko-부산-새-여객선-터미널-개장.md"
    assert korean.read_bytes() == (GOLDEN / "ferry-ko.md").read_bytes()


def test_cli_lang_and_stdout(desk: Desk) -> None:
    dispatch_id = fixed_dispatch(desk)
    result = invoke(desk, "export", "txt", str(dispatch_id), "--lang", "ko", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (GOLDEN / "ferry-ko.txt").read_bytes()
    both = invoke(desk, "export", "txt", str(dispatch_id))
    assert both.exit_code == 1 and "give a folder with -o" in both.output


def test_cli_refuses_unknown_ids_and_languages(desk: Desk, tmp_path: Path) -> None:
    dispatch_id = fixed_dispatch(desk)
    missing = invoke(desk, "export", "html", str(dispatch_id), "999", "-o", str(tmp_path / "o"))
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == ["Error: no dispatch with id 999"]
    assert not (tmp_path / "o").exists()
    bad = invoke(desk, "export", "html", str(dispatch_id), "--lang", "xx")
    assert bad.exit_code == 1 and "--lang" in bad.output
    nothing = invoke(desk, "export", "html", str(dispatch_id), "--lang", "es")
    assert nothing.exit_code == 1 and "nothing published in es" in nothing.output


def test_cli_without_ids_exports_everything_published(desk: Desk, tmp_path: Path) -> None:
    first = fixed_dispatch(desk)
    draft = fixed_dispatch(desk, headline="Only a draft", review_state="draft")
    # without ids, an export streams what is published in each language: the draft's
    # Korean version is simply not among them
    result = invoke(desk, "export", "html", "--lang", "ko", "-o", str(tmp_path / "ko"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ko").iterdir()) == [
        f"{first}-ko-부산-새-여객선-터미널-개장.html"
    ]
    named = invoke(desk, "export", "html", str(draft), "--lang", "ko", "-o", str(tmp_path / "n"))
    assert named.exit_code == 1 and f"dispatch {draft} has nothing published in ko" in named.output
    result = invoke(desk, "export", "html", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == sorted(
        [
            f"{first}-en-port-city-opens-a-new-ferry-terminal.html",
            f"{first}-ko-부산-새-여객선-터미널-개장.html",
            f"{draft}-en-only-a-draft.html",
        ]
    )


def test_cli_without_an_instance_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["--instance", str(missing), "export", "txt", "1"])
    assert result.exit_code == 1 and "nothing to export" in result.output
    assert not missing.exists()


def test_items_made_by_hand_are_cleaned_too() -> None:
    item = ExportItem(
        dispatch_id=5,
        language="ko",
        source_language="en",
        headline="머리\x07기사\n둘째 줄",
        summary=("문장 하나.", "\x00", "문장 둘."),
        source_headline="Head",
        source_sentences=("One.", "Two."),
        review_state=ReviewState.REVIEWED,
        received=RECEIVED,
        dateline="서울, 11월 10일",
        dateline_language="ko",
        url="data:text/html,<script>alert(1)</script>",
        engine="argos",
    )
    assert item.headline == "머리 기사 둘째 줄" and item.summary == ("문장 하나.", "문장 둘.")
    assert item.url is None
    tree = lxml_html.document_fromstring(WRITERS["html"][0](item))
    assert tree.xpath("//header//span[1]")[0].get("lang") == "ko"
    assert "검토된 번역 (영어 → 한국어, 엔진 argos)" in WRITERS["txt"][0](item).decode("utf-8")


@pytest.mark.parametrize("language", ["ko", "ja", "zh", "es", "fr", "de"])
def test_the_words_an_export_adds_are_in_its_language(language: str) -> None:
    labels = labels_for(language)
    assert labels.language == language
    english = labels_for("en")
    for message in (labels.contents, labels.nothing_published, labels.source):
        assert message and message not in (english.contents, english.nothing_published)
    assert "2025-11-12" in labels.published("2025-11-12") != english.published("2025-11-12")


def test_a_language_without_a_catalog_gets_english_labels_tagged_english() -> None:
    labels = labels_for("qaa")
    assert labels.language == "en" and labels.contents == "Contents"
    # a regional or script tag uses its language's catalog
    assert labels_for("zh-Hant").language == "zh" and labels_for("pt-BR").language == "en"
    item = ExportItem(
        dispatch_id=5,
        language="qaa",
        source_language="en",
        headline="Kopf",
        summary=("Eins.",),
        source_headline="Head",
        source_sentences=("One.",),
        review_state=ReviewState.MACHINE,
        received=RECEIVED,
        engine="argos",
    )
    tree = lxml_html.document_fromstring(WRITERS["html"][0](item))
    assert tree.xpath("//header")[0].get("lang") == "en"
    assert "Machine translation from English into qaa" in WRITERS["txt"][0](item).decode("utf-8")
