"""Argos Translate's own language codes (zt, pb) read into ours, on real tiny packages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from publisher.errors import ModelError
from publisher.languages import Language, UnknownLanguage
from publisher.translate.argos import ArgosTranslator
from publisher.translate.argos_packages import (
    install_from_file,
    install_from_index,
    installed_packages,
    remove_package,
)
from publisher.translate.router import TranslationRouter
from tests.tinyargos import build_argos_package, package_folder_name, write_package_folder


@pytest.fixture
def packages_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "packages"
    for source, target in (("en", "zt"), ("en", "pb")):
        write_package_folder(folder / package_folder_name(source, target, "1.0"), source, target)
    return folder


def test_package_codes_are_read_into_our_tags(packages_dir: Path) -> None:
    packages = {p.pair: p for p in installed_packages(packages_dir)}
    assert set(packages) == {("en", "zh-Hant"), ("en", "pt-BR")}
    traditional = packages[("en", "zh-Hant")]
    assert type(traditional.to_code) is Language
    # names and versions stay in Argos's codes, as argospm writes them
    assert traditional.code == "translate-en_zt"
    assert traditional.version_tag == "translate-en_zt-1.0"


def test_engine_and_router_serve_the_pair_in_our_codes(packages_dir: Path) -> None:
    engine = ArgosTranslator(packages_dir)
    assert engine.pairs() == {("en", "zh-Hant"), ("en", "pt-BR")}
    router = TranslationRouter({"argos": engine})
    route = router.route("en", "zh-TW")  # another spelling of Traditional Chinese
    assert [(s.engine, s.source, s.target) for s in route.steps] == [("argos", "en", "zh-Hant")]
    assert route.model_version == "translate-en_zt-1.0"
    result = router.translate(["The ferry leaves at noon."], "en", "pt-BR")
    assert len(result.texts) == 1 and result.engine == "argos"
    assert ("en", "pt") not in router.available_pairs()  # Brazilian is not European Portuguese


def test_remove_takes_either_spelling(packages_dir: Path) -> None:
    assert remove_package(packages_dir, "en", "zh-TW").to_code == "zh-Hant"
    assert remove_package(packages_dir, "en", "pb").to_code == "pt-BR"
    assert installed_packages(packages_dir) == []
    with pytest.raises(UnknownLanguage, match="'klingon'"):
        remove_package(packages_dir, "en", "klingon")
    with pytest.raises(ModelError, match="no en\u2192zh-Hant Argos package"):
        remove_package(packages_dir, "en", "zt")


def test_a_package_naming_no_language_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    archive = build_argos_package(tmp_path / "archives", "en", "klingon")
    with pytest.raises(ModelError, match="no valid to_code: 'klingon' is not a language code"):
        install_from_file(tmp_path / "packages", archive)
    folder = tmp_path / "listed"
    write_package_folder(folder / "translate-xx_en", "xx", "en")
    with caplog.at_level(logging.WARNING):
        assert installed_packages(folder) == []
    assert "no valid from_code" in caplog.text


def test_index_entries_are_matched_in_our_codes(tmp_path: Path) -> None:
    archive = build_argos_package(tmp_path / "archives", "en", "pb")
    index = [
        {"from_code": "en", "to_code": "pt", "package_version": "9.0", "links": []},
        {"from_code": "en", "to_code": "pb", "package_version": "1.0",
         "links": [archive.as_uri()]},
        {"from_code": "en", "to_code": ["not", "a", "code"], "links": []},
        {"from_code": "en", "to_code": "klingon", "links": []},
    ]  # fmt: skip
    index_file = tmp_path / "index.json"
    index_file.write_text(json.dumps(index), encoding="utf-8")
    package = install_from_index(tmp_path / "packages", index_file.as_uri(), "en", "pt-BR")
    assert package.pair == ("en", "pt-BR") and package.package_version == "1.0"
    # refused before going online: the index given here cannot be read
    missing = (tmp_path / "no-index.json").as_uri()
    with pytest.raises(UnknownLanguage, match="'klingon'"):
        install_from_index(tmp_path / "packages", missing, "en", "klingon")
