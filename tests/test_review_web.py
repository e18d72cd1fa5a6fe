"""The editors' review pages: the queue, one dispatch's page, its forms and its preview."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from publisher.core import Desk
from publisher.settings import load_settings
from publisher.web import create_app
from tests.doubles import RecordingTranslator
from tests.review_support import FIRST, ingest_text

PASSWORD = "a long test password"
EDITOR = "ed@example.org"
OTHER = "other@example.org"
ADMIN = "admin@example.org"
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk under the review policy translating en → ko and es with the recording double."""
    desk = Desk(
        load_settings({"instance": str(tmp_path / "desk"), "languages": "ko,es"}),
        engines={"double": RecordingTranslator(pairs={("en", "ko"), ("en", "es")})},
    )
    desk.users.create(EDITOR, "editor", PASSWORD)
    desk.users.create(OTHER, "editor", PASSWORD)
    desk.users.create(ADMIN, "admin", PASSWORD)
    yield desk
    desk.close()


@pytest.fixture
def app(desk: Desk) -> Flask:
    return create_app({"TESTING": True}, desk=desk)


@pytest.fixture
def story(desk: Desk, tmp_path: Path) -> int:
    return ingest_text(desk, tmp_path / "in", "ferry.md", FIRST)


def token(client: FlaskClient, path: str = "/editor/login") -> str:
    found = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert found is not None, path
    return found.group(1)


def logged_in(app: Flask, email: str = EDITOR) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/editor/login", data={"email": email, "password": PASSWORD, "csrf_token": token(client)}
    )
    assert response.status_code == 303
    return client


def lock_of(desk: Desk, dispatch_id: int, lang: str) -> int:
    return desk.review.detail(dispatch_id).versions[lang].lock_version


def test_the_queue_lists_what_awaits_review_with_counts(app: Flask, story: int) -> None:
    client = logged_in(app)
    page = client.get("/editor/queue")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"/editor/dispatch/{story}#lang-ko" in text and "Harbour ferry" in text
    assert "3 language versions" in text
    assert "keyboard shortcuts" in text.lower() and "<kbd>j</kbd>" in text
    only_ko = client.get("/editor/queue?lang=ko").get_data(as_text=True)
    assert "#lang-ko" in only_ko and "#lang-es" not in only_ko
    flagged = client.get("/editor/queue?flagged=1").get_data(as_text=True)
    rows = flagged.count('class="queue-row"')
    assert rows and flagged.count('class="badge badge-flag"') == rows  # only flagged ones
    assert "Nothing awaits" in client.get("/editor/queue?agency=nobody").get_data(as_text=True)
    assert client.get("/editor/queue?state=nonsense").status_code == 400
    assert client.get("/editor/queue?lang=%3Cscript%3E").status_code == 400
    assert client.get("/editor/queue?page=99").status_code == 200


def test_the_review_page_shows_every_language_side_by_side(app: Flask, story: int) -> None:
    client = logged_in(app)
    page = client.get(f"/editor/dispatch/{story}")
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    text = page.get_data(as_text=True)
    for lang in ("en", "ko", "es"):
        assert f'id="edit-{lang}"' in text
    assert "[ko]" in text and "[es]" in text  # the machine's drafts, editable
    assert "origin-machine" in text
    # translations are edited in place; the agency's own sentences only by the selection
    assert 'id="f-ko-s-0"' in text and 'id="f-es-s-0"' in text and 'id="f-en-headline"' in text
    assert 'id="f-en-s-0"' not in text
    assert "Officials expect the change" in text  # the original, sentence by sentence
    assert "no-store" in page.headers["Cache-Control"]


def test_approve_from_the_page_publishes_and_readers_see_it_at_once(
    app: Flask, desk: Desk, story: int
) -> None:
    reader = app.test_client()
    before_page = reader.get(f"/ko/dispatch/{story}")
    assert before_page.status_code == 404
    feed = reader.get("/ko/feed.atom")
    api = reader.get("/api/v1/dispatches?lang=ko")
    client = logged_in(app)
    csrf = token(client, f"/editor/dispatch/{story}")
    done = client.post(
        f"/editor/dispatch/{story}/act",
        data={"csrf_token": csrf, "action": "approve", "lang": "ko"},
    )
    assert done.status_code == 303
    after = reader.get(f"/ko/dispatch/{story}")
    assert after.status_code == 200 and "[ko]" in after.get_data(as_text=True)
    assert reader.get("/ko/feed.atom").headers["ETag"] != feed.headers["ETag"]
    assert reader.get("/api/v1/dispatches?lang=ko").headers["ETag"] != api.headers["ETag"]
    assert desk.review.detail(story).versions["ko"].state == "published"
    page = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert "Published: readers see it now." in page
    # the published version as readers download it, the drafts as translators take them
    assert f"/ko/download/dispatch/{story}.epub" in page
    assert f"/editor/download/dispatch/{story}/es.xlf" in page
    for path in (f"/ko/download/dispatch/{story}.md", f"/editor/download/dispatch/{story}/es.xlf"):
        download = client.get(path)
        assert download.status_code == 200, path
        assert "attachment" in download.headers["Content-Disposition"]


