"""The read-only JSON API: shapes, published-only content, paging, errors, caching."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from publisher.core import Desk
from publisher.db import Revision
from publisher.web import api
from publisher.web.extensions import desk_of
from tests.builders import KST, make_dispatch

KO = (
    "부산항 새 여객터미널 개장",
    ["부산이 월요일에 새 여객터미널을 열었다.", "당국은 승객 수가 두 배로 늘 것으로 본다."],
)


@pytest.fixture
def stories(web_desk: Desk) -> dict[str, int]:
    store = web_desk.store
    return {
        "translated": make_dispatch(
            store,
            translations={"ko": KO},
            topics=["transport"],
            published=datetime(2025, 11, 12, 14, 30, tzinfo=KST),
        ),
        "rejected": make_dispatch(
            store,
            headline="Rejected translation",
            translations={"ko": ("거부된 번역", ["거부됨.", "역시 거부됨."])},
            review_state="rejected",
            published=datetime(2025, 11, 12, 10, 0, tzinfo=KST),
        ),
        "unpublished": make_dispatch(
            store,
            headline="Not summarized",
            summary_indexes=None,
            published=datetime(2025, 11, 12, 11, 0, tzinfo=KST),
        ),
        # 23:30 UTC on the 12th is already the 13th in Seoul, the Korean pages' time zone
        "late": make_dispatch(
            store,
            headline="Late night vote",
            translations={
                "ko": ("심야 표결", ["의회가 밤늦게 표결했다.", "결과는 내일 발표된다."])
            },
            published=datetime(2025, 11, 12, 23, 30, tzinfo=UTC),
        ),
    }


def _json(client: FlaskClient, path: str, status: int = 200, **headers: str) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def _assert_error(body: Any, code: int) -> str:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert isinstance(message, str) and message
    assert "Traceback" not in message
    return str(message)


def test_languages_lists_content_and_interface_languages(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    del stories
    body = _json(client, "/api/v1/languages")
    content = {item["code"]: item for item in body["content_languages"]}
    # en: originals; ko: published translations; es: configured target, nothing yet
    assert set(content) == {"en", "es", "ko"}
    assert content["ko"]["name"] == "한국어"
    assert content["ko"]["english_name"] == "Korean"
    assert content["ko"]["links"]["atom"] == "http://localhost/ko/feed.atom"
    interface = {item["code"]: item["tag"] for item in body["ui_languages"]}
    assert interface == {
        "en": "en",
        "ko": "ko",
        "ja": "ja",
        "zh": "zh-Hans",
        "es": "es",
        "fr": "fr",
        "de": "de",
    }


def test_dispatches_lists_only_published_in_that_language(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    body = _json(client, "/api/v1/dispatches?lang=ko")
    assert body["language"] == "ko"
    assert body["total"] == 2
    ids = [item["id"] for item in body["items"]]
    assert ids == [stories["late"], stories["translated"]]  # newest first
    item = body["items"][1]
    assert item["headline"] == KO[0]
    assert item["summary"] == KO[1]
    assert item["source_indexes"] == [0, 2]
    assert item["source_language"] == "en"
    assert item["machine_translated"] is True and item["reviewed"] is False
    assert item["published"] == "2025-11-12T14:30:00+09:00"
    assert item["links"]["html"] == f"http://localhost/ko/dispatch/{stories['translated']}"
    assert item["links"]["original"] == f"http://localhost/en/dispatch/{stories['translated']}"

    english = _json(client, "/api/v1/dispatches?lang=en")
    headlines = {item["headline"] for item in english["items"]}
    assert "Not summarized" not in headlines
    assert "Rejected translation" in headlines  # the original itself is published


def test_paging_metadata_and_links(client: FlaskClient, stories: dict[str, int]) -> None:
    del stories
    first = _json(client, "/api/v1/dispatches?lang=ko&page=1&per_page=1")
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 1, 2, 2)
    assert first["links"]["prev"] is None
    assert first["links"]["next"] is not None
    second = _json(client, first["links"]["next"].removeprefix("http://localhost"))
    assert second["page"] == 2
    assert second["links"]["next"] is None
    assert second["links"]["prev"] == first["links"]["self"]
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {
        item["id"] for item in _json(client, "/api/v1/dispatches?lang=ko")["items"]
    }
    beyond = _json(client, "/api/v1/dispatches?lang=ko&page=9&per_page=1")
    assert beyond["items"] == []
    assert beyond["links"]["prev"] == second["links"]["self"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("lang=ko&page=abc", "page"),
        ("lang=ko&page=0", "page"),
        ("lang=ko&page=-1", "page"),
        ("lang=ko&per_page=0", "per_page"),
        ("lang=ko&per_page=101", "per_page"),
        ("lang=ko&per_page=1.5", "per_page"),
        ("page=1", "lang"),
        ("lang=", "lang"),
    ],
)
def test_bad_query_parameters_are_400(
    client: FlaskClient, stories: dict[str, int], query: str, word: str
) -> None:
    del stories
    message = _assert_error(_json(client, f"/api/v1/dispatches?{query}", 400), 400)
    assert word in message


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dispatches?lang=it",
        "/api/v1/dispatches?lang=fr",  # a real language with no content here
        "/api/v1/digests/2025-11-12?lang=de",
        "/api/v1/dispatches/1?lang=it",
        "/api/v1/dispatches/999999",
        "/api/v1/dispatches/99999999999999999999999999",
        "/api/v1/dispatches/abc",
        "/api/v1/nothing/here",
        "/api/v1/",
    ],
)
def test_not_found_is_clean_json(client: FlaskClient, stories: dict[str, int], path: str) -> None:
    del stories
    _assert_error(_json(client, path, 404), 404)


def test_one_dispatch_with_a_language(client: FlaskClient, stories: dict[str, int]) -> None:
    dispatch_id = stories["translated"]
    body = _json(client, f"/api/v1/dispatches/{dispatch_id}?lang=ko")
    assert body["id"] == dispatch_id
    assert body["available_languages"] == ["en", "ko"]
    original = body["original"]
    assert original["language"] == "en"
    assert original["headline"] == "Port city opens a new ferry terminal"
    assert original["published"] == "2025-11-12T14:30:00+09:00"
    assert [s["index"] for s in original["sentences"]] == [0, 1, 2, 3]
    assert original["summary"]["sentence_indexes"] == [0, 2]
    localized = body["localized"]
    assert localized["headline"] == KO[0]
    # each translated sentence points at the original sentence it renders
    by_index = {s["index"]: s["text"] for s in original["sentences"]}
    aligned = [(s["text"], by_index[s["source_index"]]) for s in localized["sentences"]]
    assert aligned == [
        (KO[1][0], "Busan opened a new ferry terminal on Monday."),
        (KO[1][1], "Officials expect passenger numbers to double by next year."),
    ]
    # nothing about unpublished or internal translation state leaks
    assert "translations" not in body and "translations" not in original


def test_one_dispatch_without_a_language(client: FlaskClient, stories: dict[str, int]) -> None:
    body = _json(client, f"/api/v1/dispatches/{stories['rejected']}")
    assert body["localized"] is None
    assert body["available_languages"] == ["en"]  # the rejected ko translation is not listed
    assert body["original"]["headline"] == "Rejected translation"


def test_unpublished_dispatches_and_languages_are_404(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    _assert_error(_json(client, f"/api/v1/dispatches/{stories['unpublished']}", 404), 404)
    message = _assert_error(
        _json(client, f"/api/v1/dispatches/{stories['rejected']}?lang=ko", 404), 404
    )
    assert "ko" in message
    _assert_error(_json(client, f"/api/v1/dispatches/{stories['translated']}?lang=es", 404), 404)


def test_digest_counts_days_in_the_display_time_zone(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    twelfth = _json(client, "/api/v1/digests/2025-11-12?lang=ko")
    assert twelfth["date"] == "2025-11-12"
    assert twelfth["timezone"] == "Asia/Seoul"
    assert [item["id"] for item in twelfth["items"]] == [stories["translated"]]
    thirteenth = _json(client, "/api/v1/digests/2025-11-13?lang=ko")
    assert [item["id"] for item in thirteenth["items"]] == [stories["late"]]
    assert thirteenth["links"]["self"].startswith("http://localhost/api/v1/digests/2025-11-13?")
    english = _json(client, "/api/v1/digests/2025-11-12?lang=en")
    assert "Not summarized" not in {item["headline"] for item in english["items"]}
    # each language counts days in its own zone: the late vote is on the 12th in UTC
    assert english["timezone"] == "UTC"
    assert stories["late"] in {item["id"] for item in english["items"]}
    assert _json(client, "/api/v1/digests/2024-01-01?lang=ko")["items"] == []


@pytest.mark.parametrize(
    "day", ["2025-13-01", "2025-02-30", "20251112", "yesterday", "2025-1-1", "0001-01-01"]
)
def test_digest_bad_dates_are_400(client: FlaskClient, stories: dict[str, int], day: str) -> None:
    del stories
    message = _assert_error(_json(client, f"/api/v1/digests/{day}?lang=ko", 400), 400)
    assert day in message


def test_responses_are_cacheable_and_conditional(
    client: FlaskClient, stories: dict[str, int]
) -> None:
    del stories
    first = client.get("/api/v1/dispatches?lang=ko")
    assert "max-age" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/api/v1/dispatches?lang=ko", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/dispatches?lang=en", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_unpublished_drafts_are_hidden(make_web_app: Callable[..., Flask]) -> None:
    app = make_web_app(publish_policy="review")
    desk = desk_of(app)
    machine = make_dispatch(
        desk.store, translations={"ko": ("기계", ["기계 문장."])}, review_state="draft"
    )
    approved = make_dispatch(
        desk.store, translations={"ko": ("검토", ["검토 문장."])}, review_state="approved"
    )
    client = app.test_client()
    body = _json(client, "/api/v1/dispatches?lang=ko")
    assert [item["id"] for item in body["items"]] == [approved]
    assert body["items"][0]["reviewed"] is True
    _json(client, f"/api/v1/dispatches/{machine}?lang=ko", 404)


def test_unexpected_failures_are_json_500_without_internals(
    web_app: Flask, stories: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    del stories

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret connection string postgres://user:pw@db")

    monkeypatch.setattr(api, "published_in", broken)
    # Not TESTING, so Flask hands the exception to the error handlers instead of raising it.
    web_app.testing = False
    client = web_app.test_client()
    body = _json(client, "/api/v1/dispatches?lang=ko", 500)
    message = _assert_error(body, 500)
    assert "secret" not in message and "RuntimeError" not in message


def test_received_is_separate_and_published_is_never_invented(
    client: FlaskClient, web_desk: Desk
) -> None:
    undated = make_dispatch(web_desk.store, headline="Undated wire copy")
    with web_desk.store.session() as session:
        session.execute(
            update(Revision)
            .where(Revision.dispatch_id == undated)
            .values(published_at=None, published_iso=None)
        )
    [item] = _json(client, "/api/v1/dispatches?lang=en")["items"]
    assert item["published"] is None
    received = datetime.fromisoformat(item["received"])
    assert received.tzinfo is not None and received.year >= 2026  # the ingest time
    assert item["updated"] == item["received"]
    body = _json(client, f"/api/v1/dispatches/{undated}")
    assert body["original"]["published"] is None
    assert body["original"]["received"] == item["received"]


def test_dated_items_carry_both_times(client: FlaskClient, stories: dict[str, int]) -> None:
    body = _json(client, f"/api/v1/dispatches/{stories['translated']}?lang=ko")
    assert body["localized"]["published"] == "2025-11-12T14:30:00+09:00"
    assert body["localized"]["received"] == body["original"]["received"]
    assert datetime.fromisoformat(body["localized"]["received"]) > datetime.fromisoformat(
        body["localized"]["published"]
    )
