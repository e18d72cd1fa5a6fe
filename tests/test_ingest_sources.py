"""read_sources: files, folders, stdin and URLs, and every kind of bad input."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from publisher.errors import InputTooLarge, MalformedItem
from publisher.ingest import ItemFailure, ParsedDispatch, parse_bytes, read_sources
from publisher.ingest.decode import decode_bytes

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "ingest"
SAMPLES = REPO / "publisher" / "samples"
LIMIT = 1024 * 1024
STORY = b"Ferry service resumes after storm\n\nFerries resumed on Monday after a two-day pause.\n"


def run(sources: list[str], **kwargs: object) -> list[ParsedDispatch | ItemFailure]:
    max_bytes = kwargs.pop("max_bytes", LIMIT)
    assert isinstance(max_bytes, int)
    stdin = kwargs.pop("stdin", None)
    assert stdin is None or isinstance(stdin, io.BytesIO)
    return list(read_sources(sources, max_bytes=max_bytes, stdin=stdin))


def reasons(items: list[ParsedDispatch | ItemFailure]) -> dict[str, str]:
    return {i.source_name: i.reason for i in items if isinstance(i, ItemFailure)}


# --- decoding -----------------------------------------------------------------------------------


def test_cp949_korean_file_decodes() -> None:
    path = DATA / "korean_cp949.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.headline == "부산시, 내년부터 시내버스 심야 노선 확대"
    assert (d.agency, d.dateline, d.byline, d.language) == ("Yonhap", "부산", "이도윤 기자", "ko")
    assert not any("@yna.co.kr" in p for p in d.paragraphs)


def test_euc_kr_bytes_decode_too() -> None:
    text = "서울시는 한강 공원에 새 산책로를 만든다고 밝혔다. 공사는 내년 봄에 끝난다."
    assert decode_bytes(text.encode("euc_kr"), "x") == text


def test_latin1_spanish_file_decodes() -> None:
    path = DATA / "spanish_latin1.txt"
    (d,) = parse_bytes(path.read_bytes(), str(path))
    assert d.headline == "El ayuntamiento de Valencia amplía el carril bici del centro"
    assert d.paragraphs[1].startswith("La concejala de Movilidad explicó")
    assert (d.agency, d.dateline, d.language) == ("EFE", "Valencia, 10 nov", "es")


def test_utf8_bom_and_utf16_decode() -> None:
    text = "Titular\n\nEl texto del artículo."
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode(), "x") == text
    assert decode_bytes(text.encode("utf-16"), "x") == text


def test_declared_html_charset_is_honoured() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>“Quoted” text – café</p>'
    assert "“Quoted” text – café" in decode_bytes(page.encode("cp1252"), "p.html")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t\n", "empty input"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary zip", "binary data"),
        (bytes(range(1, 32)) * 20, "binary data"),
    ],
)
def test_bad_bytes(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedItem, match=reason):
        parse_bytes(data, "bad")


# --- files, folders, missing paths --------------------------------------------------------------


def test_folder_is_recursed_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(STORY.replace(b"Ferry", b"Second"))
    (tmp_path / "a.txt").write_bytes(STORY.replace(b"Ferry", b"First"))
    (tmp_path / "c.md").write_bytes(STORY.replace(b"Ferry", b"Third"))
    (tmp_path / ".secret.txt").write_bytes(STORY)
    (tmp_path / ".hidden" / "x.txt").write_bytes(STORY)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a story")
    (tmp_path / "b" / "notes.docx").write_bytes(b"PK\x03\x04")
    skipped: list[str] = []
    items = list(read_sources([str(tmp_path)], max_bytes=LIMIT, on_skip=skipped.append))
    assert [i.headline for i in items if isinstance(i, ParsedDispatch)] == [
        "First service resumes after storm",
        "Second service resumes after storm",
        "Third service resumes after storm",
    ]
    assert not reasons(items)
    # every file left unread is reported, in walking order; hidden names are not
    assert skipped == [str(tmp_path / "b" / "notes.docx"), str(tmp_path / "photo.jpg")]


def test_a_named_file_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "story.eml"
    path.write_bytes(STORY)
    skipped: list[str] = []
    (item,) = read_sources([str(path)], max_bytes=LIMIT, on_skip=skipped.append)
    assert isinstance(item, ParsedDispatch) and not skipped


def test_a_folder_linked_into_itself_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(STORY)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    skipped: list[str] = []
    items = list(read_sources([str(tmp_path)], max_bytes=LIMIT, on_skip=skipped.append))
    assert [type(i) for i in items] == [ParsedDispatch]
    assert skipped == [str(tmp_path / "dangling")]


def test_an_unreadable_sub_folder_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a_locked").mkdir()
    (tmp_path / "a_locked" / "x.txt").write_bytes(STORY)
    (tmp_path / "b.txt").write_bytes(STORY)
    real_scandir = os.scandir
    locked = str(tmp_path / "a_locked")

    def scandir(path: str) -> Any:
        if str(path) == locked:  # permissions would not stop root, so refuse here
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = run([str(tmp_path)])
    assert reasons(items) == {locked: "cannot read the folder: Permission denied"}
    assert [i.source_name for i in items if isinstance(i, ParsedDispatch)] == [
        str(tmp_path / "b.txt")
    ]


def test_samples_folder_reads_every_sample() -> None:
    items = run([str(SAMPLES)])
    assert not reasons(items)
    assert len(items) == 15


def test_keeps_going_after_failures(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "good.txt").write_bytes(STORY)
    missing = str(tmp_path / "missing.txt")
    items = run(
        [
            str(tmp_path / "empty.txt"),
            missing,
            str(tmp_path / "binary.txt"),
            str(DATA / "invalid.json"),
            str(tmp_path / "good.txt"),
            str(DATA / "bad_lines.jsonl"),
        ]
    )
    got = reasons(items)
    assert got[str(tmp_path / "empty.txt")].startswith("empty input")
    assert got[missing] == "no such file or folder"
    assert got[str(tmp_path / "binary.txt")].startswith("binary data")
    assert got[str(DATA / "invalid.json")].startswith("not valid JSON: line 4 column 3")
    assert [i.headline for i in items if isinstance(i, ParsedDispatch)] == [
        "Ferry service resumes after storm",
        "Line one is fine",
        "Line four is fine too",
    ]


def test_giant_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    giant = tmp_path / "giant.txt"
    with giant.open("wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: reading it would take seconds and 3 GiB
    (item,) = run([str(giant)], max_bytes=10 * 1024 * 1024)
    assert isinstance(item, ItemFailure)
    assert item.reason == (
        "input is 3.0 GiB (3221225472 bytes), over the limit of 10.0 MiB (10485760 bytes; "
        "setting max_input_bytes)"
    )


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    (item,) = run([str(path)], max_bytes=len(STORY))
    assert isinstance(item, ParsedDispatch)
    (item,) = run([str(path)], max_bytes=len(STORY) - 1)
    assert isinstance(item, ItemFailure) and "over the limit" in item.reason


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(STORY)
    path.chmod(0)
    try:
        (item,) = run([str(path)])
    finally:
        path.chmod(0o644)
    if isinstance(item, ParsedDispatch):
        pytest.skip("running as root: permissions do not stop reading")
    assert item.reason.startswith("cannot read the file")


# --- stdin --------------------------------------------------------------------------------------


def test_stdin() -> None:
    (item,) = run(["-"], stdin=io.BytesIO(STORY))
    assert isinstance(item, ParsedDispatch)
    assert (item.source_name, item.headline) == ("stdin", "Ferry service resumes after storm")


def test_stdin_json_lines() -> None:
    lines = (DATA / "bad_lines.jsonl").read_bytes()
    items = run(["-"], stdin=io.BytesIO(lines))
    assert [i.source_name for i in items] == ["stdin#line-1", "stdin#line-3", "stdin#line-4"]


def test_stdin_over_the_limit() -> None:
    (item,) = run(["-"], stdin=io.BytesIO(STORY * 10), max_bytes=len(STORY))
    assert isinstance(item, ItemFailure)
    assert item.source_name == "stdin"
    assert "over the limit" in item.reason and f"({len(STORY)} bytes" in item.reason


# --- URLs, against a local server ---------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    pages = {
        "/story.txt": STORY,
        "/feed.rss": (SAMPLES / "desk_feed.rss").read_bytes(),
        "/big.txt": STORY * 100,
    }

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_urls(server: str) -> None:
    items = run(
        [f"{server}/story.txt", f"{server}/missing", f"{server}/feed.rss", f"{server}/big.txt"],
        max_bytes=len(STORY) * 50,
    )
    got = reasons(items)
    assert got[f"{server}/missing"] == "download failed: HTTP 404 Not Found"
    assert "over the limit" in got[f"{server}/big.txt"]
    names = [i.source_name for i in items if isinstance(i, ParsedDispatch)]
    assert names == [f"{server}/story.txt", *(f"{server}/feed.rss#entry-{n}" for n in (1, 2, 3))]


def test_unreachable_url() -> None:
    # port 9 (discard) on the loopback interface refuses connections: no network needed
    (item,) = run(["http://127.0.0.1:9/story.txt"])
    assert isinstance(item, ItemFailure) and item.reason.startswith("download failed")


def test_too_large_is_a_malformed_item() -> None:
    assert issubclass(InputTooLarge, MalformedItem)
