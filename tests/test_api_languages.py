"""The API's lang parameter: BCP 47 tags normalized, anything else a 400 problem document."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from publisher.core import Desk
from tests.builders import make_dispatch

KO = ("부산항 새 여객터미널 개장", ["부산이 월요일에 새 여객터미널을 열었다.", "승객이 늘 것이다."])


@pytest.fixture
def dispatch_id(web_desk: Desk) -> int:
    return make_dispatch(web_desk.store, translations={"ko": KO})


def _get(client: FlaskClient, path: str, status: int) -> Any:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.mark.parametrize("lang", ["KO", "ko-KR", "ko_KR", " ko"])
def test_lang_is_normalized(client: FlaskClient, dispatch_id: int, lang: str) -> None:
    listing = _get(client, f"/api/v1/dispatches?lang={lang}", 200)
    assert listing["language"] == "ko"
    assert [item["id"] for item in listing["items"]] == [dispatch_id]
    assert "lang=ko" in listing["links"]["self"]
    one = _get(client, f"/api/v1/dispatches/{dispatch_id}?lang={lang}", 200)
    assert one["localized"]["language"] == "ko" and one["localized"]["headline"] == KO[0]
    digest = _get(client, f"/api/v1/digests/2025-11-12?lang={lang}", 200)
    assert digest["language"] == "ko"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dispatches?lang=klingon",
        "/api/v1/dispatches?lang=xx-!!",
        "/api/v1/dispatches?lang=xx",
        "/api/v1/dispatches?lang=und",
        "/api/v1/dispatches?lang=" + "k" * 5000,
        "/api/v1/digests/2025-11-12?lang=klingon",
        "/api/v1/dispatches/1?lang=klingon",
        "/api/v1/dispatches/1?lang=%00",
    ],
)
def test_a_bad_tag_is_a_400_problem_document(
    client: FlaskClient, dispatch_id: int, path: str
) -> None:
    del dispatch_id
    body = _get(client, path, 400)
    assert set(body) == {"error"} and body["error"]["code"] == 400
    message = body["error"]["message"]
    assert message.startswith("lang: ") and "is not a language code" in message
    assert len(message) < 200 and "Traceback" not in message


def test_a_valid_language_without_content_is_still_404(
    client: FlaskClient, dispatch_id: int
) -> None:
    del dispatch_id
    assert _get(client, "/api/v1/dispatches?lang=pt-BR", 404)["error"]["code"] == 404
