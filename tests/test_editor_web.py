"""The editors' web shell: login, sessions, CSRF, the rate limit, roles, cookies and caching."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from publisher.core import Desk
from publisher.db import LoginLink, utcnow
from publisher.web.extensions import desk_of
from tests.builders import make_dispatch
from tests.conftest import need
from tests.test_security_headers import assert_secure

MakeApp = Callable[..., Flask]
PASSWORD = "correct horse battery"
# every editor page carries the token for scripts; forms carry the same one
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_ANY = re.compile(r"<any\(([^)]*)\):[a-z_]+>")
_ARG = re.compile(r"<(?:[^:<>]+:)?([a-z_]+)>")


def csrf_token(client: FlaskClient, path: str = "/editor/login") -> str:
    found = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert found is not None, path
    return found.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, **extra: str) -> int:
    data = {"email": email, "password": password, "csrf_token": csrf_token(client), **extra}
    response = client.post("/editor/login", data=data)
    return response.status_code


@pytest.fixture(autouse=True)
def accounts(web_desk: Desk) -> Desk:
    """An admin and an editor on the desk of ``web_app`` (and ``client``)."""
    web_desk.users.create("admin@example.org", "admin", PASSWORD)
    web_desk.users.create("ed@example.org", "editor", PASSWORD)
    return web_desk


def _editor_urls(app: Flask) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/editor") or rule.endpoint.startswith("auth."):
            continue
        # an any(...) converter gets its first choice, every other argument 1
        path = _ANY.sub(lambda m: m.group(1).split(",")[0].strip(), rule.rule)
        path = _ARG.sub("1", path)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


def test_every_editor_url_refuses_the_anonymous(web_app: Flask, client: FlaskClient) -> None:
    urls = _editor_urls(web_app)
    assert ("GET", "/editor/") in urls and ("POST", "/editor/users/1/disable") in urls
    for method, path in urls:
        if method != "GET":
            continue
        response = client.open(path, method=method)
        if path.startswith("/editor/api/"):
            assert response.status_code == 401, path
            assert response.get_json()["error"]["code"] == 401
        else:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/editor/login?next=")
        assert "no-store" in response.headers["Cache-Control"]
    # state-changing ones too, once they carry a valid token (without one: the CSRF 400)
    token = csrf_token(client)
    for method, path in urls:
        if method == "POST":
            response = client.post(path, data={"csrf_token": token})
            assert response.status_code == 302, path


def test_login_goes_on_to_next_and_logout_ends_it(client: FlaskClient) -> None:
    first = client.get("/editor/users")
    assert first.headers["Location"] == "/editor/login?next=/editor/users"
    token = csrf_token(client, first.headers["Location"])
    response = client.post(
        "/editor/login",
        data={
            "email": "Admin@Example.org",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/editor/users",
        },
    )
    assert response.status_code == 303 and response.headers["Location"] == "/editor/users"
    page = client.get("/editor/")
    assert page.status_code == 200 and "admin@example.org" in page.text
    token = csrf_token(client, "/editor/")
    assert client.post("/editor/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/editor/").status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x", "x"]
)
def test_next_goes_only_to_this_site(client: FlaskClient, target: str) -> None:
    data = {
        "email": "ed@example.org",
        "password": PASSWORD,
        "csrf_token": csrf_token(client),
        "next": target,
    }
    response = client.post("/editor/login", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/editor/"


def test_wrong_password_is_refused(client: FlaskClient) -> None:
    assert log_in(client, "ed@example.org", "not the password") == 401
    assert log_in(client, "nobody@example.org") == 401
    assert client.get("/editor/").status_code == 302


def test_a_missing_or_wrong_csrf_token_is_refused(client: FlaskClient) -> None:
    data = {"email": "ed@example.org", "password": PASSWORD}
    missing = client.post("/editor/login", data=data, headers={"Accept-Language": "ko"})
    assert missing.status_code == 400 and "양식이 만료되었습니다" in missing.text
    assert_secure(missing)
    wrong = client.post("/editor/login", data={**data, "csrf_token": "forged"})
    assert wrong.status_code == 400
    assert client.get("/editor/").status_code == 302  # not logged in
    assert log_in(client, "ed@example.org") == 303
    # JSON calls: the token in a header, the refusal a JSON problem
    bare = client.post("/editor/logout", headers={"Accept": "application/json"})
    assert bare.status_code == 400 and "CSRF" in bare.get_json()["error"]["message"]
    assert client.get("/editor/api/me").get_json()["email"] == "ed@example.org"
    token = csrf_token(client, "/editor/")
    assert client.post("/editor/logout", headers={"X-CSRFToken": token}).status_code == 303
    assert client.get("/editor/api/me").status_code == 401


def test_an_editor_cannot_manage_users(accounts: Desk, client: FlaskClient) -> None:
    assert log_in(client, "ed@example.org") == 303
    token = csrf_token(client, "/editor/")
    admin = accounts.users.get("admin@example.org")
    assert client.get("/editor/users").status_code == 403
    for action in ("disable", "enable", "link"):
        response = client.post(f"/editor/users/{admin.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 403, action
    created = client.post(
        "/editor/users", data={"csrf_token": token, "email": "x@example.org", "role": "admin"}
    )
    assert created.status_code == 403
    assert accounts.users.get("admin@example.org").active
    assert [a.email for a in accounts.users.list()] == ["admin@example.org", "ed@example.org"]
    assert "/editor/users" not in client.get("/editor/").text


def test_an_admin_makes_an_account_whose_link_logs_in_once(
    accounts: Desk, web_app: Flask, client: FlaskClient
) -> None:
    assert log_in(client, "admin@example.org") == 303
    token = csrf_token(client, "/editor/users")
    made = client.post(
        "/editor/users", data={"csrf_token": token, "email": "New@Example.org", "role": "editor"}
    )
    assert made.status_code == 201
    link = re.search(r'<code class="login-link">([^<]+)</code>', made.text)
    assert link is not None
    path = link.group(1).removeprefix("http://localhost")
    assert path.startswith("/editor/login/")
    again = client.post(
        "/editor/users", data={"csrf_token": token, "email": "new@example.org", "role": "editor"}
    )
    assert again.status_code == 400 and "exists already" in again.text
    newcomer = web_app.test_client()
    confirm = newcomer.get(path)
    assert confirm.status_code == 200 and "new@example.org" in confirm.text
    assert confirm.headers["Referrer-Policy"] == "no-referrer"
    token = _TOKEN.search(confirm.text).group(1)  # type: ignore[union-attr]
    used = newcomer.post(path, data={"csrf_token": token})
    assert used.status_code == 303 and used.headers["Location"] == "/editor/password"
    # no password yet: set one without a current one
    token = csrf_token(newcomer, "/editor/password")
    set_it = newcomer.post(
        "/editor/password",
        data={"csrf_token": token, "new": "my own new password", "repeat": "my own new password"},
    )
    assert set_it.status_code == 303
    assert newcomer.get("/editor/").status_code == 200  # the session goes on
    assert accounts.users.authenticate("new@example.org", "my own new password")
    stranger = web_app.test_client()
    assert stranger.get(path).status_code == 404  # used up
    token = csrf_token(stranger)
    assert stranger.post(path, data={"csrf_token": token}).status_code == 404


def test_an_expired_link_does_not_log_in(accounts: Desk, client: FlaskClient) -> None:
    issued = accounts.users.issue_login_link("ed@example.org")
    with accounts.store.session() as session:
        session.execute(update(LoginLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert client.get(f"/editor/login/{issued.token}").status_code == 404
    token = csrf_token(client)
    assert (
        client.post(f"/editor/login/{issued.token}", data={"csrf_token": token}).status_code == 404
    )
    assert client.get("/editor/").status_code == 302


def test_sessions_end_on_password_change_and_on_disable(
    accounts: Desk, web_app: Flask, client: FlaskClient
) -> None:
    assert log_in(client, "ed@example.org") == 303
    assert client.get("/editor/").status_code == 200
    accounts.users.set_password("ed@example.org", "a different password")
    assert client.get("/editor/").status_code == 302
    assert log_in(client, "ed@example.org", "a different password") == 303
    other = web_app.test_client()
    assert log_in(other, "ed@example.org", "a different password") == 303
    # an admin disables the account on the web: both sessions end
    admin = web_app.test_client()
    assert log_in(admin, "admin@example.org") == 303
    ed = accounts.users.get("ed@example.org")
    token = csrf_token(admin, "/editor/users")
    assert (
        admin.post(f"/editor/users/{ed.id}/disable", data={"csrf_token": token}).status_code == 303
    )
    assert client.get("/editor/").status_code == 302
    assert other.get("/editor/api/me").status_code == 401
    assert log_in(client, "ed@example.org", "a different password") == 401
    own = accounts.users.get("admin@example.org")
    refused = admin.post(f"/editor/users/{own.id}/disable", data={"csrf_token": token})
    assert refused.status_code == 400 and accounts.users.get("admin@example.org").active


def test_changing_ones_password_needs_the_current_one(accounts: Desk, client: FlaskClient) -> None:
    assert log_in(client, "ed@example.org") == 303
    token = csrf_token(client, "/editor/password")
    data = {"csrf_token": token, "new": "the next password", "repeat": "the next password"}
    assert client.post("/editor/password", data={**data, "current": "wrong"}).status_code == 400
    short = {"csrf_token": token, "current": PASSWORD, "new": "short", "repeat": "short"}
    assert client.post("/editor/password", data=short).status_code == 400
    differ = {**data, "current": PASSWORD, "repeat": "something else"}
    assert client.post("/editor/password", data=differ).status_code == 400
    assert client.post("/editor/password", data={**data, "current": PASSWORD}).status_code == 303
    assert client.get("/editor/").status_code == 200
    assert accounts.users.authenticate("ed@example.org", "the next password")


def test_the_login_rate_limit_triggers(client: FlaskClient) -> None:
    codes = [log_in(client, "ed@example.org", "wrong password!") for _ in range(6)]
    assert codes == [401] * 5 + [429]
    blocked = client.post(
        "/editor/login",
        data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": csrf_token(client)},
        headers={"Accept-Language": "de"},
    )
    assert blocked.status_code == 429 and "Zu viele Versuche" in blocked.text
    assert "Retry-After" in blocked.headers
    # another account from the same address is still let in
    assert log_in(client, "admin@example.org") == 303


@pytest.mark.redis
def test_the_rate_limit_is_counted_in_redis(make_web_app: MakeApp) -> None:
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        need(False, "Redis on 127.0.0.1:6379")
    app = make_web_app(queue_url="redis://127.0.0.1:6379/0")
    email = f"{uuid.uuid4().hex}@example.org"
    desk_of(app).users.create(email, "editor", PASSWORD)
    first, second = app.test_client(), app.test_client()
    assert [log_in(first, email, "wrong password!") for _ in range(3)] == [401] * 3
    # another client (another worker would do the same): the count is shared
    assert [log_in(second, email, "wrong password!") for _ in range(3)] == [401, 401, 429]
    # counted in Redis, where every server process of the desk sees it
    keys = redis.Redis.from_url("redis://127.0.0.1:6379/0").keys(f"*{email}*")
    assert keys


def test_cookie_flags(make_web_app: MakeApp) -> None:
    plain = make_web_app().test_client()
    plain.get("/editor/login")
    cookie = plain.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure
    secure = make_web_app().test_client()
    secure.get("/editor/login", base_url="https://localhost")
    cookie = secure.get_cookie("session", domain="localhost")
    assert cookie is not None and cookie.secure and cookie.http_only
    public = make_web_app(base_url="https://news.example.org/")
    response = public.test_client().get("/editor/login", base_url="http://news.example.org")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Lax" in response.headers["Set-Cookie"]


def test_editor_pages_are_never_stored(client: FlaskClient) -> None:
    for path in ("/editor/login", "/editor/"):
        response = client.get(path)
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert_secure(response)
    assert log_in(client, "admin@example.org") == 303
    for path in ("/editor/", "/editor/users", "/editor/password", "/editor/api/me"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path
        assert "public" not in response.headers["Cache-Control"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert_secure(response)


def test_reader_pages_stay_public_and_set_no_cookie(web_desk: Desk, client: FlaskClient) -> None:
    dispatch_id = make_dispatch(web_desk.store)
    for path in ("/en/", f"/en/dispatch/{dispatch_id}", "/en/feed.atom", "/api/v1/languages"):
        for _attempt in range(2):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "Set-Cookie" not in response.headers, path
            assert "Cookie" not in response.headers.get("Vary", ""), path
            assert "no-store" not in response.headers.get("Cache-Control", "")
        assert client.get_cookie("session") is None


def test_a_logged_in_editor_gets_no_cookie_on_reader_pages(client: FlaskClient) -> None:
    assert log_in(client, "ed@example.org") == 303
    response = client.get("/en/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Set-Cookie" in client.get("/editor/").headers  # renewed where editors work