def test_reject_needs_a_reason_and_says_so_in_the_editors_language(
    app: Flask, desk: Desk, story: int
) -> None:
    client = logged_in(app)
    csrf = token(client, f"/editor/dispatch/{story}")
    refused = client.post(
        f"/editor/dispatch/{story}/act",
        data={"csrf_token": csrf, "action": "reject", "lang": "es"},
        headers={"Accept-Language": "de"},
    )
    assert refused.status_code == 400 and "give a reason" in refused.get_data(as_text=True)
    assert desk.review.detail(story).versions["es"].state == "draft"
    wrong = client.post(
        f"/editor/dispatch/{story}/act",
        data={"csrf_token": csrf, "action": "publish", "lang": "es"},
    )
    assert wrong.status_code == 409
    assert "This cannot be done to a version that is draft" in wrong.get_data(as_text=True)
    bad = client.post(
        f"/editor/dispatch/{story}/act", data={"csrf_token": csrf, "action": "explode"}
    )
    assert bad.status_code == 400
    assert (
        client.post(
            f"/editor/dispatch/{story}/act",
            data={"csrf_token": csrf, "action": "reject", "lang": "es", "reason": "wrong tone"},
        ).status_code
        == 303
    )
    assert desk.review.detail(story).versions["es"].state == "rejected"


def test_an_edit_is_saved_and_a_conflicting_one_shows_base_mine_theirs(
    app: Flask, desk: Desk, story: int
) -> None:
    first, second = logged_in(app), logged_in(app, OTHER)
    page = first.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert "Also open by: " not in page
    csrf = token(first, f"/editor/dispatch/{story}")
    other_page = second.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert f"Also open by: {EDITOR}" in other_page
    detail = desk.review.detail(story)
    ko = detail.versions["ko"]
    lock = ko.lock_version
    original = ko.sentences[0].text
    # the other editor saves sentence 1 first
    second_csrf = token(second, f"/editor/dispatch/{story}")
    saved = second.post(
        f"/editor/dispatch/{story}/edit/ko",
        data={
            "csrf_token": second_csrf,
            "expected_version": str(lock),
            "s-0": "그들의 문장.",
            "was-s-0": original,
            "headline": ko.headline,
            "was-headline": ko.headline,
        },
    )
    assert saved.status_code == 303
    # this editor saves the same sentence from the page loaded before: a conflict
    mine = "나의 문장."
    conflict = first.post(
        f"/editor/dispatch/{story}/edit/ko",
        data={
            "csrf_token": csrf,
            "expected_version": str(lock),
            "s-0": mine,
            "was-s-0": original,
            "headline": ko.headline,
            "was-headline": ko.headline,
        },
    )
    assert conflict.status_code == 409
    text = conflict.get_data(as_text=True)
    row = re.search(r'<tr class="conflict-row" data-field="0">(.*?)</tr>', text, re.S)
    assert row is not None
    assert original in row.group(1) and mine in row.group(1) and "그들의 문장." in row.group(1)
    assert f">{mine}</textarea>" in text  # nothing lost: still in the form
    assert desk.review.detail(story).versions["ko"].sentences[0].text == "그들의 문장."
    # saving again from the conflict page applies mine
    current = re.search(r'id="edit-ko".*?name="expected_version" value="(\d+)"', text, re.S).group(
        1
    )  # type: ignore[union-attr]
    again = first.post(
        f"/editor/dispatch/{story}/edit/ko",
        data={
            "csrf_token": csrf,
            "expected_version": current,
            "s-0": mine,
            "was-s-0": "그들의 문장.",
        },
    )
    assert again.status_code == 303
    saved_view = desk.review.detail(story).versions["ko"]
    assert saved_view.sentences[0].text == mine and saved_view.sentences[0].origin == "editor"
    assert "origin-editor" in first.get(f"/editor/dispatch/{story}").get_data(as_text=True)


def test_the_preview_is_the_reader_page_of_the_draft(app: Flask, story: int) -> None:
    client = logged_in(app)
    preview = client.get(f"/editor/dispatch/{story}/preview/es")
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "[es]" in text and 'class="dispatch"' in text
    assert "no-store" in preview.headers["Cache-Control"]
    assert app.test_client().get(f"/es/dispatch/{story}").status_code == 404  # not published
    assert client.get(f"/editor/dispatch/{story}/preview/de").status_code == 404


def test_every_post_needs_the_csrf_token(app: Flask, story: int) -> None:
    client = logged_in(app)
    for path, data in (
        (f"/editor/dispatch/{story}/act", {"action": "approve"}),
        (f"/editor/dispatch/{story}/edit/ko", {"expected_version": "1", "s-0": "x"}),
        (f"/editor/dispatch/{story}/selection", {"expected_version": "1", "sentence": "0"}),
        (f"/editor/dispatch/{story}/resummarize", {"expected_version": "1", "method": "lead"}),
        ("/editor/flags/1/dismiss", {"dispatch_id": str(story), "reason": "fine"}),
    ):
        assert client.post(path, data=data).status_code == 400, path


