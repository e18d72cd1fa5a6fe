"""What readers see under review: nothing unapproved anywhere, the last published version
until a new one is approved, and wire updates, corrections and kills end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from publisher.cli import cli
from publisher.core import Desk
from publisher.settings import load_settings
from publisher.web import create_app
from publisher.web.feed_writers import FEED_FORMATS
from tests.doubles import RecordingTranslator
from tests.review_support import EDITOR, FIRST, approve, ingest_text, revision

SECOND = (
    FIRST.replace("ferry-timetable-2026", "tram-depot-2026")
    .replace("Harbour ferry timetable changes from Monday", "Tram depot opens in the east")
    .replace("harbour authority", "transit board")
)
MARKER = "UNAPPROVED-MARKER"


@pytest.fixture
def desk(instance: Path) -> Iterator[Desk]:
    desk = Desk(
        load_settings({"instance": str(instance), "languages": "es"}),
        engines={"double": RecordingTranslator(pairs={("en", "es")})},
    )
    yield desk
    desk.close()


@pytest.fixture
def app(desk: Desk) -> Flask:
    return create_app({"TESTING": True}, desk=desk)


def _reader_urls(app: Flask, ids: list[int], words: list[str]) -> list[str]:
    """Every GET route readers can reach, filled with these dispatches and search words."""
    today = datetime.now(UTC).date().isoformat()
    urls: list[str] = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        path = rule.rule
        for lang in ("en", "es", "ko"):
            for dispatch_id in ids:
                for fmt in FEED_FORMATS:
                    url = (
                        path.replace("<lang>", lang)
                        .replace("<id:dispatch_id>", str(dispatch_id))
                        .replace("<day>", today)
                        .replace(
                            f"<any({', '.join(f.extension for f in FEED_FORMATS)}):extension>",
                            fmt.extension,
                        )
                        .replace("<path:unknown>", "nothing")
                    )
                    if "<" not in url:
                        urls.append(url)
    extra = []
    for url in dict.fromkeys(urls):
        if url.endswith("/search") or url.endswith("/dispatches"):
            extra += [f"{url}?q={word}&lang={lang}" for word in words for lang in ("en", "es")]
        if "/api/v1/dispatches/" in url:
            extra += [f"{url}?lang=en", f"{url}?lang=es"]
    return [*dict.fromkeys(urls), *extra]


def test_no_unapproved_text_reaches_any_reader_surface(
    desk: Desk, app: Flask, tmp_path: Path
) -> None:
    approved = ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)
    waiting = ingest_text(desk, tmp_path / "in", "tram.md", SECOND)
    approve(desk, approved)
    # drafts an editor is still working on, in both stories and both languages
    for dispatch_id in (approved, waiting):
        detail = desk.review.detail(dispatch_id)
        lock = detail.versions["es"].lock_version
        desk.review.edit(
            dispatch_id,
            "es",
            EDITOR,
            expected_version=lock,
            headline=f"{MARKER} headline {dispatch_id}",
            sentences={0: f"{MARKER} sentence."},
        )
        lock = desk.review.detail(dispatch_id).versions["en"].lock_version
        desk.review.edit(dispatch_id, "en", EDITOR, expected_version=lock, headline=f"{MARKER} en")
    client = app.test_client()
    # searched for words of the marked drafts (a search page echoes its query)
    urls = _reader_urls(app, [approved, waiting], ["headline", "sentence", "Tram", "transit"])
    assert len(urls) > 20
    seen_published = False
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        assert MARKER not in body, url
        # nothing of the story never approved: not its headline, not its text, not a translation
        assert "Tram depot" not in body and "transit board" not in body, url
        seen_published = seen_published or "[es] Harbour ferry timetable" in body
    assert seen_published  # the walk did reach the approved story


def test_readers_keep_the_last_published_version_until_the_update_is_approved(
    desk: Desk, app: Flask, tmp_path: Path
) -> None:
    story = ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)
    approve(desk, story)
    client = app.test_client()
    before = client.get(f"/es/dispatch/{story}")
    etag = before.headers["ETag"]
    assert "Updated" not in before.get_data(as_text=True)
    again = ingest_text(
        desk,
        tmp_path / "in",
        "ferry-2.md",
        revision("UPDATE 1", "A spokesman said fares will stay the same for now."),
    )
    assert again == story
    detail = desk.review.detail(story)
    assert detail.revision == 2 and detail.revision_kind == "update"
    assert {v.state for v in detail.versions.values()} == {"in_review"}
    diff = detail.versions["es"].source_diff
    assert [(d.op, d.text) for d in diff if d.op != "same"] == [
        ("added", "A spokesman said fares will stay the same for now.")
    ]
    page = client.get(f"/en/dispatch/{story}").get_data(as_text=True)
    assert "fares will stay the same" not in page  # still the first version
    api = client.get(f"/api/v1/dispatches/{story}?lang=es").get_json()
    assert api["revision"] == 1 and api["localized"]["revision_kind"] is None
    approve(desk, story)
    after = client.get(f"/en/dispatch/{story}")
    assert after.headers["ETag"] != etag
    text = after.get_data(as_text=True)
    assert "fares will stay the same" in text and "Updated" in text
    api = client.get(f"/api/v1/dispatches/{story}?lang=es").get_json()
    assert api["revision"] == 2 and api["localized"]["revision_kind"] == "update"
    assert desk.review.detail(story).versions["es"].source_diff == []


def _cli(instance: Path, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def _editor_account(instance: Path) -> None:
    """The workflow acts only for accounts: make EDITOR's, as an admin would."""
    _cli(instance, "users", "create", "--role", "editor", EDITOR, "--password-stdin",
         stdin="a long test password\n")  # fmt: skip


