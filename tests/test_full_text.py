"""Full-text translations reach readers through publications, and only through them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from lxml import html
from sqlalchemy import select

from publisher.cli import cli
from publisher.core import Desk
from publisher.db import Publication
from publisher.export.gather import export_items
from publisher.settings import load_settings
from tests.builders import make_dispatch
from tests.doubles import RecordingTranslator

SENTENCES = (
    "Busan opened a new ferry terminal on Monday.",
    "The terminal can handle four ships at once.",
    "Officials expect passenger numbers to double by next year.",
    "Local shops welcomed the news.",
)
KO_FULL = [
    "부산이 월요일 새 터미널을 열었다.",
    "배 네 척을 받는다.",
    "승객이 는다.",
    "상인들이 반겼다.",
]
INPUT = "Harbour opens a terminal\n\n" + " ".join(SENTENCES) + "\n"


def _desk(tmp_path: Path, **settings: str) -> Desk:
    double = RecordingTranslator(pairs={("en", "qaa")})
    loaded = load_settings({"instance": str(tmp_path / "i"), "languages": "qaa", **settings})
    return Desk(loaded, engines={"double": double})


def _ingest(desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(INPUT, encoding="utf-8")
    desk.ingest([str(source)])


def _publication(desk: Desk, language: str) -> Publication:
    with desk.store.session() as session:
        return session.scalars(select(Publication).where(Publication.language == language)).one()


def test_on_demand_full_text_joins_the_published_version(tmp_path: Path) -> None:
    desk = _desk(tmp_path, publish_policy="auto")  # machine output published at once
    _ingest(desk, tmp_path)
    desk.translate(["qaa"])
    assert _publication(desk, "qaa").full_sentences is None  # on demand: not asked yet
    desk.translate(["qaa"], [1], full_text=True)
    row = _publication(desk, "qaa")
    every = [s["index"] for s in desk.dispatch(1).sentences]
    assert row.full_source_indexes == every
    assert row.full_sentences == [f"[qaa] {s['text']}" for s in desk.dispatch(1).sentences]
    assert row.full_provenance == "machine" and row.full_engine
    with desk.store.session() as session:
        (item,) = [i for i in export_items(session, [1]) if i.language == "qaa"]
    assert len(item.full_text) == len(item.source_full_text) == len(every)
    desk.close()


def test_setting_all_translates_every_full_text(tmp_path: Path) -> None:
    desk = _desk(tmp_path, full_text="all", publish_policy="auto")
    _ingest(desk, tmp_path)
    desk.translate(["qaa"])
    assert _publication(desk, "qaa").full_sentences
    desk.close()


def test_review_policy_keeps_full_text_drafts_from_readers(tmp_path: Path) -> None:
    desk = _desk(tmp_path, publish_policy="review")
    _ingest(desk, tmp_path)
    desk.translate(["qaa"], [1], full_text=True)
    with desk.store.session() as session:
        assert session.scalars(select(Publication).where(Publication.language == "qaa")).all() == []
    assert desk.dispatch(1).full_texts["qaa"].status == "done"  # a draft, for editors only
    desk.close()


def test_bad_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="on_demand"):
        load_settings({"instance": str(tmp_path), "full_text": "sometimes"})


def test_show_lists_full_text_drafts_and_what_readers_see(desk: Desk) -> None:
    dispatch_id = make_dispatch(
        desk.store, translations={"ko": ("제목", ["하나.", "셋."])}, full_texts={"ko": KO_FULL}
    )
    runner = CliRunner()
    base = ["--instance", str(desk.settings.instance), "show", str(dispatch_id)]
    text = runner.invoke(cli, base)
    assert text.exit_code == 0, text.output
    assert "[ko] full text done" in text.output and KO_FULL[1] in text.output
    assert "ko (machine, full text)" in text.output
    data = json.loads(runner.invoke(cli, [*base, "--json"]).output)
    assert data["full_texts"]["ko"]["sentences"] == KO_FULL
    assert data["publications"]["ko"]["full_sentences"] == KO_FULL


def _web_story(app: Flask) -> int:
    from publisher.web.extensions import desk_of

    return make_dispatch(
        desk_of(app).store,
        translations={"ko": ("부산항 새 터미널", ["하나.", "셋."])},
        full_texts={"ko": KO_FULL},
    )


def test_dispatch_page_aligns_the_full_text_with_the_original(web_app: Flask) -> None:
    dispatch_id = _web_story(web_app)
    page = web_app.test_client().get(f"/ko/dispatch/{dispatch_id}")
    assert page.status_code == 200
    document = html.fromstring(page.get_data(as_text=True))
    (section,) = document.xpath("//section[@aria-labelledby='full-translation-heading']")
    spans = section.xpath(".//span[@data-source]")
    assert [s.text for s in spans] == KO_FULL
    for span in spans:  # each translated sentence names an original sentence on the page
        assert document.xpath(f"//*[@data-sentence='{span.get('data-source')}']")
    english = web_app.test_client().get(f"/en/dispatch/{dispatch_id}")
    assert "full-translation-heading" not in english.get_data(as_text=True)


def test_api_carries_the_published_full_text_and_downloads(web_app: Flask) -> None:
    dispatch_id = _web_story(web_app)
    client = web_app.test_client()
    localized = client.get(f"/api/v1/dispatches/{dispatch_id}?lang=ko").get_json()["localized"]
    assert [s["text"] for s in localized["full_text"]["sentences"]] == KO_FULL
    assert [s["source_index"] for s in localized["full_text"]["sentences"]] == [0, 1, 2, 3]
    assert localized["full_text"]["reviewed"] is False
    assert set(localized["downloads"]) == {"txt", "md", "html", "epub", "docx"}
    english = client.get(f"/api/v1/dispatches/{dispatch_id}?lang=en").get_json()["localized"]
    assert english["full_text"] is None


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_text_exports_with_a_full_text_match_golden_files(desk: Desk, fmt: str) -> None:
    from publisher.export import WRITERS
    from tests.test_export import check_golden, fixed_dispatch, items_of

    items = items_of(desk, fixed_dispatch(desk, full_texts={"ko": KO_FULL}))
    writer, extension = WRITERS[fmt]
    produced = writer(items["ko"])
    check_golden(f"ferry-ko-full.{extension}", produced)
    assert all(sentence.encode() in produced for sentence in KO_FULL)


def test_an_editors_publication_carries_the_full_text_as_reviewed(desk: Desk) -> None:
    from publisher.publication import publish_full_text

    dispatch_id = make_dispatch(
        desk.store,
        translations={"ko": ("제목", ["하나.", "셋."])},
        full_texts={"ko": KO_FULL},
        review_state="approved",
    )
    row = _publication(desk, "ko")
    assert row.full_sentences == KO_FULL and row.full_provenance == "reviewed"
    with desk.store.session() as session:
        outcome = publish_full_text(session, row.revision_id, "ko")
    assert not outcome.published and outcome.reason == "an editor's full text"
    drafted = make_dispatch(
        desk.store, translations={"ko": ("제목", ["하나."])}, review_state="draft"
    )
    with desk.store.session() as session:
        revision_id = session.scalar(
            select(Publication.revision_id).where(Publication.dispatch_id == drafted)
        )
        outcome = publish_full_text(session, int(revision_id or 0), "ko")
    assert not outcome.published  # nothing in ko is published: no full text either
    assert dispatch_id != drafted
