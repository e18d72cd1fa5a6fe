"""Hostile input on the editors' pages, logged in: whatever the path, query or form, a clear
4xx or a page, never a 500 (the anonymous walk of tests/test_web_input.py stops at the login).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.core import Desk
from publisher.settings import load_settings
from publisher.web import create_app
from tests.doubles import RecordingTranslator
from tests.review_support import FIRST, ingest_text
from tests.test_web_input import (
    HOSTILE_TEXT,
    PROPERTY_SETTINGS,
    ROUTES,
    SEGMENTS,
    VALUES,
    assert_well_formed,
    requests,
)

ADMIN = "admin@example.org"
PASSWORD = "a long test password"
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
EDITOR_GETS = sorted(
    rule
    for rule in ROUTES
    if rule.startswith("/editor/")
    and "login" not in rule
    # files and their JSON index answer as such once logged in: their own tests cover them
    and not rule.startswith("/editor/download/")
    and not rule.endswith(("/act", "/edit/<lang>", "/selection", "/resummarize", "/dismiss"))
    and not rule.endswith(("/add", "/remove", "/import", "/logout", "/disable", "/enable"))
    and not rule.endswith("/link")
)


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FlaskClient, int, str]]:
    root = tmp_path_factory.mktemp("review-input")
    desk = Desk(
        load_settings({"instance": str(root / "desk"), "languages": "ko,es"}),
        engines={"double": RecordingTranslator(pairs={("en", "ko"), ("en", "es")})},
    )
    try:
        story = ingest_text(desk, root / "in", "ferry.md", FIRST)
        desk.users.create(ADMIN, "admin", PASSWORD)
        app: Flask = create_app({"TESTING": True}, desk=desk)
        client = app.test_client()
        token = _TOKEN.search(client.get("/editor/login").get_data(as_text=True))
        assert token is not None
        data = {"email": ADMIN, "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/editor/login", data=data).status_code == 303
        page = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
        found = _TOKEN.search(page)
        assert found is not None
        yield client, story, found.group(1)
    finally:
        desk.close()


def test_the_editor_routes_are_all_thrown_at() -> None:
    assert "/editor/queue" in EDITOR_GETS and "/editor/memory" in EDITOR_GETS
    assert "/editor/dispatch/<id:dispatch_id>/preview/<lang>" in EDITOR_GETS


@pytest.mark.parametrize("rule", EDITOR_GETS)
def test_no_editor_page_answers_500(editor: tuple[FlaskClient, int, str], rule: str) -> None:
    client, _story, _token = editor

    @settings(PROPERTY_SETTINGS, max_examples=25)
    @given(request=requests(SEGMENTS, [rule]))
    def check(request: tuple[str, str, dict[str, str]]) -> None:
        _rule, url, headers = request
        response = client.get(url, headers=headers)
        assert response.status_code != 302 or "/editor/login" not in response.headers["Location"]
        assert_well_formed(
            response, url, ROUTES[rule][0], json_wanted=headers["Accept"] == "application/json"
        )

    check()


FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "action",
            "lang",
            "expected_version",
            "reason",
            "notice",
            "headline",
            "was-headline",
            "s-0",
            "was-s-0",
            "s-99999",
            "sentence",
            "method",
            "count",
            "dispatch_id",
            "next",
        ]
    ),
    st.one_of(VALUES, st.sampled_from(["approve", "reject", "kill", "ko", "es", "1", "lead"])),
    max_size=6,
)
POSTS = ["act", "edit/ko", "edit/%E0", "selection", "resummarize"]


@settings(PROPERTY_SETTINGS, max_examples=120)
@given(target=st.sampled_from(POSTS), fields=FIELDS, extra=st.lists(HOSTILE_TEXT, max_size=2))
def test_no_form_answers_500(
    editor: tuple[FlaskClient, int, str], target: str, fields: dict[str, str], extra: list[str]
) -> None:
    client, story, token = editor
    data: dict[str, object] = {**fields, "csrf_token": token}
    if extra:
        data["sentence"] = extra  # repeated fields
    response = client.post(f"/editor/dispatch/{story}/{target}", data=data)
    assert response.status_code < 500, (target, fields, response.status_code)
    flag = client.post("/editor/flags/1/dismiss", data=data)
    assert flag.status_code < 500, (fields, flag.status_code)
