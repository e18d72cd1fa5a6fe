"""Reader pages: languages, redirects, dates, publication rules, errors, caching, compression."""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel import Locale
from flask import Flask, abort
from flask.testing import FlaskClient
from lxml import html
from sqlalchemy import select, update

from publisher.core import Desk
from publisher.db import Revision, Translation
from publisher.errors import ConfigError, ModelError
from publisher.settings import load_settings
from publisher.web import check_settings
from publisher.web.extensions import desk_of
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.i18n import UI_LANGUAGES
from publisher.web.topics import topic_name, topic_table
from publisher.web.urls import absolute_url_for, parse_base_url
from publisher.web.zones import ZoneNames, shipped_zones
from tests.builders import KST, make_dispatch

MakeApp = Callable[..., Flask]

KOREAN = (
    "부산에 새 여객 터미널 개장",
    ["부산이 월요일 새 여객 터미널을 열었다.", "관계자들은 승객이 늘 것으로 본다."],
)
SPANISH = (
    "Busan abre una nueva terminal de ferris",
    ["Busan abrió una terminal.", "Esperan más pasajeros."],
)
WHEN = datetime(2025, 11, 12, 14, 30, tzinfo=KST)


def _page(client: FlaskClient, url: str, **headers: str) -> html.HtmlElement:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return html.fromstring(response.get_data(as_text=True))


@pytest.fixture
def story(web_desk: Desk) -> int:
    return make_dispatch(
        web_desk.store,
        published=WHEN,
        topics=["Transport"],
        translations={"ko": KOREAN, "es": SPANISH},
    )


def _pages(story: int) -> list[str]:
    return [
        "/{lang}/",
        "/{lang}/digest/2025-11-12",
        f"/{{lang}}/dispatch/{story}",
        "/{lang}/search?q=terminal",
    ]


@pytest.mark.parametrize("lang", list(UI_LANGUAGES))
def test_every_page_renders_in_every_language(client: FlaskClient, story: int, lang: str) -> None:
    for template in _pages(story):
        url = template.format(lang=lang)
        doc = _page(client, url)
        assert doc.get("lang") == UI_LANGUAGES[lang]
        canonical = doc.xpath("//link[@rel='canonical']/@href")
        assert canonical == [f"http://localhost{url}"]
        alternates = dict(
            (link.get("hreflang"), link.get("href"))
            for link in doc.xpath("//link[@rel='alternate'][@hreflang]")
        )
        assert alternates["x-default"].startswith("http://localhost/en/")
        if "/dispatch/" in url:
            # only the languages the dispatch is published in
            assert set(alternates) == {"en", "ko", "es", "x-default"}
        else:
            assert set(alternates) == {*UI_LANGUAGES.values(), "x-default"}
        assert doc.xpath("//link[@type='application/rss+xml']/@href") == [f"/{lang}/feed.rss"]
        assert len(doc.xpath("//main")) == 1
        assert len(doc.xpath("//h1")) == 1
        assert doc.xpath("//label[@for='site-search']")


