"""Argos package management on real (tiny, random-weight) packages."""

from __future__ import annotations

import http.server
import json
import logging
import socket
import stat
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from publisher import __version__
from publisher.errors import IndexUnreachable, ModelError
from publisher.settings import load_settings
from publisher.translate.argos_packages import (
    USER_AGENT,
    fetch_index,
    install_from_file,
    install_from_index,
    installed_packages,
    remove_package,
    version_key,
)
from tests.tinyargos import build_argos_package, package_folder_name, write_package_folder


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dest = tmp_path_factory.mktemp("archives")
    return {
        "en_ko_1.0": build_argos_package(dest, "en", "ko", version="1.0"),
        "en_ko_1.1": build_argos_package(dest, "en", "ko", version="1.1", seed=1),
        "en_es_1.0": build_argos_package(dest, "en", "es", version="1.0", seed=2),
    }


def visible_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_install_from_file_lays_out_an_argospm_folder(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    packages_dir = tmp_path / "packages"
    package = install_from_file(packages_dir, archives["en_ko_1.0"])

    assert (package.from_code, package.to_code, package.package_version) == ("en", "ko", "1.0")
    assert (package.from_name, package.to_name) == ("English", "Korean")
    assert package.path == packages_dir / "translate-en_ko-1_0"
    assert (package.model_dir / "model.bin").is_file()
    assert package.sp_model_path.is_file()
    assert package.version_tag == "translate-en_ko-1.0"
    assert visible_entries(packages_dir) == ["translate-en_ko-1_0"]  # no staging left behind
    assert installed_packages(packages_dir) == [package]


def test_newer_version_replaces_the_older_one(tmp_path: Path, archives: dict[str, Path]) -> None:
    install_from_file(tmp_path, archives["en_ko_1.0"])
    install_from_file(tmp_path, archives["en_es_1.0"])
    newer = install_from_file(tmp_path, archives["en_ko_1.1"])

    listed = installed_packages(tmp_path)
    assert [(p.pair, p.package_version) for p in listed] == [
        (("en", "es"), "1.0"),
        (("en", "ko"), "1.1"),
    ]
    assert newer in listed
    assert visible_entries(tmp_path) == ["translate-en_es-1_0", "translate-en_ko-1_1"]


def test_reinstalling_the_same_file_is_harmless(tmp_path: Path, archives: dict[str, Path]) -> None:
    first = install_from_file(tmp_path, archives["en_ko_1.0"])
    second = install_from_file(tmp_path, archives["en_ko_1.0"])
    assert first == second
    assert installed_packages(tmp_path) == [second]


def test_remove_package(tmp_path: Path, archives: dict[str, Path]) -> None:
    install_from_file(tmp_path, archives["en_ko_1.1"])
    install_from_file(tmp_path, archives["en_es_1.0"])

    removed = remove_package(tmp_path, "en", "ko")

    assert removed.version_tag == "translate-en_ko-1.1"
    assert not removed.path.exists()
    assert [p.pair for p in installed_packages(tmp_path)] == [("en", "es")]
    with pytest.raises(ModelError, match="no en\u2192ko Argos package is installed"):
        remove_package(tmp_path, "en", "ko")


def _rezip(
    source: Path, target: Path, *, drop: str = "", add: dict[str, bytes] | None = None
) -> Path:
    """Copy an archive, leaving out members ending in ``drop`` and adding ``add``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            if drop and info.filename.endswith(drop):
                continue
            out.writestr(info, src.read(info))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def _bad_archives(tmp_path: Path, good: Path) -> dict[str, tuple[Path, str]]:
    top = package_folder_name("en", "ko", "1.1")
    not_zip = tmp_path / "notzip.argosmodel"
    not_zip.write_text("this is not a zip archive", encoding="utf-8")
    symlink = tmp_path / "symlink.argosmodel"
    _rezip(good, symlink)
    with zipfile.ZipFile(symlink, "a") as out:
        link = zipfile.ZipInfo(f"{top}/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/passwd")
    return {
        "not a zip": (not_zip, "not a zip archive"),
        "no metadata": (_rezip(good, tmp_path / "nometa.zip", drop="metadata.json"), "no metadata"),
        "no model": (_rezip(good, tmp_path / "nomodel.zip", drop="model.bin"), "model.bin"),
        "no sentencepiece": (
            _rezip(good, tmp_path / "nosp.zip", drop="sentencepiece.model"),
            "sentencepiece.model",
        ),
        "parent traversal": (
            _rezip(good, tmp_path / "dotdot.zip", add={f"{top}/../../evil.txt": b"x"}),
            "unsafe path",
        ),
        "absolute path": (
            _rezip(good, tmp_path / "abs.zip", add={"/tmp/evil.txt": b"x"}),
            "unsafe path",
        ),
        "two top folders": (
            _rezip(good, tmp_path / "two.zip", add={"other/file.txt": b"x"}),
            "one top folder",
        ),
        "file at the top": (
            _rezip(good, tmp_path / "loose.zip", add={"loose.txt": b"x"}),
            "outside the package folder",
        ),
        "symlink": (symlink, "symbolic link"),
        "metadata not json": (
            _rezip(
                good,
                tmp_path / "badjson.zip",
                drop="metadata.json",
                add={f"{top}/metadata.json": b"{not json"},
            ),
            "not valid JSON",
        ),
        "metadata without codes": (
            _rezip(
                good,
                tmp_path / "nocodes.zip",
                drop="metadata.json",
                add={f"{top}/metadata.json": json.dumps({"package_version": "1"}).encode()},
            ),
            "no valid from_code",
        ),
        "missing file": (tmp_path / "absent.argosmodel", "no such file"),
    }


def test_bad_archives_are_refused_and_leave_nothing_behind(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    packages_dir = tmp_path / "packages"
    existing = install_from_file(packages_dir, archives["en_ko_1.0"])
    for label, (archive, reason) in _bad_archives(tmp_path, archives["en_ko_1.1"]).items():
        with pytest.raises(ModelError, match=reason):
            install_from_file(packages_dir, archive)
        assert visible_entries(packages_dir) == ["translate-en_ko-1_0"], label
    assert installed_packages(packages_dir) == [existing]
    assert not (tmp_path / "evil.txt").exists()


def test_listing_skips_broken_folders_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_package_folder(tmp_path / "translate-en_ko-1_0", "en", "ko")
    (tmp_path / "empty-folder").mkdir()
    broken = tmp_path / "broken-metadata"
    broken.mkdir()
    (broken / "metadata.json").write_text("[1, 2", encoding="utf-8")
    write_package_folder(tmp_path / "sbd", "en", "en", extra_metadata={"type": "sbd"})
    (tmp_path / "index.json").write_text("[]", encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="publisher.translate.argos_packages"):
        listed = installed_packages(tmp_path)

    assert [p.path.name for p in listed] == ["translate-en_ko-1_0"]
    warnings = " ".join(record.getMessage() for record in caplog.records)
    assert "empty-folder" in warnings and "broken-metadata" in warnings and "sbd" in warnings


def test_a_missing_packages_folder_has_no_packages(tmp_path: Path) -> None:
    assert installed_packages(tmp_path / "nowhere") == []


def test_argos_packages_dir_from_the_environment_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The folder argospm fills when ARGOS_PACKAGES_DIR is set: one folder per package.
    argos_dir = tmp_path / "argos-packages"
    write_package_folder(argos_dir / "translate-en_es-1_9", "en", "es", version="1.9")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
    settings = load_settings(environ={})

    assert settings.resolved_argos_packages_dir == argos_dir
    listed = installed_packages(settings.resolved_argos_packages_dir)
    assert [(p.pair, p.package_version) for p in listed] == [(("en", "es"), "1.9")]


def test_version_order() -> None:
    assert version_key("1.10") > version_key("1.9") > version_key("1.1") > version_key("1.0")
    assert version_key("2") > version_key("1.9.9")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, seen: list[tuple[str, str | None]], **kwargs: Any) -> None:
        self.seen = seen
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("User-Agent")))
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@dataclass
class StandIn:
    """A local stand-in for the package index's web server."""

    root: Path
    base: str
    # (path, User-Agent) of every GET, in the order they arrived
    seen: list[tuple[str, str | None]] = field(default_factory=list)


@pytest.fixture()
def stand_in(tmp_path: Path) -> Iterator[StandIn]:
    """Serve a folder over HTTP on 127.0.0.1, recording each request's User-Agent."""
    root = tmp_path / "www"
    root.mkdir()
    seen: list[tuple[str, str | None]] = []

    def handler(*args: Any, **kwargs: Any) -> _Handler:
        return _Handler(*args, directory=str(root), seen=seen, **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield StandIn(root, f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def http_root(stand_in: StandIn) -> tuple[Path, str]:
    """The stand-in server's folder and base URL."""
    return stand_in.root, stand_in.base


def test_install_from_index_downloads_the_newest_package(
    tmp_path: Path, archives: dict[str, Path], http_root: tuple[Path, str]
) -> None:
    root, base = http_root
    for key in ("en_ko_1.0", "en_ko_1.1"):
        (root / archives[key].name).write_bytes(archives[key].read_bytes())
    index = [
        {"from_code": "en", "to_code": "ko", "package_version": "1.0",
         "links": [f"{base}/{archives['en_ko_1.0'].name}"]},
        {"from_code": "en", "to_code": "ko", "package_version": "1.1",
         "links": [f"{base}/missing.argosmodel", f"{base}/{archives['en_ko_1.1'].name}"]},
        {"from_code": "en", "to_code": "es", "package_version": "9.9", "links": []},
    ]  # fmt: skip
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    calls: list[tuple[int, int]] = []

    assert fetch_index(f"{base}/index.json") == index
    package = install_from_index(
        tmp_path / "packages",
        f"{base}/index.json",
        "en",
        "ko",
        progress=lambda done, total: calls.append((done, total)),
    )

    size = archives["en_ko_1.1"].stat().st_size
    assert package.version_tag == "translate-en_ko-1.1"
    assert calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert visible_entries(tmp_path / "packages") == ["translate-en_ko-1_1"]
    with pytest.raises(ModelError, match="no download link"):
        install_from_index(tmp_path / "packages", f"{base}/index.json", "en", "es")
    with pytest.raises(ModelError, match="has no en\u2192fr package"):
        install_from_index(tmp_path / "packages", f"{base}/index.json", "en", "fr")


def test_downloads_from_the_index_say_who_is_asking(
    tmp_path: Path, archives: dict[str, Path], stand_in: StandIn
) -> None:
    archive = archives["en_ko_1.0"]
    (stand_in.root / archive.name).write_bytes(archive.read_bytes())
    index = [{"from_code": "en", "to_code": "ko", "links": [f"{stand_in.base}/{archive.name}"]}]
    (stand_in.root / "index.json").write_text(json.dumps(index), encoding="utf-8")

    install_from_index(tmp_path / "packages", f"{stand_in.base}/index.json", "en", "ko")

    assert USER_AGENT == f"publisher/{__version__} (ArgosTranslate-compatible)"
    assert stand_in.seen == [("/index.json", USER_AGENT), (f"/{archive.name}", USER_AGENT)]


def test_index_entries_are_read_as_argostranslate_reads_them(
    tmp_path: Path, archives: dict[str, Path], stand_in: StandIn
) -> None:
    for key in ("en_ko_1.0", "en_ko_1.1"):
        (stand_in.root / archives[key].name).write_bytes(archives[key].read_bytes())
    older, newer = (f"{stand_in.base}/{archives[key].name}" for key in ("en_ko_1.0", "en_ko_1.1"))
    index = [
        # a multilingual entry and a numeric version, newest of the two for en→ko
        {"from_codes": ["en", "ja"], "to_codes": ["ko"], "package_version": 1.1, "links": [newer]},
        {"from_code": "en", "to_code": "ko", "package_version": 1.0, "links": [older]},
    ]
    (stand_in.root / "index.json").write_text(json.dumps(index), encoding="utf-8")

    install_from_index(tmp_path / "packages", f"{stand_in.base}/index.json", "en", "ko")
    install_from_index(tmp_path / "packages", f"{stand_in.base}/index.json", "ja", "ko")

    downloads = [path for path, _ in stand_in.seen if path != "/index.json"]
    assert downloads == [f"/{archives['en_ko_1.1'].name}"] * 2


def test_failed_downloads_raise_model_error(tmp_path: Path, http_root: tuple[Path, str]) -> None:
    root, base = http_root
    index = [{"from_code": "en", "to_code": "ko", "links": [f"{base}/gone.argosmodel"]}]
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    (root / "broken.json").write_text("{", encoding="utf-8")
    (root / "object.json").write_text("{}", encoding="utf-8")

    with pytest.raises(ModelError, match="cannot download the en\u2192ko package.*HTTP 404"):
        install_from_index(tmp_path / "packages", f"{base}/index.json", "en", "ko")
    with pytest.raises(ModelError, match="not valid JSON"):
        fetch_index(f"{base}/broken.json")
    with pytest.raises(ModelError, match="not a JSON list"):
        fetch_index(f"{base}/object.json")
    with pytest.raises(IndexUnreachable, match="HTTP 404"):
        fetch_index(f"{base}/no-index.json")


def test_unreachable_index(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/index.json"

    with pytest.raises(IndexUnreachable) as caught:
        install_from_index(tmp_path, url, "en", "ko")

    message = str(caught.value)
    assert message.startswith(f"cannot reach the Argos package index at {url} (")
    assert message.endswith(
        "install a model from a file: publisher models install --file PATH.argosmodel"
    )
    assert "\n" not in message


def test_an_archive_that_unpacks_too_large_is_refused(
    tmp_path: Path, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.translate import argos_packages

    archive = archives["en_ko_1.0"]
    with zipfile.ZipFile(archive) as archive_zip:
        unpacked = sum(info.file_size for info in archive_zip.infolist())
    monkeypatch.setattr(argos_packages, "MAX_UNPACKED_BYTES", unpacked - 1)
    packages_dir = tmp_path / "packages"
    with pytest.raises(ModelError, match="over the limit"):
        install_from_file(packages_dir, archive)
    assert not installed_packages(packages_dir)
    monkeypatch.setattr(argos_packages, "MAX_UNPACKED_BYTES", unpacked)
    assert install_from_file(packages_dir, archive).to_code == "ko"
