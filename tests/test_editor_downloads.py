"""Editors download a dispatch's drafts for translators (XLIFF 2.1 / 1.2, CSV), the editors'
memory (TMX) and a period's archive (ZIP) from the web; nobody else can."""

from __future__ import annotations

import io
import zipfile

from flask.testing import FlaskClient
from lxml import etree

from publisher.core import Desk
from tests.builders import make_dispatch
from tests.format_validators import tmx_dtd, xliff12_schema, xliff21_schema
from tests.test_editor_web import PASSWORD, log_in

KO = (
    "부산항 새 터미널 개장",
    ["부산이 월요일 새 여객 터미널을 열었다.", "승객 수가 두 배로 늘 것으로 본다."],
)


def _editor(desk: Desk, client: FlaskClient) -> None:
    desk.users.create("ed@example.org", "editor", PASSWORD)
    assert log_in(client, "ed@example.org") in (302, 303)


def test_drafts_download_as_xliff_and_csv_for_editors_only(
    web_desk: Desk, client: FlaskClient
) -> None:
    dispatch_id = make_dispatch(web_desk.store, translations={"ko": KO}, review_state="draft")
    path = f"/editor/download/dispatch/{dispatch_id}/ko.xlf"
    assert client.get(path).status_code == 302  # the anonymous go to the login page
    _editor(web_desk, client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xliff+xml"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    root = etree.fromstring(response.data)
    assert xliff21_schema().validate(root), xliff21_schema().error_log
    assert root.get("trgLang") == "ko"
    old = client.get(f"/editor/download/dispatch/{dispatch_id}/ko.xliff12")
    assert old.status_code == 200 and xliff12_schema().validate(etree.fromstring(old.data))
    csv = client.get(f"/editor/download/dispatch/{dispatch_id}/ko.csv")
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    assert client.get(f"/editor/download/dispatch/{dispatch_id}/ja.xlf").status_code == 404
    assert client.get(f"/editor/download/dispatch/{dispatch_id}/klingon.xlf").status_code == 404
    assert client.get("/editor/download/dispatch/999/ko.xlf").status_code == 404
    links = client.get(f"/editor/download/dispatch/{dispatch_id}.json").get_json()
    assert {link["format"] for link in links["drafts"]} == {"xlf", "xliff12", "csv"}


def test_the_memory_downloads_as_tmx_after_an_approval(web_desk: Desk, client: FlaskClient) -> None:
    _editor(web_desk, client)
    assert client.get("/editor/download/memory.tmx").status_code == 404  # nothing approved yet
    dispatch_id = make_dispatch(web_desk.store, translations={"ko": KO}, review_state="draft")
    web_desk.review.act(dispatch_id, "approve", "ed@example.org", languages=["ko"])
    response = client.get("/editor/download/memory.tmx?lang=ko")
    assert response.status_code == 200
    root = etree.fromstring(response.data)
    assert tmx_dtd().validate(root), tmx_dtd().error_log
    assert len(root.findall(".//tu")) == 3
    assert client.get("/editor/download/memory.tmx?lang=%00").status_code == 400


def test_a_period_downloads_as_one_zip(web_desk: Desk, client: FlaskClient) -> None:
    make_dispatch(web_desk.store, translations={"ko": KO}, review_state="approved")
    _editor(web_desk, client)
    response = client.get("/editor/download/archive.zip?since=2025-11-01&until=2025-11-30")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert any(name.endswith(".epub") for name in names) and any("ko" in name for name in names)
    too_long = client.get("/editor/download/archive.zip?since=2025-01-01&until=2025-12-31")
    assert too_long.status_code == 400
    backwards = client.get("/editor/download/archive.zip?since=2025-11-30&until=2025-11-01")
    assert backwards.status_code == 400
    assert client.get("/editor/download/archive.zip?since=2025-11-01").status_code == 400


def test_the_review_page_links_every_editor_download(web_desk: Desk, client: FlaskClient) -> None:
    import re

    dispatch_id = make_dispatch(web_desk.store, translations={"ko": KO}, review_state="draft")
    _editor(web_desk, client)
    page = client.get(f"/editor/dispatch/{dispatch_id}").get_data(as_text=True)
    links = set(re.findall(r'href="(/editor/download/[^"]+)"', page))
    assert f"/editor/download/dispatch/{dispatch_id}/ko.xlf" in links
    assert f"/editor/download/dispatch/{dispatch_id}/ko.xliff12" in links
    assert f"/editor/download/dispatch/{dispatch_id}/ko.csv" in links
    assert "/editor/download/memory.tmx" in links
    archive = next(link for link in links if "archive.zip" in link)
    assert client.get(archive.replace("&amp;", "&")).status_code in (
        200,
        404,
    )  # 404: nothing read yet