def test_ui_text_is_translated(client: FlaskClient) -> None:
    assert "본문으로 건너뛰기" in client.get("/ko/").get_data(as_text=True)
    assert "Zum Inhalt springen" in client.get("/de/").get_data(as_text=True)
    assert "跳到正文" in client.get("/zh/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("headers", "cookie", "expected"),
    [
        ({"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}, None, "/ko/"),
        ({"Accept-Language": "zh-CN,zh;q=0.9"}, None, "/zh/"),
        ({"Accept-Language": "pt-BR, fr;q=0.4"}, None, "/fr/"),
        ({"Accept-Language": "pt-BR"}, None, "/en/"),
        ({}, None, "/en/"),
        ({"Accept-Language": "ko"}, "ja", "/ja/"),
        ({"Accept-Language": "ko"}, "xx", "/ko/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language(
    client: FlaskClient, headers: dict[str, str], cookie: str | None, expected: str
) -> None:
    if cookie is not None:
        client.set_cookie("lang", cookie)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_language_switcher_keeps_the_page_and_remembers_the_choice(
    client: FlaskClient, story: int
) -> None:
    doc = _page(client, f"/ko/dispatch/{story}")
    link = doc.xpath("//nav[@class='languages']//a[@hreflang='ja']/@href")[0]
    assert link == f"/ja/choose?next=/ja/dispatch/{story}"
    response = client.get(link)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ja/dispatch/{story}"
    assert "lang=ja" in response.headers["Set-Cookie"]
    assert client.get("/", headers={"Accept-Language": "ko"}).headers["Location"] == "/ja/"


def test_language_switch_keeps_the_query(client: FlaskClient, story: int) -> None:
    del story
    doc = _page(client, "/ko/search?q=ferry")
    link = doc.xpath("//nav[@class='languages']//a[@hreflang='fr']/@href")[0]
    assert client.get(link).headers["Location"] == "/fr/search?q=ferry"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/ja/", "/ko/"])
def test_choose_refuses_foreign_targets(client: FlaskClient, target: str) -> None:
    response = client.get("/ja/choose", query_string={"next": target})
    assert response.headers["Location"] == "/ja/"


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("ko", "2025년 11월 12일 오후 2:30 Asia/Seoul"),
        ("ja", "2025年11月12日 14:30 JST"),
        ("de", "12. November 2025, 06:30 MEZ"),
        ("en", "November 12, 2025, 5:30\u202fAM UTC"),
    ],
)
def test_times_are_shown_in_the_readers_zone_and_name_it(
    client: FlaskClient, story: int, lang: str, shown: str
) -> None:
    doc = _page(client, f"/{lang}/dispatch/{story}")
    time = doc.xpath("//header//time")[0]
    assert time.text == shown
    assert time.get("datetime") == "2025-11-12T14:30:00+09:00"  # the source's offset is kept
    assert time.get("title")  # the zone's full name, for a reader who does not know the label
    assert doc.xpath("//header//span[@class='time-label']")[0].text != ""


def test_display_timezone_overrides_every_language(make_web_app: MakeApp) -> None:
    app = make_web_app(display_timezone="America/New_York")
    story = make_dispatch(desk_of(app).store, published=WHEN, translations={"ko": KOREAN})
    client = app.test_client()
    english = _page(client, f"/en/dispatch/{story}").xpath("//header//time")[0]
    assert english.text == "November 12, 2025, 12:30\u202fAM EST"
    korean = _page(client, f"/ko/dispatch/{story}").xpath("//header//time")[0]
    assert korean.text == "2025년 11월 12일 오전 12:30 America/New_York"


def test_language_timezones_replace_one_language_only(make_web_app: MakeApp) -> None:
    app = make_web_app(language_timezones="en=Asia/Tokyo")
    story = make_dispatch(desk_of(app).store, published=WHEN)
    client = app.test_client()
    english = _page(client, f"/en/dispatch/{story}").xpath("//header//time")[0]
    assert english.text == "November 12, 2025, 2:30\u202fPM Asia/Tokyo"
    german = _page(client, f"/de/dispatch/{story}").xpath("//header//time")[0]
    assert german.text.endswith("06:30 MEZ")


@pytest.mark.parametrize(
    ("settings", "start"),
    [
        ({"display_timezone": "Mars/Olympus_Mons"}, "display_timezone: 'Mars/Olympus_Mons'"),
        ({"language_timezones": "en"}, "language_timezones: cannot read 'en'"),
        ({"language_timezones": "en=Nowhere/At_All"}, "language_timezones: 'Nowhere/At_All'"),
    ],
)
def test_unknown_time_zones_are_refused_at_load(
    make_web_app: MakeApp, settings: dict[str, str], start: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        make_web_app(**settings)
    assert str(caught.value).startswith(f"setting {start}")
    assert "\n" not in str(caught.value)


def test_shipped_zones_cover_every_interface_language() -> None:
    _default, by_language = shipped_zones()
    assert set(by_language) == set(UI_LANGUAGES)
    assert by_language["ko"] == "Asia/Seoul" and by_language["en"] == "UTC"


def test_digest_days_follow_the_pages_zone(client: FlaskClient, web_desk: Desk) -> None:
    # 23:30 UTC on the 12th: still the 12th in London, already the 13th in Seoul
    make_dispatch(
        web_desk.store,
        headline="Late vote in parliament",
        published=datetime(2025, 11, 12, 23, 30, tzinfo=UTC),
        translations={"ko": ("심야 표결", ["의회가 밤늦게 표결했다.", "결과는 내일 나온다."])},
    )
    assert "Late vote in parliament" in _page(client, "/en/digest/2025-11-12").text_content()
    assert "Late vote in parliament" not in _page(client, "/en/digest/2025-11-13").text_content()
    assert "심야 표결" in _page(client, "/ko/digest/2025-11-13").text_content()
    assert "심야 표결" not in _page(client, "/ko/digest/2025-11-12").text_content()


def _forget_publication_time(desk: Desk, dispatch_id: int) -> None:
    with desk.store.session() as session:
        session.execute(
            update(Revision)
            .where(Revision.dispatch_id == dispatch_id)
            .values(published_at=None, published_iso=None)
        )


def test_a_dispatch_without_publication_time_shows_when_it_was_received(
    client: FlaskClient, web_desk: Desk
) -> None:
    undated = make_dispatch(web_desk.store, headline="Undated wire copy")
    _forget_publication_time(web_desk, undated)
    for lang, received, published in [("en", "Received", "Published"), ("ko", "수신", "발행")]:
        doc = _page(client, f"/{lang}/dispatch/{undated}")
        labels = [span.text for span in doc.xpath("//header//span[@class='time-label']")]
        assert labels == [received]
        assert published not in doc.xpath("string(//header)")
        time = doc.xpath("//header//time[@class='received']")[0]
        assert datetime.fromisoformat(time.get("datetime")).year >= 2026  # ingest, not 2025
    dated = _page(client, "/en/").xpath("//span[@class='time-label']/text()")
    assert dated == ["Received"]


def test_digest_topic_headings_are_in_the_page_language(
    client: FlaskClient, web_desk: Desk
) -> None:
    for topic in ("transport", " Culture ", "Ferry timetables"):
        translated = {lang: (f"{topic} ({lang})", ["Eins.", "Zwei."]) for lang in ("ko", "de")}
        make_dispatch(web_desk.store, published=WHEN, topics=[topic], translations=translated)

    def headings(lang: str) -> list[str]:
        doc = _page(client, f"/{lang}/digest/2025-11-12?by=topic")
        return [h.text_content() for h in doc.xpath("//section/h2")]

    assert headings("en") == ["Culture", "Ferry timetables", "Transport"]
    assert headings("ko") == ["Ferry timetables", "교통", "문화"]
    assert headings("de") == ["Ferry timetables", "Kultur", "Verkehr"]


def test_topic_table_names_every_topic_in_every_language() -> None:
    table = topic_table()
    assert set(table) == set(UI_LANGUAGES)
    keys = set(table["en"])
    assert {"politics", "economy", "sports", "weather", "disaster", "education"} <= keys
    for language, names in table.items():
        assert set(names) == keys, language
        assert all(name.strip() for name in names.values()), language
    assert topic_name("SPORTS", "ja") == "スポーツ"
    assert topic_name("Ferry timetables", "ja") == "Ferry timetables"
    assert topic_name("sports", "pt") == "sports"


def test_dispatch_page_sets_translation_beside_original(client: FlaskClient, story: int) -> None:
    doc = _page(client, f"/ko/dispatch/{story}")
    assert doc.xpath("//h1")[0].text_content() == KOREAN[0]
    translated = doc.xpath("//*[@data-source]")
    assert [s.text for s in translated] == KOREAN[1]
    assert all(s.get("tabindex") == "0" for s in translated)
    for sentence in translated:
        source = sentence.get("data-source")
        targets = doc.xpath(f"//*[@data-sentence='{source}']")
        assert targets, source
        # the original is marked as English inside the Korean page
        assert all(t.xpath("ancestor::*[@lang][1]/@lang") == ["en"] for t in targets)
    marked = [m.text for m in doc.xpath("//section[@class='full-text']//mark")]
    assert marked == [
        "Busan opened a new ferry terminal on Monday.",
        "Officials expect passenger numbers to double by next year.",
    ]
    assert doc.xpath("//script[contains(@src, 'dispatch.js')]")
    available = doc.xpath("//section[@class='languages-available']//*[@lang]/@lang")
    assert available == ["en", "es", "ko"]


def test_missing_language_is_said_not_hidden(client: FlaskClient, story: int) -> None:
    doc = _page(client, f"/ja/dispatch/{story}")
    notice = doc.xpath("//div[@class='notice']")[0]
    assert "日本語では提供されていません" in notice.text_content()
    assert sorted(notice.xpath(".//a/@href")) == sorted(
        [f"/en/dispatch/{story}", f"/es/dispatch/{story}", f"/ko/dispatch/{story}"]
    )
    assert doc.xpath("//h1/@lang") == ["en"]
    assert not doc.xpath("//*[@data-source]")


def test_home_shows_localized_items_with_badges(client: FlaskClient, story: int) -> None:
    doc = _page(client, "/ko/")
    titles = [a.text_content() for a in doc.xpath("//article//h2/a")]
    assert titles == [KOREAN[0]]
    assert doc.xpath("//article//a/@href") == [f"/ko/dispatch/{story}"]
    assert doc.xpath("//span[contains(@class, 'badge-machine')]")[0].text == "기계 번역"
    english = _page(client, "/en/")
    assert english.xpath("//span[contains(@class, 'badge-original')]")


def test_reviewed_badge(client: FlaskClient, web_desk: Desk) -> None:
    make_dispatch(
        web_desk.store,
        translations={"fr": ("Un terminal", ["Une phrase."])},
        review_state="approved",
    )
    doc = _page(client, "/fr/")
    assert doc.xpath("//span[contains(@class, 'badge-reviewed')]")[0].text == "Relue"


def test_unpublished_translations_never_show(tmp_path: Path) -> None:
    from publisher.web import create_app

    app = create_app({"instance": str(tmp_path), "TESTING": True, "publish_policy": "review"})
    desk: Desk = app.extensions["publisher.desk"]
    hidden = make_dispatch(
        desk.store,
        headline="Hidden ferry story",
        translations={"ko": KOREAN},
        review_state="draft",
    )
    client = app.test_client()
    assert KOREAN[0] not in client.get("/ko/").get_data(as_text=True)
    assert KOREAN[0] not in client.get("/ko/digest/2025-11-12").get_data(as_text=True)
    assert KOREAN[0] not in client.get("/en/search?q=터미널").get_data(as_text=True)
    page = client.get(f"/ko/dispatch/{hidden}").get_data(as_text=True)
    assert KOREAN[0] not in page and "notice" in page
    assert "Hidden ferry story" in client.get("/en/").get_data(as_text=True)
    desk.close()


def test_dispatch_published_nowhere_is_not_found(client: FlaskClient, web_desk: Desk) -> None:
    unsummarized = make_dispatch(web_desk.store, summary_indexes=None)
    assert client.get(f"/en/dispatch/{unsummarized}").status_code == 404


def test_digest_groups_and_days(client: FlaskClient, web_desk: Desk, story: int) -> None:
    del story
    make_dispatch(
        web_desk.store,
        published=WHEN,
        agency="Other Wire",
        topics=["Culture"],
        translations={"ko": ("축제 개막", ["축제가 열렸다.", "사람이 많았다."])},
    )
    make_dispatch(
        web_desk.store,
        published=datetime(2025, 11, 11, 9, 0, tzinfo=KST),
        translations={"ko": ("어제 기사", ["어제.", "그제."])},
    )
    doc = _page(client, "/ko/digest/2025-11-12")
    assert [h.text_content() for h in doc.xpath("//section/h2")] == ["교통", "문화"]
    assert "어제 기사" not in doc.text_content()
    by_agency = _page(client, "/ko/digest/2025-11-12?by=agency")
    assert [h.text_content() for h in by_agency.xpath("//section/h2")] == [
        "Desk Wire",
        "Other Wire",
    ]
    assert "어제 기사" in _page(client, "/ko/digest/2025-11-11").text_content()
    empty = _page(client, "/ko/digest/2020-01-01")
    assert "그날 이 언어로 발행된 기사가 없습니다." in empty.text_content()


def test_digest_addresses(client: FlaskClient) -> None:
    response = client.get("/de/digest/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/de/digest/20")
    # a malformed day is a bad request, as in the API
    assert client.get("/de/digest/2025-13-40").status_code == 400
    assert client.get("/de/digest/yesterday").status_code == 400


def test_pagination(tmp_path: Path) -> None:
    from publisher.web import create_app

    app = create_app({"instance": str(tmp_path), "TESTING": True, "page_size": 2})
    desk: Desk = app.extensions["publisher.desk"]
    for number in range(5):
        make_dispatch(desk.store, headline=f"Story number {number}")
    client = app.test_client()
    first = _page(client, "/en/")
    assert len(first.xpath("//ol[@class='cards']/li")) == 2
    assert first.xpath("//a[@rel='next']/@href") == ["/en/?page=2"]
    third = _page(client, "/en/?page=3")
    assert len(third.xpath("//ol[@class='cards']/li")) == 1
    assert third.xpath("//link[@rel='canonical']/@href") == ["http://localhost/en/?page=3"]
    assert client.get("/en/?page=4").status_code == 404  # well-formed, past the end
    assert client.get("/en/?page=zero").status_code == 400  # malformed, as in the API
    desk.close()


def test_not_found_is_localized(client: FlaskClient) -> None:
    response = client.get("/ko/dispatch/999999")
    assert response.status_code == 404
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.get("lang") == "ko"
    assert doc.xpath("//h1")[0].text == "페이지를 찾을 수 없습니다"
    unknown = client.get("/xx/", headers={"Accept-Language": "fr"})
    assert unknown.status_code == 404
    assert "Page introuvable" in unknown.get_data(as_text=True)


def test_errors_answer_json_to_json_clients(client: FlaskClient) -> None:
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.mimetype == "application/json"
    assert api.get_json()["error"]["code"] == 404
    wanted = client.get("/ko/dispatch/999999", headers={"Accept": "application/json"})
    assert wanted.status_code == 404
    assert wanted.get_json()["error"]["code"] == 404
    assert client.post("/ko/").status_code == 405


def test_server_error_page_shows_no_internals(web_app: Flask) -> None:
    def explode(lang: str) -> str:
        raise RuntimeError(f"secret internals for {lang}")

    web_app.add_url_rule("/<lang>/explode", "explode", explode)
    web_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = web_app.test_client().get("/ja/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "問題が発生しました" in body
    assert "secret" not in body and "RuntimeError" not in body


def test_search_finds_korean_and_english(client: FlaskClient, story: int) -> None:
    korean = _page(client, "/ko/search?q=터미널")
    assert [a.get("href") for a in korean.xpath("//article//h2/a")] == [f"/ko/dispatch/{story}"]
    assert korean.xpath("//article//mark")[0].text == "터미널"
    short = _page(client, "/ko/search?q=부산")  # two syllables: under the trigram length
    assert len(short.xpath("//article")) == 1
    english = _page(client, "/en/search?q=ferry")
    assert (
        english.xpath("//article//h2/a")[0].text_content() == "Port city opens a new ferry terminal"
    )
    # an English match shown on a Japanese page keeps its own language
    japanese = _page(client, "/ja/search?q=ferry")
    assert japanese.xpath("//article/@lang") == ["en"]


def test_search_empty_state_is_localized(client: FlaskClient, story: int) -> None:
    del story
    doc = _page(client, "/fr/search?q=introuvable")
    assert "Aucune dépêche publiée ne correspond à « introuvable »." in doc.text_content()
    assert not doc.xpath("//article")
    blank = _page(client, "/fr/search")
    assert blank.xpath("//label[@for='search-query']")


def test_conditional_get(client: FlaskClient, web_desk: Desk, story: int) -> None:
    first = client.get("/ko/")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get("/ko/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert not again.get_data()
    assert client.get("/ja/", headers={"If-None-Match": etag}).status_code == 200
    with web_desk.store.session() as session:
        session.execute(
            update(Translation).where(Translation.language == "ko").values(review_state="approved")
        )
    changed = client.get("/ko/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert (
        client.get(
            f"/ko/dispatch/{story}", headers={"If-Modified-Since": changed.headers["Last-Modified"]}
        ).status_code
        == 304
    )


def test_gzip(client: FlaskClient, story: int) -> None:
    del story
    plain = client.get("/ko/")
    response = client.get("/ko/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == plain.get_data()


def test_static_assets_are_versioned_and_cacheable(client: FlaskClient) -> None:
    doc = _page(client, "/en/")
    css = doc.xpath("//link[@rel='stylesheet']/@href")[0]
    assert "?v=" in css
    response = client.get(css)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    response.close()


BASE = "https://news.example.org/desk"
EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.fixture
def based(make_web_app: MakeApp) -> tuple[Flask, int]:
    app = make_web_app(base_url=BASE + "/")
    story = make_dispatch(desk_of(app).store, published=WHEN, translations={"ko": KOREAN})
    return app, story


def test_base_url_is_used_and_the_host_header_never_reflected(based: tuple[Flask, int]) -> None:
    app, story = based
    client = app.test_client()
    root = client.get("/", headers={**EVIL, "Accept-Language": "ko"})
    assert root.headers["Location"] == f"{BASE}/ko/"
    assert (
        client.get("/ko/digest/", headers=EVIL)
        .headers["Location"]
        .startswith(f"{BASE}/ko/digest/20")
    )
    response = client.get(f"/ko/dispatch/{story}", headers=EVIL)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    doc = html.fromstring(body)
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"{BASE}/ko/dispatch/{story}"]
    assert all(href.startswith(BASE + "/") for href in doc.xpath("//link[@hreflang]/@href"))
    switch = doc.xpath("//nav[@class='languages']//a[@hreflang='ja']/@href")[0]
    chosen = client.get(switch.removeprefix("/desk"), headers=EVIL)
    assert chosen.headers["Location"] == f"{BASE}/ja/dispatch/{story}"

    for extension in ("rss", "atom", "json"):
        feed = client.get(f"/ko/feed.{extension}", headers=EVIL).get_data(as_text=True)
        assert "evil.example" not in feed
        assert f"{BASE}/ko/dispatch/{story}" in feed
    api = client.get("/api/v1/languages", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in api
    assert f"{BASE}/ko/feed.atom" in api
    listing = client.get("/api/v1/dispatches?lang=ko", headers=EVIL).get_json()
    assert listing["links"]["self"].startswith(f"{BASE}/api/v1/dispatches?")
    assert listing["items"][0]["links"]["html"] == f"{BASE}/ko/dispatch/{story}"


def test_without_base_url_links_follow_the_request(client: FlaskClient, story: int) -> None:
    doc = _page(client, f"/en/dispatch/{story}", Host="mirror.example")
    assert doc.xpath("//link[@rel='canonical']/@href") == [
        f"http://mirror.example/en/dispatch/{story}"
    ]
    # redirects stay relative: the browser resolves them against what it asked for
    assert client.get("/", headers={"Host": "mirror.example"}).headers["Location"] == "/en/"


def test_absolute_urls_outside_a_request(based: tuple[Flask, int], web_app: Flask) -> None:
    app, story = based
    assert (
        absolute_url_for(app, "pages.dispatch", lang="ko", dispatch_id=story)
        == f"{BASE}/ko/dispatch/{story}"
    )
    with app.app_context():
        assert absolute_url_for(app, "feeds.feed", lang="es", extension="atom") == (
            f"{BASE}/es/feed.atom"
        )
    with pytest.raises(ConfigError, match="base_url is not set"):
        absolute_url_for(web_app, "pages.home", lang="en")


@pytest.mark.parametrize(
    "value",
    [
        "news.example.org",
        "ftp://news.example.org/",
        "https://",
        "https://user:pw@news.example.org/",
        "https://news.example.org/?x=1",
        "https://news.example.org/#top",
        "https://news.example.org:99999/",
        "javascript:alert(1)",
    ],
)
def test_bad_base_url_is_refused_at_load(make_web_app: MakeApp, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        make_web_app(base_url=value)
    assert str(caught.value).startswith("setting base_url: ")


def test_base_url_parts() -> None:
    base = parse_base_url("  HTTP://News.Example.org:8080  ")
    assert base is not None
    assert (base.scheme, base.netloc, base.root) == ("http", "news.example.org:8080", "/")
    assert parse_base_url("") is None


def test_every_feed_format_is_linked_and_served(client: FlaskClient, story: int) -> None:
    del story
    doc = _page(client, "/ko/")
    linked = {
        link.get("type"): link.get("href")
        for link in doc.xpath("//head/link[@rel='alternate'][@type]")
    }
    assert linked == {fmt.media_type: f"/ko/feed.{fmt.extension}" for fmt in FEED_FORMATS}
    assert doc.xpath("//head/link[@type='application/rss+xml']/@title") == ["RSS 피드"]
    footer = doc.xpath("//footer//a/text()")
    assert footer == [fmt.label for fmt in FEED_FORMATS]
    for media_type, href in linked.items():
        response = client.get(href)
        assert response.status_code == 200
        assert response.mimetype == media_type
    assert client.get("/ko/feed.xml").status_code == 404


def test_every_500_is_logged_with_its_traceback(
    web_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(lang: str) -> str:
        raise RuntimeError(f"secret internals for {lang}")

    def domain_failure(lang: str) -> str:
        raise ModelError(f"model folder unreadable for {lang}")

    def deliberate(lang: str) -> str:
        del lang
        abort(500)

    for name, view in [("explode", explode), ("domain", domain_failure), ("abort", deliberate)]:
        web_app.add_url_rule(f"/<lang>/{name}", name, view)
    web_app.testing = False
    client = web_app.test_client()
    for name, secret in [("explode", "secret internals"), ("domain", "model folder")]:
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger=web_app.logger.name):
            response = client.get(f"/en/{name}")
        assert response.status_code == 500
        assert secret not in response.get_data(as_text=True)
        [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert record.exc_info is not None and secret in str(record.exc_info[1])
        assert "Traceback" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger=web_app.logger.name):
        assert client.get("/en/abort").status_code == 500
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 1


def test_web_settings_can_be_checked_before_serving(tmp_path: Path) -> None:
    good = load_settings({"instance": str(tmp_path), "base_url": "https://news.example.org/"})
    check_settings(good)
    # a bad address never gets this far: settings are checked as they load
    with pytest.raises(ConfigError, match="^setting base_url: "):
        load_settings({"instance": str(tmp_path), "base_url": "news.example.org"})


def test_zone_names_follow_summer_time() -> None:
    names = ZoneNames()
    german = Locale.parse("de")
    winter = datetime(2025, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2025, 7, 15, 12, tzinfo=UTC)
    assert names.names(winter, "Europe/Berlin", german)[0] == "MEZ"
    assert names.names(summer, "Europe/Berlin", german)[0] == "MESZ"
    assert names.names(winter, "Europe/Berlin", german)[0] == "MEZ"  # remembered per offset
    assert names.names(winter, "Asia/Seoul", Locale.parse("ko")) == ("Asia/Seoul", "한국 표준시")


def test_the_dateline_place_is_shown_in_the_readers_language(
    client: FlaskClient, web_desk: Desk
) -> None:
    from publisher.publication import Provenance, publish

    story = make_dispatch(web_desk.store, dateline="BUSAN, Nov. 10", translations={"ko": KOREAN})
    with web_desk.store.session() as session:
        session.execute(update(Translation).values(dateline="부산"))
        revision_id = session.scalar(select(Revision.id).where(Revision.dispatch_id == story))
        assert revision_id is not None
        publish(session, revision_id, "ko", provenance=Provenance.MACHINE)
    korean = _page(client, f"/ko/dispatch/{story}")
    place = korean.xpath("//header//span[@class='dateline']")[0]
    assert (place.text, place.get("lang")) == ("부산", "ko")
    english = _page(client, f"/en/dispatch/{story}")
    place = english.xpath("//header//span[@class='dateline']")[0]
    assert (place.text, place.get("lang")) == ("BUSAN, Nov. 10", "en")


def test_a_day_inferred_from_the_dateline_shows_no_clock_time(
    client: FlaskClient, web_desk: Desk
) -> None:
    story = make_dispatch(web_desk.store, published=datetime(2025, 11, 10, 12, tzinfo=UTC))
    with web_desk.store.session() as session:
        session.execute(
            update(Revision).where(Revision.dispatch_id == story).values(published_inferred=True)
        )
    stamp = _page(client, f"/en/dispatch/{story}").xpath("//header//time")[0]
    assert stamp.get("datetime") == "2025-11-10"
    assert stamp.text == "November 10, 2025"


def test_beside_a_translation_stand_the_sentences_it_was_made_from(
    client: FlaskClient, web_desk: Desk
) -> None:
    from publisher.db import Publication

    story = make_dispatch(web_desk.store, translations={"ko": KOREAN})
    # the original's published summary changed since; the Korean version is still the old one
    with web_desk.store.session() as session:
        session.execute(
            update(Publication)
            .where(Publication.dispatch_id == story, Publication.language == "en")
            .values(source_indexes=[1], sentences=["The terminal can handle four ships at once."])
        )
    page = _page(client, f"/ko/dispatch/{story}")
    originals = page.xpath("//span[starts-with(@id, 'src-')]/@id")
    assert originals == ["src-0", "src-2"]
    targets = page.xpath("//span[@data-source]/@aria-describedby")
    assert set(targets) <= set(originals) and targets
