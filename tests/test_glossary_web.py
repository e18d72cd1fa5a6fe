"""The glossary pages (admins only) and the editors' memory page."""

from __future__ import annotations

import io

from flask import Flask

from publisher.core import Desk
from publisher.glossary import store
from publisher.glossary.files import MAX_FILE_BYTES
from publisher.glossary.model import parse_pair
from tests.test_review_web import ADMIN, app, desk, logged_in, story, token  # noqa: F401

CSV = (
    "source,target,kind,note,case_sensitive\n"
    "Lee Jae Myung,이재명,forced,the president,yes\n"
    "UN,,dnt,,yes\n"
    ",없음,forced,,\n"
    "backing,후퇴,forbidden,,no\n"
)


def _terms(on: Desk, pair: str = "en-ko") -> list[tuple[str, str, str]]:
    chosen = parse_pair(pair)
    with on.store.session() as session:
        snap = store.snapshot(session, chosen.source, chosen.target)
    return sorted((t.source, t.target, t.kind.value) for t in snap.terms)


def test_an_editor_cannot_reach_the_glossaries(app: Flask, desk: Desk) -> None:  # noqa: F811
    client = logged_in(app)
    csrf = token(client, "/editor/")
    assert client.get("/editor/glossaries").status_code == 403
    assert client.get("/editor/glossaries/en-ko").status_code == 403
    assert client.get("/editor/glossaries/en-ko/export.csv").status_code == 403
    added = client.post(
        "/editor/glossaries/en-ko/add",
        data={"csrf_token": csrf, "source": "UN", "kind": "dnt"},
    )
    assert added.status_code == 403 and _terms(desk) == []
    assert "/editor/glossaries" not in client.get("/editor/").get_data(as_text=True)
    assert client.get("/editor/memory").status_code == 200  # the memory is every editor's


def test_an_admin_adds_imports_exports_and_removes_terms(app: Flask, desk: Desk) -> None:  # noqa: F811
    client = logged_in(app, ADMIN)
    opened = client.get("/editor/glossaries?pair=en-ko")
    assert opened.status_code == 303 and opened.headers["Location"] == "/editor/glossaries/en-ko"
    csrf = token(client, "/editor/glossaries/en-ko")
    added = client.post(
        "/editor/glossaries/en-ko/add",
        data={
            "csrf_token": csrf,
            "source": "UN Third Committee",
            "target": "유엔 총회 제3위원회",
            "kind": "forced",
        },
    )
    assert added.status_code == 303
    needs_target = client.post(
        "/editor/glossaries/en-ko/add", data={"csrf_token": csrf, "source": "X", "kind": "forced"}
    )
    assert needs_target.status_code == 400 and "needs a rendering" in needs_target.text
    report = client.post(
        "/editor/glossaries/en-ko/import",
        data={"csrf_token": csrf, "file": (io.BytesIO(CSV.encode()), "terms.csv")},
        content_type="multipart/form-data",
    )
    assert report.status_code == 200
    assert "1 row skipped" in report.text and "line 4" in report.text
    assert ("Lee Jae Myung", "이재명", "forced") in _terms(desk)
    assert ("UN", "UN", "dnt") in _terms(desk)
    page = client.get("/editor/glossaries/en-ko").text
    assert "이재명" in page and "/editor/glossaries/en-ko/export.tbx" in page
    exported = client.get("/editor/glossaries/en-ko/export.csv")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    assert "Lee Jae Myung,이재명,forced" in exported.get_data(as_text=True)
    tbx = client.get("/editor/glossaries/en-ko/export.tbx")
    assert tbx.status_code == 200 and b"<tbx" in tbx.data
    # the export imports into another pair as it was
    again = client.post(
        "/editor/glossaries/en-ja/import",
        data={"csrf_token": csrf, "file": (io.BytesIO(exported.data), "back.csv")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 200 and _terms(desk, "en-ja") == _terms(desk)
    removed = client.post(
        "/editor/glossaries/en-ko/remove",
        data={"csrf_token": csrf, "source": "UN", "kind": "dnt", "target": "UN"},
    )
    assert removed.status_code == 303 and ("UN", "UN", "dnt") not in _terms(desk)
    missing = client.post(
        "/editor/glossaries/en-ko/remove", data={"csrf_token": csrf, "source": "nothing"}
    )
    assert missing.status_code == 400
    assert client.get("/editor/glossaries/en-zz/export.csv").status_code in (400, 404)
    assert client.get("/editor/glossaries/bad pair").status_code == 400


def test_an_oversized_or_broken_upload_is_refused_whole(app: Flask, desk: Desk) -> None:  # noqa: F811
    client = logged_in(app, ADMIN)
    csrf = token(client, "/editor/glossaries/en-ko")
    huge = b"source,target,kind\n" + b"a,b,forced\n" * (MAX_FILE_BYTES // 11 + 10)
    # encoded here: the test client would spool a large file to a temporary file it leaves open
    body = (
        f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        '--B\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    for size in (len(huge), MAX_FILE_BYTES * 3):
        data = body + (huge * 3)[:size] + b"\r\n--B--\r\n"
        refused = client.post(
            "/editor/glossaries/en-ko/import",
            data=data,
            content_type="multipart/form-data; boundary=B",
        )
        assert refused.status_code == 413 and _terms(desk) == []
    binary = client.post(
        "/editor/glossaries/en-ko/import",
        data={"csrf_token": csrf, "file": (io.BytesIO(b"\xff\xfe\x00garbage"), "x.tbx")},
        content_type="multipart/form-data",
    )
    assert binary.status_code in (200, 400) and _terms(desk) == []
    unnamed = client.post(
        "/editor/glossaries/en-ko/import",
        data={"csrf_token": csrf, "file": (io.BytesIO(b"x"), "terms.txt")},
        content_type="multipart/form-data",
    )
    assert unnamed.status_code == 400


def test_the_memory_page_lists_approved_sentences(
    app: Flask,  # noqa: F811
    desk: Desk,  # noqa: F811
    story: int,  # noqa: F811
) -> None:
    desk.review.act(story, "approve", "ed@example.org", languages=["ko"])
    client = logged_in(app)
    page = client.get("/editor/memory?pair=en-ko")
    assert page.status_code == 200
    assert "[ko]" in page.text and "ed@example.org" in page.text
    assert "[ko]" not in client.get("/editor/memory?pair=en-es").text
    assert client.get("/editor/memory?pair=nonsense!").status_code == 400