def test_wire_correction_and_kill_through_publisher_ingest(instance: Path, tmp_path: Path) -> None:
    """The whole path from files given to `publisher ingest` to pages, feeds and the API."""
    (instance / "publisher.toml").write_text('languages = "qaa"\n', encoding="utf-8")
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "1.md").write_text(FIRST, encoding="utf-8")
    (folder / "2.md").write_text(
        revision("CORRECTED", "Corrects the day of the announcement."), encoding="utf-8"
    )
    (folder / "3.md").write_text(
        revision("KILL", "Editors: please kill this story."), encoding="utf-8"
    )

    _cli(instance, "ingest", str(folder / "1.md"))
    _editor_account(instance)
    _cli(instance, "summarize")
    _cli(instance, "review", "approve", "1", "--lang", "en", "--user", EDITOR)
    desk = Desk(load_settings({"instance": str(instance)}))
    client = create_app({"TESTING": True}, desk=desk).test_client()
    try:
        assert "corrected" not in client.get("/en/dispatch/1").get_data(as_text=True)

        assert "revised" in _cli(instance, "ingest", str(folder / "2.md"))
        _cli(instance, "summarize")
        shown = json.loads(_cli(instance, "review", "show", "1", "--json"))
        assert shown["revision_kind"] == "correction" and shown["update_tag"] == "CORRECTED"
        assert shown["versions"]["en"]["state"] == "in_review"
        _cli(instance, "review", "approve", "1", "--lang", "en", "--user", EDITOR)
        page = client.get("/en/dispatch/1").get_data(as_text=True)
        assert "This story has been corrected since it was first published." in page
        feed = client.get("/en/feed.json").get_json()
        (item,) = feed["items"]
        assert (
            "corrected" in item["content_html"]
            and item["_publisher"]["revision_kind"] == "correction"
        )

        assert "revised" in _cli(instance, "ingest", str(folder / "3.md"))
        # the kill took effect at ingest, before any run: readers see the notice only
        killed = client.get("/en/dispatch/1")
        assert killed.status_code == 410
        body = killed.get_data(as_text=True)
        assert "This story has been withdrawn" in body and "Harbour ferry" not in body
        assert client.get("/en/feed.json").status_code == 404  # no story left in English
        api = client.get("/api/v1/dispatches/1")
        assert api.status_code == 410 and api.get_json()["pubstatus"] == "canceled"
        assert client.get("/api/v1/dispatches?lang=en").status_code == 404  # nothing left in en
        _cli(instance, "summarize")  # summarizing the advisory publishes nothing
        assert client.get("/en/dispatch/1").status_code == 410
        history = _cli(instance, "review", "history", "1")
        assert "wire" in history and "kill" in history
        # only an editor brings it back
        _cli(instance, "review", "republish", "1", "--lang", "en", "--user", EDITOR)
        assert client.get("/en/dispatch/1").status_code == 200
    finally:
        desk.close()


def test_cli_errors_are_one_line_and_exit_1(instance: Path, tmp_path: Path) -> None:
    (instance / "publisher.toml").write_text('languages = "qaa"\n', encoding="utf-8")
    (tmp_path / "1.md").write_text(FIRST, encoding="utf-8")
    _cli(instance, "ingest", str(tmp_path / "1.md"))
    _editor_account(instance)
    _cli(instance, "summarize")
    runner = CliRunner()
    for args, message in [
        (["review", "publish", "1", "--lang", "en", "--user", EDITOR], "cannot publish"),
        (["review", "reject", "1", "--user", EDITOR, "--reason", ""], "give a reason"),
        (["review", "approve", "7", "--user", EDITOR], "no dispatch with id 7"),
        (["review", "show", "7"], "no dispatch with id 7"),
        (
            [
                "review",
                "edit",
                "1",
                "--lang",
                "en",
                "--user",
                EDITOR,
                "--expected-version",
                "9",
                "--headline",
                "x",
            ],
            "no version 9",
        ),
    ]:
        result = runner.invoke(cli, ["--instance", str(instance), *args])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and message in result.output, result.output
        assert result.output.count("\n") == 1
    listed = json.loads(_cli(instance, "review", "list", "--json"))
    assert listed["total"] == 1 and listed["entries"][0]["language"] == "en"
    exported = _cli(instance, "audit", "export", "--format", "csv")
    assert exported.splitlines()[0].startswith("id,at,actor,dispatch_id")


def test_a_canceled_ninjs_item_takes_every_language_down(instance: Path) -> None:
    """IPTC ninjs pubStatus canceled (publisher.ingest.ninjs tags it KILL) is a wire kill."""
    from tests.review_support import approve, review_desk

    ninjs = Path(__file__).parent / "data" / "ninjs"
    desk = review_desk(instance)
    report = desk.ingest([str(ninjs / "v3.0_text.json")])
    assert report.ok, report.failures
    desk.run()
    story = report.outcomes[0].dispatch_id
    assert story is not None
    approve(desk, story)
    assert set(desk.dispatch(story).publications) == {"en", "qaa"}
    killed = desk.ingest([str(ninjs / "v3.1_kill.json")])
    assert killed.ok and killed.outcomes[0].dispatch_id == story
    desk.run()
    states = {lang: p.state for lang, p in desk.dispatch(story).publications.items()}
    assert states == {"en": "killed", "qaa": "killed"}