def test_the_selection_changes_from_the_page(app: Flask, desk: Desk, story: int) -> None:
    client = logged_in(app)
    csrf = token(client, f"/editor/dispatch/{story}")
    lock = lock_of(desk, story, "en")
    done = client.post(
        f"/editor/dispatch/{story}/selection",
        data={"csrf_token": csrf, "expected_version": str(lock), "sentence": ["3", "0"]},
    )
    assert done.status_code == 303
    detail = desk.review.detail(story)
    assert [s.index for s in detail.sentences if s.selected] == [0, 3]
    stale = client.post(
        f"/editor/dispatch/{story}/selection",
        data={"csrf_token": csrf, "expected_version": str(lock), "sentence": ["1"]},
    )
    assert stale.status_code == 409
    rerun = client.post(
        f"/editor/dispatch/{story}/resummarize",
        data={
            "csrf_token": csrf,
            "expected_version": str(lock_of(desk, story, "en")),
            "method": "lead",
            "count": "2",
        },
    )
    assert rerun.status_code == 303
    assert [s.index for s in desk.review.detail(story).sentences if s.selected] == [0, 1]


def test_flags_are_shown_where_the_editor_looks_and_can_be_dismissed(
    app: Flask, desk: Desk, story: int
) -> None:
    flags = desk.flags(story, language="ko")
    assert flags, "the recording double leaves Korean in Latin script: flagged"
    flag = flags[0]
    client = logged_in(app)
    page = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert f"/editor/flags/{flag.id}/dismiss" in page and flag.message in page
    csrf = token(client, f"/editor/dispatch/{story}")
    no_reason = client.post(
        f"/editor/flags/{flag.id}/dismiss", data={"csrf_token": csrf, "dispatch_id": str(story)}
    )
    assert no_reason.status_code == 400 and "give a reason" in no_reason.get_data(as_text=True)
    done = client.post(
        f"/editor/flags/{flag.id}/dismiss",
        data={"csrf_token": csrf, "dispatch_id": str(story), "reason": "a test double"},
    )
    assert done.status_code == 303
    assert flag.id not in {f.id for f in desk.flags(story, language="ko")}
    page = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert f"/editor/flags/{flag.id}/dismiss" not in page
    assert f"dismissed by {EDITOR}: a test double" in page
    unknown = client.post(
        "/editor/flags/999999/dismiss",
        data={"csrf_token": csrf, "dispatch_id": str(story), "reason": "x"},
    )
    assert unknown.status_code == 400


def test_an_unknown_dispatch_is_a_404_page(app: Flask) -> None:
    client = logged_in(app)
    assert client.get("/editor/dispatch/424242").status_code == 404
    assert client.get("/editor/dispatch/424242/preview/ko").status_code == 404
    assert client.get("/editor/api/dispatch/424242/presence").status_code == 200


@pytest.mark.parametrize(
    ("accept", "words"),
    [
        ("ko", ("검토 대기열", "단축키")),
        ("ja", ("確認待ち一覧", "承認")),
        ("de", ("Prüfliste", "Freigeben")),
    ],
)
def test_the_review_pages_speak_the_editors_language(
    app: Flask, story: int, accept: str, words: tuple[str, str]
) -> None:
    client = logged_in(app)
    headers = {"Accept-Language": accept}
    queue = client.get("/editor/queue", headers=headers).get_data(as_text=True)
    page = client.get(f"/editor/dispatch/{story}", headers=headers).get_data(as_text=True)
    assert words[0] in queue and words[1] in queue
    assert words[0] in page  # the navigation


def test_an_update_shows_the_source_diff_and_a_kill_takes_it_down(
    app: Flask, desk: Desk, story: int, tmp_path: Path
) -> None:
    from tests.review_support import revision

    client = logged_in(app)
    csrf = token(client, f"/editor/dispatch/{story}")
    approved = client.post(
        f"/editor/dispatch/{story}/act", data={"csrf_token": csrf, "action": "approve"}
    )
    assert approved.status_code == 303
    added = "Ferry operators said the new timetable would need two more boats."
    ingest_text(desk, tmp_path / "in", "ferry-2.md", revision("UPDATE 1", added))
    page = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert "Source changes since the last approval" in page
    assert f'<li class="diff-added"><ins>+ {added}</ins></li>' in page
    killed = client.post(
        f"/editor/dispatch/{story}/act",
        data={"csrf_token": csrf, "action": "kill", "notice": "Withdrawn by the agency."},
    )
    assert killed.status_code == 303
    reader = app.test_client().get(f"/en/dispatch/{story}")
    assert reader.status_code == 410 and "Withdrawn by the agency." in reader.get_data(as_text=True)
    history = client.get(f"/editor/dispatch/{story}").get_data(as_text=True)
    assert "Withdrawn by the agency." in history and 'class="history"' in history
