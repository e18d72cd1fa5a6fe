"""Hostile and broken input on every reader route: a clear 4xx, never a 500.

The cases that once answered 500 are pinned one by one; then Hypothesis throws arbitrary
path segments, query parameters and headers at every route of the app's URL map, and a
completeness test makes sure a new route cannot be added without being thrown at too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from werkzeug.test import TestResponse

from publisher.core import Desk
from publisher.settings import load_settings
from publisher.web import create_app
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.i18n import UI_LANGUAGES
from publisher.web.params import MAX_ID, MAX_PATH, MAX_QUERY_STRING, has_control
from tests.builders import KST, make_dispatch

# Every rule of the URL map, and what it answers when all goes well. The property tests draw
# from this table; test_every_route_is_thrown_at keeps it equal to the app's URL map.
ROUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    # rule: (what it answers when all goes well, the query parameters its view reads)
    "/static/<path:filename>": ("static", ()),
    "/": ("html", ()),
    "/<lang>/choose": ("html", ("next",)),
    "/<lang>/": ("html", ("page",)),
    "/<lang>/digest/": ("html", ()),
    "/<lang>/digest/<day>": ("html", ("by",)),
    "/<lang>/dispatch/<id:dispatch_id>": ("html", ()),
    "/<lang>/search": ("html", ("q", "page")),
    "/<lang>/feed.<any(rss, atom, json):extension>": ("feed", ()),
    "/<lang>/download/dispatch/<id:dispatch_id>.<any(txt, md, html, epub, docx):fmt>": (
        "download",
        (),
    ),
    "/<lang>/download/digest/<day>.<any(epub, docx):fmt>": ("download", ()),
    "/api/v1/languages": ("json", ()),
    "/api/v1/dispatches": ("json", ("lang", "page", "per_page")),
    "/api/v1/dispatches/<id:dispatch_id>": ("json", ("lang",)),
    "/api/v1/digests/<day>": ("json", ("lang", "page", "per_page")),
    "/api/v1/openapi.json": ("json", ()),
    "/api/v1/": ("json", ()),
    "/api/v1/<path:unknown>": ("json", ()),
    # the editors' pages: the anonymous are sent to the login page, the API answers 401
    "/editor/login": ("html", ("next",)),
    "/editor/logout": ("html", ()),  # POST only: a GET is 405
    "/editor/login/<token>": ("html", ()),
    "/editor/": ("html", ()),
    "/editor/password": ("html", ()),
    "/editor/users": ("html", ()),
    "/editor/users/<id:user_id>/disable": ("html", ()),
    "/editor/users/<id:user_id>/enable": ("html", ()),
    "/editor/users/<id:user_id>/link": ("html", ()),
    "/editor/api/me": ("json", ()),
    "/editor/queue": ("html", ("lang", "state", "agency", "age", "flagged", "page")),
    "/editor/dispatch/<id:dispatch_id>": ("html", ()),
    "/editor/dispatch/<id:dispatch_id>/act": ("html", ()),  # POST only
    "/editor/dispatch/<id:dispatch_id>/edit/<lang>": ("html", ()),  # POST only
    "/editor/dispatch/<id:dispatch_id>/selection": ("html", ()),  # POST only
    "/editor/dispatch/<id:dispatch_id>/resummarize": ("html", ()),  # POST only
    "/editor/dispatch/<id:dispatch_id>/preview/<lang>": ("html", ()),
    "/editor/flags/<id:flag_id>/dismiss": ("html", ()),  # POST only
    "/editor/api/dispatch/<id:dispatch_id>/presence": ("json", ()),
    "/editor/glossaries": ("html", ("pair",)),
    "/editor/glossaries/<pair>": ("html", ()),
    "/editor/glossaries/<pair>/add": ("html", ()),  # POST only
    "/editor/glossaries/<pair>/remove": ("html", ()),  # POST only
    "/editor/glossaries/<pair>/import": ("html", ()),  # POST only
    "/editor/glossaries/<pair>/export.<fmt>": ("html", ()),
    "/editor/memory": ("html", ("pair", "retired", "page")),
    "/editor/download/dispatch/<id:dispatch_id>/<lang>.<any(xlf, xliff12, csv):fmt>": (
        "html",
        (),
    ),
    "/editor/download/memory.tmx": ("html", ("lang",)),
    "/editor/download/archive.zip": ("html", ("since", "until", "lang")),
    "/editor/download/dispatch/<id:dispatch_id>.json": ("html", ()),
}
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([a-z_]+)>")
_UI_TAGS = set(UI_LANGUAGES.values())

# Text as hostile as a URL can carry: controls, NUL, any (surrogate-free) unicode.
HOSTILE_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
CONTROLLED_TEXT = st.builds(
    lambda before, control, after: before + control + after,
    HOSTILE_TEXT,
    st.sampled_from(["\x00", "\r\n", "\n", "\x1b", "\x7f", "\x85", "\t"]),
    HOSTILE_TEXT,
)
EDGE_NUMBERS = [
    *(str(MAX_ID), str(MAX_ID + 1), "99999999999999999999", "1000000000", "1000000001"),
    *("0", "007", "²", "١٢", "１", "1e3", " 1", "+1", "-1", "1.5"),
]
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=10**15, max_value=10**40).map(str),
    st.sampled_from(EDGE_NUMBERS),
)
VALUES = st.one_of(HOSTILE_TEXT, CONTROLLED_TEXT, NUMBERS, st.just(""))
EDGE_DAYS = st.sampled_from(["2025-11-12", "0001-01-01", "0001-01-02", "9999-12-31", "2025-02-30"])
DAYS = st.one_of(
    EDGE_DAYS,
    EDGE_DAYS,
    st.dates().map(lambda day: day.isoformat()),
    VALUES,
)
# Valid values are drawn often, so that the other parts of a request reach the view.
LANGS = st.sampled_from([*UI_LANGUAGES, "ko", "es"])
SEGMENTS: dict[str, st.SearchStrategy[str]] = {
    "lang": st.one_of(LANGS, LANGS, LANGS, st.sampled_from(["xx", "EN", "ko-KR"]), VALUES),
    "day": DAYS,
    "dispatch_id": st.one_of(st.sampled_from(["1", "2", "3"]), NUMBERS, VALUES),
    "extension": st.one_of(st.sampled_from([fmt.extension for fmt in FEED_FORMATS]), VALUES),
    "filename": st.one_of(st.sampled_from(["site.css", "../pyproject.toml"]), VALUES),
    "fmt": st.one_of(st.sampled_from(["txt", "md", "html", "epub", "docx"]), VALUES),
    "unknown": VALUES,
    "token": st.one_of(st.just("a" * 43), st.just("b" * 500), VALUES),
    "user_id": st.one_of(st.sampled_from(["1", "2"]), NUMBERS, VALUES),
    "flag_id": st.one_of(st.sampled_from(["1", "2"]), NUMBERS, VALUES),
    "pair": st.one_of(st.sampled_from(["en-ko", "ko-en", "en-xx", "en"]), VALUES),
}
# Segments that route, so that a hostile query reaches the view behind them.
ROUTING_SEGMENTS: dict[str, st.SearchStrategy[str]] = {
    "lang": st.just("en"),
    "day": st.just("2025-11-12"),
    "dispatch_id": st.sampled_from(["1", "2"]),
    "extension": st.sampled_from([fmt.extension for fmt in FEED_FORMATS]),
    "filename": st.just("site.css"),
    "fmt": st.sampled_from(["txt", "epub"]),
    "unknown": st.just("nothing"),
    "token": st.just("a" * 43),
    "user_id": st.just("1"),
    "flag_id": st.just("1"),
    "pair": st.just("en-ko"),
}
KNOWN_PARAMETERS = st.sampled_from(["page", "per_page", "q", "by", "next", "lang"])
PARAMETER_NAMES = st.one_of(KNOWN_PARAMETERS, KNOWN_PARAMETERS, HOSTILE_TEXT)
PARAMETER_VALUES = st.one_of(
    NUMBERS,
    CONTROLLED_TEXT,
    VALUES,
    st.sampled_from(["topic", "agency", "ko", "en", "/en/", "/en/search?q=a", "//evil.example"]),
    st.sampled_from(["/en/", "/ko/"]).flatmap(lambda home: CONTROLLED_TEXT.map(home.__add__)),
)
EDGE_VALUES = st.sampled_from(
    [*EDGE_NUMBERS, "", "a\x00b", "\x1b[2J", "topic", "ko", "\ufeff", "/en/\r\nSet-Cookie: x=1"]
)
READ_VALUES = st.one_of(EDGE_VALUES, EDGE_VALUES, PARAMETER_VALUES)
# Values that get past the first check of a parameter, so the later ones are met too.
INNER_VALUES = {
    "next": st.one_of(
        st.sampled_from(["/en/", "/ko/"]).flatmap(
            lambda home: st.one_of(CONTROLLED_TEXT, HOSTILE_TEXT).map(home.__add__)
        ),
        READ_VALUES,
    ),
}
# Extra parameters, with names repeated or hostile: a list of pairs, not a dict.
EXTRA_PARAMETERS = st.lists(st.tuples(PARAMETER_NAMES, PARAMETER_VALUES), max_size=3)

PROPERTY_SETTINGS = settings(
    max_examples=100,
    derandomize=True,  # the same cases on every run, so CI is repeatable
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("web-input") / "instance"
    desk = Desk(load_settings({"instance": str(instance), "languages": "ko,es"}))
    published = datetime(2025, 11, 12, 14, 30, tzinfo=KST)
    make_dispatch(
        desk.store,
        translations={"ko": ("부산항 새 터미널", ["첫 문장.", "둘째 문장."])},
        topics=["transport"],
        published=published,
    )
    make_dispatch(desk.store, headline="Second story", published=published)
    make_dispatch(desk.store, headline="Unpublished", summary_indexes=None)
    yield create_app({"TESTING": True}, desk=desk)
    desk.close()


@pytest.fixture(scope="module")
def hostile_client(hostile_app: Flask) -> FlaskClient:
    return hostile_app.test_client(use_cookies=False)  # no example leaks a choice to another


def assert_well_formed(response: TestResponse, path: str, kind: str, json_wanted: bool) -> None:
    """No 500, and an answer of the shape its route promises (errors: localized or JSON)."""
    status = response.status_code
    assert status < 500, (path, status)
    body = response.get_data()
    response.close()  # a static file is streamed from an open file
    if status in {301, 302, 303, 307, 308}:
        location = response.headers["Location"]
        assert location and not has_control(location)
        return
    if status == 304:
        return
    if status >= 400 and (kind == "json" or json_wanted):
        problem = json.loads(body)
        assert response.mimetype == "application/json"
        assert set(problem) == {"error"}
        assert problem["error"]["code"] == status
        assert isinstance(problem["error"]["message"], str) and problem["error"]["message"]
        return
    if status >= 400 or kind == "html":
        assert response.mimetype == "text/html", (path, status, response.mimetype)
        text = body.decode("utf-8")
        # nothing the client sent may carry control characters into the page
        assert not has_control(text.replace("\n", "").replace("\t", "")), path
        document = html.fromstring(text)
        assert document.get("lang") in _UI_TAGS
        if status >= 400:
            assert document.xpath("//p[@class='error-code']"), path
        return
    if kind == "json":
        json.loads(body)
    elif kind == "download":
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment; filename=") and not has_control(disposition)
    elif kind == "feed":
        if response.mimetype.endswith("json"):
            json.loads(body)
        else:
            etree.fromstring(body)


def _fill(rule: str, segments: dict[str, str]) -> str:
    """``rule`` with each argument replaced by its drawn segment, percent-encoded."""
    return _ARGUMENT.sub(lambda match: quote(segments[match.group(1)], safe=""), rule)


@st.composite
def requests(
    draw: st.DrawFn, segments: dict[str, st.SearchStrategy[str]], rules: list[str]
) -> tuple[str, str, dict[str, str]]:
    """A GET of one of ``rules``: its arguments drawn from ``segments``, the parameters its
    view reads absent, once or repeated with edge values, more parameters, any Accept."""
    rule = draw(st.sampled_from(rules))
    path = _fill(rule, {name: draw(segments[name]) for name in _ARGUMENT.findall(rule)})
    pairs = [
        (name, value)
        for name in ROUTES[rule][1]
        for value in draw(st.lists(INNER_VALUES.get(name, READ_VALUES), max_size=2))
    ]
    query = urlencode(draw(st.permutations([*pairs, *draw(EXTRA_PARAMETERS)])))
    headers = {"Accept": draw(st.sampled_from(["text/html", "application/json", "*/*"]))}
    return rule, path + (f"?{query}" if query else ""), headers


def test_every_route_is_thrown_at(hostile_app: Flask) -> None:
    rules = {rule.rule for rule in hostile_app.url_map.iter_rules()}
    assert rules == set(ROUTES), "add the new route to ROUTES (and its arguments to SEGMENTS)"
    arguments = {name for rule in rules for name in _ARGUMENT.findall(rule)}
    assert arguments <= set(SEGMENTS) and arguments <= set(ROUTING_SEGMENTS)
    for rule in hostile_app.url_map.iter_rules():
        assert set(_ARGUMENT.findall(rule.rule)) == set(rule.arguments) - set(rule.defaults or {})


def _check(client: FlaskClient, request: tuple[str, str, dict[str, str]]) -> None:
    rule, url, headers = request
    response = client.get(url, headers=headers)
    assert_well_formed(
        response, url, ROUTES[rule][0], json_wanted=headers["Accept"] == "application/json"
    )


@pytest.mark.parametrize("rule", sorted(rule for rule in ROUTES if _ARGUMENT.search(rule)))
def test_no_route_answers_500_to_any_path(hostile_client: FlaskClient, rule: str) -> None:
    @settings(PROPERTY_SETTINGS, max_examples=20)
    @given(request=requests(SEGMENTS, [rule]))
    def check(request: tuple[str, str, dict[str, str]]) -> None:
        _check(hostile_client, request)

    check()


@pytest.mark.parametrize("rule", sorted(ROUTES))
def test_no_route_answers_500_to_any_query(hostile_client: FlaskClient, rule: str) -> None:
    # Per route, so that every view meets enough hostile queries of its own.
    examples = 30 if ROUTES[rule][1] else 6

    @settings(PROPERTY_SETTINGS, max_examples=examples)
    @given(request=requests(ROUTING_SEGMENTS, [rule]))
    def check(request: tuple[str, str, dict[str, str]]) -> None:
        _check(hostile_client, request)

    check()


# Header values as a server can hand them on: no CR or LF (those end the header).
HEADER_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=60
)


@settings(PROPERTY_SETTINGS, max_examples=60)
@given(
    path=st.sampled_from(["/", "/en/", "/ko/dispatch/1", "/api/v1/languages", "/xx/"]),
    host=st.one_of(
        st.sampled_from(["localhost", "example.org:8080", "[::1]:80"]),
        st.integers(60, 300).map(lambda length: "a" * length),  # idna allows 63 per label
        HEADER_TEXT,
    ),
    accept_language=st.one_of(
        HEADER_TEXT, st.integers(1, 3000).map(lambda n: "ko;q=0.5, en-x-y;q=1e309," * n)
    ),
)
def test_no_route_answers_500_to_any_host_or_language(
    hostile_client: FlaskClient, path: str, host: str, accept_language: str
) -> None:
    response = hostile_client.get(path, headers={"Host": host, "Accept-Language": accept_language})
    kind = "json" if path.startswith("/api/") else "html"
    assert_well_formed(response, path, kind, json_wanted=False)


# The reported cases, and their kin, one by one.
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/en/?page=99999999999999999999", 400),
        ("/en/?page=²", 400),
        ("/en/?page=١", 400),
        ("/en/?page=0", 400),
        ("/en/?page=-1", 400),
        ("/en/?page=", 400),
        ("/en/?page=1&page=2", 400),
        ("/en/?page=1000000000", 404),  # the largest page there may be: past the end
        ("/en/search?q=a&page=99999999999999999999", 400),
        ("/en/dispatch/9223372036854775808", 404),
        ("/en/dispatch/9223372036854775807", 404),
        ("/en/dispatch/0", 404),
        ("/en/dispatch/01", 404),
        ("/en/dispatch/١", 404),
        ("/en/dispatch/-1", 404),
        ("/en/digest/0001-01-01", 400),
        ("/en/digest/9999-12-31", 400),
        ("/en/digest/2025-02-30", 400),
        ("/en/digest/２０２５-１１-１２", 400),
        ("/en/digest/0001-01-02", 200),
        ("/en/digest/9999-12-30", 200),
        ("/en/digest/2025-11-12?by=%00", 400),
        ("/en/digest/2025-11-12?by=place", 400),
        ("/en/search?q=abc%00def", 400),
        ("/en/search?q=abc%1bdef", 400),
        ("/en/search?q=a&q=b", 400),
        ("/en/search?q=%ff", 400),
        ("/en/choose?next=/en/%0d%0aSet-Cookie:x", 400),
        ("/en/x%00y", 400),
        ("/api/v1/dispatches/9223372036854775808", 404),
        ("/api/v1/dispatches?lang=ko&page=1000000000", 200),
        ("/api/v1/dispatches?lang=ko&page=1000000001", 400),
        ("/api/v1/dispatches?lang=ko&lang=es", 400),
        ("/api/v1/dispatches?lang=k%00o", 400),
        ("/api/v1/dispatches?lang=ko&per_page=%C2%B2", 400),
        ("/api/v1/digests/9999-12-31?lang=ko", 400),
        ("/api/v1/%00", 400),
    ],
)
def test_broken_input_is_a_clear_client_error(
    hostile_client: FlaskClient, url: str, status: int
) -> None:
    response = hostile_client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    kind = "json" if url.startswith("/api/") else "html"
    assert_well_formed(response, url, kind, json_wanted=False)


def test_api_errors_name_the_parameter(hostile_client: FlaskClient) -> None:
    page = hostile_client.get("/api/v1/dispatches?lang=ko&page=²").get_json()
    assert page["error"]["message"] == "page must be a whole number from 1 to 1000000000"
    twice = hostile_client.get("/api/v1/dispatches?lang=ko&page=1&page=2").get_json()
    assert twice["error"]["message"] == "page must be given once"


def test_a_crlf_in_next_sets_no_header(hostile_client: FlaskClient) -> None:
    response = hostile_client.get("/en/choose?next=/en/%0d%0aSet-Cookie:%20x=1")
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers
    # a harmless target still works, and a foreign one still falls back to the home page
    assert hostile_client.get("/en/choose?next=/en/search").headers["Location"] == "/en/search"
    foreign = hostile_client.get("/en/choose?next=//evil.example/en/")
    assert foreign.headers["Location"] == "/en/"


@pytest.mark.parametrize(
    "host",
    ["exa\x00mple.org", "a b", "evil.example/x", "ex\x7fample", "é.example", "a" * 300, "h:99999"],
)
@pytest.mark.parametrize("path", ["/", "/en/", "/en/feed.atom", "/api/v1/languages"])
def test_a_host_that_is_no_host_name_is_400(
    hostile_client: FlaskClient, host: str, path: str
) -> None:
    response = hostile_client.get(path, headers={"Host": host})
    assert response.status_code == 400
    kind = "json" if path.startswith("/api/") else "html"
    assert_well_formed(response, path, kind, json_wanted=False)
    assert host not in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["localhost", "news.example.org:8443", "[::1]:5000", "a_b"])
def test_real_hosts_are_served(hostile_client: FlaskClient, host: str) -> None:
    assert hostile_client.get("/en/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    ("path", "kind"), [("/en/\xff", "html"), ("/api/v1/dispatches/\xc3", "json")]
)
def test_a_path_that_is_not_utf8_is_400(hostile_client: FlaskClient, path: str, kind: str) -> None:
    # The test client decodes %ff itself; a real server hands the byte on as latin-1 text.
    response = hostile_client.get("/", environ_overrides={"PATH_INFO": path})
    assert response.status_code == 400
    assert_well_formed(response, path, kind, json_wanted=False)


def test_over_long_addresses_are_414(hostile_client: FlaskClient) -> None:
    long_query = hostile_client.get("/en/search?q=" + "a" * MAX_QUERY_STRING)
    assert long_query.status_code == 414
    assert_well_formed(long_query, "/en/search", "html", json_wanted=False)
    api = hostile_client.get("/api/v1/" + "a" * MAX_PATH)
    assert api.status_code == 414
    assert "longer than" in api.get_json()["error"]["message"]
    # just under the bounds is an ordinary request
    assert hostile_client.get("/en/search?q=" + "a" * 4000).status_code == 200


def test_an_absurd_accept_language_is_ignored(hostile_client: FlaskClient) -> None:
    absurd = "ko;q=1, " + "x-y;q=0.5, " * 5000
    response = hostile_client.get("/", headers={"Accept-Language": absurd})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"  # as if none was sent
    reasonable = hostile_client.get("/", headers={"Accept-Language": "ko;q=1, x-y;q=0.5"})
    assert reasonable.headers["Location"] == "/ko/"


def test_canonical_links_repeat_only_checked_values(hostile_client: FlaskClient) -> None:
    page = hostile_client.get("/en/search?q=%20ferry%20%20terminal%20&page=1&utm=%00")
    assert page.status_code == 200
    document = html.fromstring(page.get_data(as_text=True))
    canonical = document.xpath("//link[@rel='canonical']/@href")
    assert canonical == ["http://localhost/en/search?q=ferry+terminal"]
