"""Every shipped UI catalog is complete, and holds every message the code and templates use."""

from __future__ import annotations

import fnmatch
import os
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from publisher.i18n_tools import CATALOG_LANGUAGES, IGNORED_DIRS, compile_catalogs
from publisher.web.i18n import UI_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"


def _catalog(language: str) -> Catalog:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    assert path.is_file(), f"no catalog for {language}"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _wanted_dir(path: str) -> bool:
    name = os.path.basename(path)
    return not any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED_DIRS)


@cache
def _extracted() -> frozenset[str | tuple[str, ...]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
    found: set[str | tuple[str, ...]] = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, directory_filter=_wanted_dir
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


def test_ui_languages_are_the_catalog_languages() -> None:
    assert set(UI_LANGUAGES) == set(CATALOG_LANGUAGES)


def test_extraction_finds_messages() -> None:
    found = _extracted()
    assert "Skip to content" in found
    assert "Page not found" in found  # from publisher/web/problems.py


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_has_every_extracted_message(language: str) -> None:
    catalog = _catalog(language)
    missing = []
    for message in _extracted():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or (isinstance(message, tuple) and entry.id != message):
            missing.append(message)
    assert not missing, f"{language}: not in the catalog (run `make translations`): {missing}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_is_fully_translated(language: str) -> None:
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(("fuzzy", message.id))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(("plural forms", message.id))
        if not all(strings):
            problems.append(("untranslated", message.id))
    problems += [("check", str(errors)) for _m, errors in catalog.check()]
    assert not problems, f"{language}: {problems}"


def test_compile_writes_one_file_per_catalog(tmp_path: Path) -> None:
    written = compile_catalogs(LOCALES, tmp_path)
    assert sorted(path.parts[-3] for path in written) == sorted(CATALOG_LANGUAGES)
    assert compile_catalogs(LOCALES, tmp_path) == []  # up to date: nothing rewritten
