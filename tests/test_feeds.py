"""RSS 2.0, Atom and JSON Feed per content language: validity, content, languages, caching."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from sqlalchemy import update

from publisher.core import Desk
from publisher.db import Revision
from publisher.web.extensions import desk_of
from publisher.web.feed_writers import (
    FEED_FORMATS,
    JSON_FEED_TYPE,
    FeedEntry,
    entry_html,
    feed_format,
    join_sentences,
)
from tests.builders import KST, make_dispatch

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
ATOM_RNG = SCHEMAS / "atom" / "atom-rfc4287-appendixB.trang.rng"
JSON_FEED_SCHEMA = SCHEMAS / "jsonfeed" / "schema-v1.1.json"

KO_HEADLINE = "부산항 새 여객터미널 개장"
KO_SUMMARY = [
    "부산이 월요일에 새 여객터미널을 열었다.",
    "당국은 내년 승객 수가 두 배로 늘 것으로 본다.",
]


MakeApp = Callable[..., Flask]


@pytest.fixture
def web_app(make_web_app: MakeApp) -> Flask:
    """The shared app, with Chinese among the target languages."""
    return make_web_app(languages="ko,es,zh")


@pytest.fixture
def stories(web_desk: Desk) -> dict[str, int]:
    """A published translation, a rejected one, an unpublished dispatch, a Korean original."""
    store = web_desk.store
    return {
        "translated": make_dispatch(
            store,
            translations={
                "ko": (KO_HEADLINE, KO_SUMMARY),
                "zh": (
                    "釜山港新客运码头启用",
                    ["釜山周一启用了新客运码头。", "官员预计明年客流量将翻一番。"],
                ),
            },
            topics=["transport"],
            published=datetime(2025, 11, 12, 14, 30, tzinfo=KST),
        ),
        "rejected": make_dispatch(
            store,
            headline="Rejected translation stays hidden",
            translations={"ko": ("거부된 번역 제목", ["거부된 문장.", "또 다른 거부된 문장."])},
            review_state="rejected",
        ),
        "unpublished": make_dispatch(
            store, headline="Not summarized yet <b>&amp;</b>", summary_indexes=None
        ),
        "korean": make_dispatch(
            store,
            headline="서울시, 심야버스 노선 확대",
            sentences=("서울시가 심야버스 노선을 늘린다.", "새 노선은 다음 달부터 운행한다."),
            language="ko",
            summary_indexes=(0, 1),
            agency=None,
            published=datetime(2025, 11, 12, 9, 0, tzinfo=KST),
        ),
    }


def _get(client: FlaskClient, path: str, **headers: str) -> Any:
    return client.get(path, headers=headers)


def test_rss_parses_back_with_language_and_required_elements(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    response = _get(client, "/ko/feed.rss")
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"
    assert response.mimetype_params["charset"] == "utf-8"

    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.language == "ko"
    assert parsed.feed.title and parsed.feed.link == "http://localhost/ko/"
    titles = [entry.title for entry in parsed.entries]
    # newest first: the translated story (14:30 KST) before the Korean original (09:00 KST)
    assert titles == [KO_HEADLINE, "서울시, 심야버스 노선 확대"]
    first = parsed.entries[0]
    assert first.link == f"http://localhost/ko/dispatch/{stories['translated']}"
    assert first.id == first.link
    assert first.published_parsed[:6] == (2025, 11, 12, 5, 30, 0)  # 14:30 KST in UTC
    assert " ".join(KO_SUMMARY) in first.summary
    assert f"http://localhost/en/dispatch/{stories['translated']}" in first.summary
    assert [tag.term for tag in first.tags] == ["transport"]
    assert first.author == "Desk Wire"

    xml = etree.fromstring(response.data)
    assert xml.findtext("channel/language") == "ko"
    assert xml.findtext("channel/item/pubDate") == "Wed, 12 Nov 2025 14:30:00 +0900"
    atom = "{http://www.w3.org/2005/Atom}link"
    item_links = {
        (link.get("rel"), link.get("hreflang")): link.get("href")
        for link in xml.find("channel/item").iter(atom)
    }
    assert item_links == {
        ("alternate", "ko"): f"http://localhost/ko/dispatch/{stories['translated']}",
        ("related", "en"): f"http://localhost/en/dispatch/{stories['translated']}",
    }


def test_atom_is_valid_rfc4287_and_parses_back(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    response = _get(client, "/ko/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"

    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    document = etree.fromstring(response.data)
    assert schema.validate(document), schema.error_log
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"

    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "ko"
    assert parsed.feed.id == "http://localhost/ko/feed.atom"
    assert parsed.feed.updated_parsed is not None
    entry = parsed.entries[0]
    dispatch_id = stories["translated"]
    assert entry.id == f"http://localhost/ko/dispatch/{dispatch_id}"
    assert entry.title == KO_HEADLINE
    assert entry.link == f"http://localhost/ko/dispatch/{dispatch_id}"
    assert entry.published == "2025-11-12T14:30:00+09:00"
    assert entry.updated_parsed >= entry.published_parsed
    links = {(link.rel, link.hreflang): link.href for link in entry.links}
    assert links == {
        ("alternate", "ko"): f"http://localhost/ko/dispatch/{dispatch_id}",
        ("related", "en"): f"http://localhost/en/dispatch/{dispatch_id}",
    }
    assert entry.summary == " ".join(KO_SUMMARY)
    assert entry.content[0].language == "ko"
    # The Korean original needs no link back to itself.
    korean = parsed.entries[1]
    assert [(link.rel, link.hreflang) for link in korean.links] == [("alternate", "ko")]
    # Other languages' feeds are advertised with their hreflang.
    feed_alternates = {
        link.hreflang
        for link in parsed.feed.links
        if link.rel == "alternate" and link.type == "application/atom+xml"
    }
    assert feed_alternates == {"en", "es", "zh-Hans"}


def test_json_feed_validates_and_carries_languages(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    response = _get(client, "/zh/feed.json")
    assert response.status_code == 200
    assert response.mimetype == "application/feed+json"
    document = json.loads(response.data)
    schema = json.loads(JSON_FEED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())

    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["language"] == "zh-Hans"
    [item] = document["items"]
    dispatch_id = stories["translated"]
    assert item["id"] == item["url"] == f"http://localhost/zh/dispatch/{dispatch_id}"
    assert item["title"] == "釜山港新客运码头启用"
    # Chinese sentences are joined without a space.
    assert item["content_text"] == "釜山周一启用了新客运码头。官员预计明年客流量将翻一番。"
    assert item["date_published"] == "2025-11-12T14:30:00+09:00"
    assert item["_publisher"]["machine_translated"] is True
    assert item["_publisher"]["original_page"] == f"http://localhost/en/dispatch/{dispatch_id}"

    # feedparser 6 reads no JSON Feed, so check what a reader needs by hand.
    for key in ("title", "home_page_url", "feed_url"):
        assert document[key]
    for key in ("id", "url", "title", "content_html", "date_modified", "language"):
        assert item[key]
    assert datetime.fromisoformat(item["date_modified"]) >= datetime.fromisoformat(
        item["date_published"]
    )


@pytest.mark.parametrize("extension", ["rss", "atom", "json"])
def test_unpublished_content_never_appears(
    client: FlaskClient, stories: dict[str, int], extension: str
) -> None:
    del stories
    korean = _get(client, f"/ko/feed.{extension}").get_data(as_text=True)
    english = _get(client, f"/en/feed.{extension}").get_data(as_text=True)
    for text in ("거부된", "Not summarized yet"):
        assert text not in korean
        assert text not in english
    # The rejected translation's original is still readable in English.
    assert "Rejected translation stays hidden" in english


def test_unpublished_drafts_stay_out_of_feeds(make_web_app: MakeApp) -> None:
    app = make_web_app(languages="ko,es,zh", publish_policy="review")
    desk = desk_of(app)
    make_dispatch(
        desk.store,
        headline="machine",
        translations={"ko": ("기계 번역", ["기계."])},
        review_state="draft",
    )
    make_dispatch(
        desk.store,
        headline="approved",
        translations={"ko": ("검토된 번역", ["검토됨."])},
        review_state="approved",
    )
    parsed = feedparser.parse(_get(app.test_client(), "/ko/feed.atom").data)
    assert [entry.title for entry in parsed.entries] == ["검토된 번역"]


@pytest.mark.parametrize(
    "path", ["/xx/feed.rss", "/fr/feed.atom", "/klingon/feed.json", "/e%20n/feed.rss"]
)
def test_unknown_or_empty_languages_are_404(
    client: FlaskClient, stories: dict[str, int], path: str
) -> None:
    del stories
    assert _get(client, path).status_code == 404


def test_configured_language_without_content_gives_a_valid_empty_feed(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    del stories
    response = _get(client, "/es/feed.atom")
    assert response.status_code == 200
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    assert schema.validate(etree.fromstring(response.data)), schema.error_log
    assert feedparser.parse(response.data).entries == []


def test_conditional_get_answers_304(client: FlaskClient, stories: dict[str, int]) -> None:
    del stories
    first = _get(client, "/ko/feed.rss")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]
    again = _get(client, "/ko/feed.rss", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    since = _get(client, "/ko/feed.rss", **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    stale = _get(client, "/ko/feed.rss", **{"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_new_dispatch_changes_the_validator(
    client: FlaskClient, web_desk: Desk, stories: dict[str, int]
) -> None:
    del stories
    etag = _get(client, "/ko/feed.json").headers["ETag"]
    make_dispatch(web_desk.store, translations={"ko": ("새 소식", ["새 문장."])})
    response = _get(client, "/ko/feed.json", **{"If-None-Match": etag})
    assert response.status_code == 200
    assert "새 소식" in response.get_data(as_text=True)


def test_markup_in_text_is_escaped_not_injected(client: FlaskClient, web_desk: Desk) -> None:
    headline = 'Tom & Jerry <script>alert("x")</script>'
    make_dispatch(
        web_desk.store,
        headline=headline,
        sentences=("A < B & C > D.", "Second \x01sentence."),
        summary_indexes=(0, 1),
    )
    for extension in ("rss", "atom"):
        response = _get(client, f"/en/feed.{extension}")
        etree.fromstring(response.data)  # well-formed despite the control character
        parsed = feedparser.parse(response.data)
        assert not parsed.bozo
        assert parsed.entries[0].title == headline
    atom = feedparser.parse(_get(client, "/en/feed.atom").data)
    assert atom.entries[0].summary == "A < B & C > D. Second sentence."


def test_entry_html_links_the_original_in_its_language() -> None:
    moment = datetime(2025, 11, 12, tzinfo=UTC)
    entry = FeedEntry(
        id="https://example.org/ko/dispatch/7",
        url="https://example.org/ko/dispatch/7",
        language="ko",
        title="제목",
        summary=["첫 문장.", "둘째 문장."],
        published=moment,
        updated=moment,
        source_language="en",
        source_headline="Headline & more",
        original_page="https://example.org/en/dispatch/7",
        original_url="https://wire.example/story?id=7&x=1",
        author="Desk Wire",
    )
    html = entry_html(entry)
    fragment = etree.fromstring(html, etree.HTMLParser()).find(".//div")
    assert fragment.get("lang") == "ko"
    links = fragment.findall(".//a")
    assert [(a.get("href"), a.get("hreflang"), a.text) for a in links] == [
        ("https://example.org/en/dispatch/7", "en", "Headline & more"),
        ("https://wire.example/story?id=7&x=1", None, "Desk Wire"),
    ]
    assert fragment.find("p").text == "첫 문장. 둘째 문장."


def test_join_sentences_follows_the_writing_system() -> None:
    assert join_sentences(["一。", "二。"], "ja") == "一。二。"
    assert join_sentences(["一。", "二。"], "zh-Hans") == "一。二。"
    assert join_sentences(["One.", "Two."], "en") == "One. Two."
    assert join_sentences(["하나.", "둘."], "ko") == "하나. 둘."


def test_no_publication_time_is_invented(client: FlaskClient, web_desk: Desk) -> None:
    undated = make_dispatch(web_desk.store, headline="Undated wire copy")
    with web_desk.store.session() as session:
        session.execute(
            update(Revision)
            .where(Revision.dispatch_id == undated)
            .values(published_at=None, published_iso=None)
        )
    rss = etree.fromstring(_get(client, "/en/feed.rss").data)
    [item] = rss.findall("channel/item")
    assert item.find("pubDate") is None
    assert item.findtext("{http://purl.org/dc/elements/1.1/}date")  # when it last changed

    atom_data = _get(client, "/en/feed.atom").data
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    assert schema.validate(etree.fromstring(atom_data)), schema.error_log
    [entry] = feedparser.parse(atom_data).entries
    assert "published" not in entry and entry.updated_parsed is not None

    document = json.loads(_get(client, "/en/feed.json").data)
    jsonschema.validate(
        document,
        json.loads(JSON_FEED_SCHEMA.read_text(encoding="utf-8")),
        format_checker=jsonschema.FormatChecker(),
    )
    [json_item] = document["items"]
    assert "date_published" not in json_item and json_item["date_modified"]


def test_feed_registry_matches_the_writers() -> None:
    assert [fmt.extension for fmt in FEED_FORMATS] == ["rss", "atom", "json"]
    assert len({fmt.key for fmt in FEED_FORMATS}) == len(FEED_FORMATS)
    assert feed_format("json") is not None and feed_format("json").media_type == JSON_FEED_TYPE
    assert feed_format("xml") is None
