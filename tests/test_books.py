"""Digest books, the zip of everything, the static site and the downloads, checked with
independent readers: epubcheck, python-docx, zipfile, email's RFC 2231 parser, lxml."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import docx
import pytest
from click.testing import CliRunner, Result
from flask import Flask
from lxml import etree
from lxml import html as lxml_html
from werkzeug.http import parse_options_header

from publisher.cli import cli
from publisher.core import Desk
from publisher.export import docx as docx_writer
from publisher.export import epub
from publisher.export.book import BOOK_LAYOUT, Book
from publisher.export.model import ExportItem, ReviewState
from publisher.export.names import content_disposition, digest_name
from publisher.export.site import file_for
from tests.builders import make_dispatch

KST = timezone(timedelta(hours=9))
DAY = datetime(2025, 11, 12, 14, 30, tzinfo=KST)
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
KO_HEADLINE = "부산, 새 여객선 터미널 개장"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def item(number: int, **changes: object) -> ExportItem:
    values: dict[str, object] = {
        "dispatch_id": number,
        "language": "ko",
        "source_language": "en",
        "headline": f"{KO_HEADLINE} {number}",
        "summary": ("부산이 월요일 새 여객선 터미널을 열었다.", "승객 수가 두 배로 늘 것이다."),
        "source_headline": "Port city opens a new ferry terminal",
        "source_sentences": ("Busan opened a terminal.", "Passengers will double."),
        "review_state": ReviewState.MACHINE,
        "received": datetime(2025, 11, 12, 5, 0, tzinfo=UTC),
        "published": datetime(2025, 11, 12, 6, number, tzinfo=UTC),
        "agency": "Desk Wire",
        "dateline": "부산",
        "dateline_language": "ko",
        "url": "https://wire.example/a?b=1&c=2",
        "engine": "argos",
        "full_text": ("하나.", "둘."),
        "source_full_text": ("One.", "Two."),
    }
    values.update(changes)
    return ExportItem(**values)  # type: ignore[arg-type]


def book(items: list[ExportItem], language: str = "ko") -> Book:
    return Book(language, date(2025, 11, 12), date(2025, 11, 12), DAY, iter(items))


def epub_bytes(items: list[ExportItem], language: str = "ko") -> bytes:
    stream = io.BytesIO()
    epub.write(book(items, language), stream)
    return stream.getvalue()


def docx_bytes(items: list[ExportItem]) -> bytes:
    stream = io.BytesIO()
    docx_writer.write(book(items), stream)
    return stream.getvalue()


@pytest.mark.skipif(not EPUBCHECK.exists() or not shutil.which("java"), reason="no epubcheck")
@pytest.mark.parametrize(
    "items",
    [
        pytest.param(
            [
                item(1),
                item(2, review_state=ReviewState.REVIEWED, full_text=(), source_full_text=()),
                item(3, headline='<b>"&"</b> \u202e\ufffe', summary=("a < b & c",), url=None),
            ],
            id="korean-and-hostile",
        ),
        pytest.param([], id="empty-day"),
    ],
)
def test_epub_passes_epubcheck(tmp_path: Path, items: list[ExportItem]) -> None:
    path = tmp_path / "digest.epub"
    path.write_bytes(epub_bytes(items))
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_epub_is_reproducible_and_packaged_as_ocf() -> None:
    first = epub_bytes([item(1), item(2)])
    assert first == epub_bytes([item(1), item(2)])
    assert first != epub_bytes([item(1)])
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        entries = archive.infolist()
        assert entries[0].filename == "mimetype"
        assert entries[0].compress_type == zipfile.ZIP_STORED and not entries[0].extra
        assert archive.read("mimetype") == b"application/epub+zip"
        stamp = DAY.astimezone(UTC).timetuple()[:6]
        assert {entry.date_time for entry in entries} == {stamp}
        package = etree.fromstring(archive.read("EPUB/package.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
        assert package.xpath("//dc:language/text()", namespaces=ns) == ["ko"]
        modified = package.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=ns)
        assert modified == ["2025-11-12T05:30:00Z"]
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        links = nav.xpath("//*[local-name()='nav']//*[local-name()='a']")
        assert [a.text for a in links] == [f"{KO_HEADLINE} 1", f"{KO_HEADLINE} 2"]
        chapter = etree.fromstring(archive.read(links[0].get("href").join(["EPUB/", ""])))
        body = chapter.xpath("//*[local-name()='body']")[0]
        for block in body.iter("{*}p", "{*}h1", "{*}h2", "{*}section", "{*}div"):
            assert block.get("lang") and block.get("{http://www.w3.org/XML/1998/namespace}lang")
        assert "하나." in etree.tostring(chapter, encoding="unicode")
        assert "Noto Serif CJK KR" in archive.read("EPUB/style.css").decode()


def test_docx_tags_korean_for_word_and_is_reproducible() -> None:
    data = docx_bytes([item(1), item(2)])
    assert data == docx_bytes([item(1), item(2)])
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert f"{KO_HEADLINE} 1" in texts and "하나." in texts
    assert document.core_properties.language == "ko-KR"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
        assert {e.date_time for e in archive.infolist()} == {DAY.astimezone(UTC).timetuple()[:6]}
    korean_runs = [r for r in body.iter(f"{W}r") if "하나" in "".join(r.itertext())]
    assert korean_runs
    for run in korean_runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        lang = run.find(f"{W}rPr/{W}lang")
        assert fonts.get(f"{W}eastAsia") == "Malgun Gothic"
        assert lang.get(f"{W}val") == "ko-KR" and lang.get(f"{W}eastAsia") == "ko-KR"
    english = [r for r in body.iter(f"{W}r") if "".join(r.itertext()) == "One."]
    assert english[0].find(f"{W}rPr/{W}lang").get(f"{W}val") == "en"
    normal = styles.xpath("//w:style[@w:styleId='Normal']", namespaces={"w": W[1:-1]})[0]
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "Malgun Gothic"
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "ko-KR"


@pytest.mark.parametrize(
    "name",
    [f"7-ko-{KO_HEADLINE}.txt", "digest-ko-2025-11-12.epub", 'a"b\\c;d\r\n.md', "ü.html"],
)
def test_content_disposition_survives_an_rfc_2231_parser(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    # werkzeug reads it as browsers do (filename* wins, RFC 6266 section 4.3) ...
    assert parse_options_header(header) == ("attachment", {"filename": name})
    # ... and the standard library's RFC 2231 decoder reads the UTF-8 parameter alone
    message = EmailMessage()
    message["Content-Disposition"] = "attachment; " + header.split("; ", 2)[2]
    assert message.get_filename() == name
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and "/" not in fallback and "\\" not in fallback
    assert fallback.endswith(name.rsplit(".", 1)[1])


def test_digest_names_refuse_what_is_not_a_tag() -> None:
    assert digest_name("ko", date(2025, 11, 10), date(2025, 11, 12), "epub") == (
        "digest-ko-2025-11-10_2025-11-12.epub"
    )
    with pytest.raises(ValueError, match="language"):
        digest_name("../ko", date(2025, 11, 10), date(2025, 11, 10), "epub")


@pytest.fixture
def stories(web_app: Flask) -> dict[str, int]:
    from publisher.web.extensions import desk_of

    store = desk_of(web_app).store
    first = make_dispatch(
        store,
        translations={"ko": (KO_HEADLINE, ["부산이 터미널을 열었다.", "승객이 는다."])},
        full_texts={"ko": ["하나.", "둘.", "셋.", "넷."]},
        topics=["transport"],
        published=DAY,
    )
    second = make_dispatch(store, headline="Second story", published=DAY - timedelta(days=1))
    return {"first": first, "second": second}


def test_downloads_name_and_type_their_files(web_app: Flask, stories: dict[str, int]) -> None:
    client = web_app.test_client()
    page = client.get(f"/ko/dispatch/{stories['first']}").get_data(as_text=True)
    links = lxml_html.fromstring(page).xpath("//section[@class='downloads']//a/@href")
    assert len(links) == 5
    expected = {
        "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "epub": "application/epub+zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    for link in links:
        response = client.get(link)
        fmt = link.rsplit(".", 1)[1]
        assert response.status_code == 200 and response.content_type == expected[fmt]
        _kind, options = parse_options_header(response.headers["Content-Disposition"])
        assert options["filename"] == (f"{stories['first']}-ko-부산-새-여객선-터미널-개장.{fmt}")
    txt = client.get(links[0]).get_data(as_text=True)
    assert "하나. 둘. 셋. 넷." in txt or "하나.둘." in txt.replace(" ", "")
    digest = client.get("/ko/digest/2025-11-12").get_data(as_text=True)
    book_links = lxml_html.fromstring(digest).xpath("//p[@class='downloads']/a/@href")
    assert [link.rsplit(".", 1)[1] for link in book_links] == ["epub", "docx"]
    epub_response = client.get(book_links[0])
    with zipfile.ZipFile(io.BytesIO(epub_response.get_data())) as archive:
        assert any(KO_HEADLINE in archive.read(n).decode() for n in archive.namelist()[3:])
    assert client.get(f"/es/download/dispatch/{stories['first']}.txt").status_code == 404
    assert client.get("/ko/download/digest/2025-13-40.epub").status_code == 400
    api = client.get("/api/v1/digests/2025-11-12?lang=ko").get_json()
    assert api["downloads"]["epub"].endswith("/ko/download/digest/2025-11-12.epub")


def invoke(desk: Desk, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--instance", str(desk.settings.instance), *args])


def _links(page: Path) -> Iterator[str]:
    document = lxml_html.fromstring(page.read_bytes())
    for element in document.iter():
        for attribute in ("href", "src", "action"):
            value = element.get(attribute)
            if value is not None:
                yield value


def test_static_site_has_no_dead_links_and_the_apps_pages(
    web_app: Flask, web_desk: Desk, stories: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = invoke(web_desk, "export", "site", "--lang", "ko,en", "-o", str(out))
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob("*.html"))
    assert out / "ko" / "index.html" in pages
    assert out / "ko" / "dispatch" / f"{stories['first']}.html" in pages
    assert (out / "ko" / "download" / "digest" / "2025-11-12.epub").exists()
    assert (out / "ko" / "feed.atom").exists()
    checked = 0
    for page in pages:
        if "download" in page.parts:
            continue  # exported HTML files hold the source's link only
        for link in _links(page):
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("https", "http"), (page, link)  # the agency's source
                continue
            assert not link.startswith("/"), (page, link)  # relative: opens from a folder
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), (page, link)
            assert target.is_relative_to(out.resolve())
            if parts.fragment:  # the anchor is there too
                anchors = lxml_html.fromstring(target.read_bytes()).xpath(
                    f"//*[@id='{parts.fragment}']"
                )
                assert anchors, (page, link)
            checked += 1
    assert checked > 50
    # the page is the app's page: the same text, only the links differ
    online = web_app.test_client().get(f"/ko/dispatch/{stories['first']}").get_data(as_text=True)
    offline = (out / "ko" / "dispatch" / f"{stories['first']}.html").read_text(encoding="utf-8")
    text = lxml_html.fromstring(online).text_content()
    assert lxml_html.fromstring(offline).text_content() == text
    assert (
        file_for("/ko/digest/2025-11-12", {"by": "agency"}) == "ko/digest/2025-11-12.by-agency.html"
    )
    refused = invoke(web_desk, "export", "site", "--lang", "qaa", "-o", str(tmp_path / "x"))
    assert refused.exit_code == 1 and "no reader pages" in refused.output
    # without base_url the feeds can only name localhost: said, not hidden
    assert "base_url is not set" in result.output
    assert "http://localhost/ko/" in (out / "ko" / "feed.atom").read_text("utf-8")


def test_static_site_feeds_name_the_public_address_when_base_url_is_set(
    web_desk: Desk, stories: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        ["--instance", str(web_desk.settings.instance), "export", "site", "--lang", "ko"]
        + ["-o", str(out)],
        env={"PUBLISHER_BASE_URL": "https://news.example.org/desk/"},
    )
    assert result.exit_code == 0, result.output
    assert "base_url is not set" not in result.output
    feed = (out / "ko" / "feed.atom").read_text("utf-8")
    assert "https://news.example.org/desk/ko/" in feed and "localhost" not in feed
    # mounted under /desk/: the pages still link relatively, within the copy
    page = out / "ko" / "dispatch" / f"{stories['first']}.html"
    links = [link for link in _links(page) if not urlsplit(link).scheme]
    assert links and not any(link.startswith("/") for link in links)
    assert all(
        (page.parent / unquote(urlsplit(link).path)).resolve().is_file()
        for link in links
        if urlsplit(link).path
    )


def test_cli_books_and_zip_for_a_period(
    web_desk: Desk, stories: dict[str, int], tmp_path: Path
) -> None:
    period = ["--since", "2025-11-11", "--until", "2025-11-12"]
    books = invoke(
        web_desk, "export", "epub", "--lang", "ko,en", *period, "-o", str(tmp_path / "b")
    )
    assert books.exit_code == 0, books.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "digest-en-2025-11-11_2025-11-12.epub",
        "digest-ko-2025-11-11_2025-11-12.epub",
    ]
    one = invoke(
        web_desk, "export", "docx", "--lang", "ko", *period, "-o", str(tmp_path / "k.docx")
    )
    assert one.exit_code == 0, one.output
    assert docx.Document(str(tmp_path / "k.docx")).paragraphs[1].text == KO_HEADLINE
    archive_path = tmp_path / "all.zip"
    zipped = invoke(web_desk, "export", "zip", "--lang", "ko,en", *period, "-o", str(archive_path))
    assert zipped.exit_code == 0, zipped.output
    first_bytes = archive_path.read_bytes()
    assert invoke(web_desk, "export", "zip", "--lang", "ko,en", *period, "-o", str(archive_path))
    assert archive_path.read_bytes() == first_bytes  # reproducible
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
    assert "ko/digests/digest-ko-2025-11-12.epub" in names
    assert "en/digests/digest-en-2025-11-11.docx" in names
    assert "ko/digests/digest-ko-2025-11-11.epub" not in names  # nothing in ko that day
    assert f"ko/md/{stories['first']}-ko-부산-새-여객선-터미널-개장.md" in names
    backwards = invoke(web_desk, "export", "zip", "--since", "2025-11-12", "--until", "2025-11-01")
    assert backwards.exit_code == 1 and "before" in backwards.output
    half = invoke(web_desk, "export", "txt", "--since", "2025-11-12", "-o", str(tmp_path / "h"))
    assert half.exit_code == 1 and "both" in half.output
    stdout = invoke(web_desk, "export", "epub", "--lang", "ko")
    assert stdout.exit_code == 1 and "-o" in stdout.output
    texts = invoke(web_desk, "export", "txt", "--lang", "en", *period, "-o", str(tmp_path / "t"))
    assert texts.exit_code == 0 and len(list((tmp_path / "t").iterdir())) == 2


@pytest.mark.postgres
def test_period_items_stream_in_chunks_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    from publisher import schema
    from publisher.db import Store
    from publisher.export import digests
    from publisher.settings import load_settings

    store = Store(postgres_url)
    schema.upgrade(store)
    store.dispose()
    settings = load_settings({"instance": str(tmp_path / "i"), "database_url": postgres_url})
    desk = Desk(settings)
    # five at the very same moment: the keyset must not lose or repeat one at a chunk's edge
    ids = [make_dispatch(desk.store, headline=f"Story {n}", published=DAY) for n in range(5)]
    ids.append(make_dispatch(desk.store, headline="Later", published=DAY + timedelta(hours=1)))
    with desk.store.session() as session:
        start, end = digests.bounds(date(2025, 11, 12), date(2025, 11, 12), "Asia/Seoul")
        found = [item.dispatch_id for item in iter_published_chunked(session, "en", start, end)]
        assert sorted(found) == sorted(ids) and found[-1] == ids[-1]
        assert digests.count(session, "en", start, end) == 6
        assert digests.published_period(session, "en", "Asia/Seoul") == (
            date(2025, 11, 12),
            date(2025, 11, 12),
        )
    desk.close()


def iter_published_chunked(
    session: object, language: str, start: datetime, end: datetime
) -> list[ExportItem]:
    from publisher.export.model import export_item
    from publisher.reading import iter_published

    return [
        export_item(item)
        for item in iter_published(session, language, start=start, end=end, chunk=2)  # type: ignore[arg-type]
    ]


@pytest.mark.usefixtures("stories")
def test_a_digest_book_is_made_once_per_state_of_the_data(web_app: Flask, web_desk: Desk) -> None:
    client = web_app.test_client()
    cache = web_desk.settings.instance / "cache" / "digests"
    first = client.get("/ko/download/digest/2025-11-12.epub")
    assert first.status_code == 200
    made = sorted(cache.iterdir())
    assert len(made) == 1 and made[0].read_bytes() == first.data
    # served from the cache: what the file holds is what goes out (marked here to prove it)
    made[0].write_bytes(b"the cached book")
    again = client.get("/ko/download/digest/2025-11-12.epub")
    assert again.data == b"the cached book" and sorted(cache.iterdir()) == made
    # a build that lays books out otherwise does not serve the old layout's file
    with mock.patch("publisher.web.downloads.BOOK_LAYOUT", BOOK_LAYOUT + 1):
        relaid = client.get("/ko/download/digest/2025-11-12.epub")
    assert relaid.data == first.data and len(list(cache.iterdir())) == 2
    for path in cache.iterdir():
        if path not in made:
            path.unlink()
    # anything readers see changes: a new book, with the new story in it
    make_dispatch(
        web_desk.store,
        headline="Third story",
        translations={"ko": ("세 번째 이야기", ["셋째 문장이다."])},
        published=DAY,
    )
    changed = client.get("/ko/download/digest/2025-11-12.epub")
    with zipfile.ZipFile(io.BytesIO(changed.data)) as archive:
        assert any("세 번째 이야기" in archive.read(n).decode() for n in archive.namelist()[3:])
    assert len(list(cache.iterdir())) == 2
