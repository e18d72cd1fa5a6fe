"""Message catalogs: ``python -m publisher.i18n_tools extract|update|compile|all``.

Extract and update run Babel's own command line in-process with argument lists; compile
writes the .mo files directly so the wheel build can use it too. Only the standard library
and Babel are imported here: setup.py loads this file before the package's dependencies exist.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "messages.pot"
DOMAIN = "messages"
# The shipped UI languages; publisher.web.i18n serves exactly these.
CATALOG_LANGUAGES: tuple[str, ...] = ("en", "ko", "ja", "zh", "es", "fr", "de")
IGNORED_DIRS = (".*", "_*", "node_modules", "build", "dist")
KEYWORDS = ("_", "gettext", "ngettext:1,2", "lazy_gettext", "_l", "lazy_ngettext:1,2")


def _pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *arguments])  # type: ignore[no-untyped-call]


def extract(root: Path = ROOT) -> Path:
    """Write locales/messages.pot from publisher/ and templates/ as babel.cfg says."""
    keywords = [item for keyword in KEYWORDS for item in ("-k", keyword)]
    _pybabel(
        "extract",
        "--mapping-file",
        str(root / "babel.cfg"),
        "--output-file",
        str(root / "locales" / "messages.pot"),
        "--no-location",
        "--sort-output",
        "--project",
        "publisher",
        "--msgid-bugs-address",
        "desk@localhost",
        "--copyright-holder",
        "publisher contributors",
        *keywords,
        "--ignore-dirs",
        " ".join(IGNORED_DIRS),
        # babel.cfg's patterns are relative to the project root; dot-folders (.venv) are skipped
        str(root),
    )
    return root / "locales" / "messages.pot"


def update(root: Path = ROOT) -> None:
    """Merge the template into every catalog, creating catalogs of languages that lack one."""
    locales = root / "locales"
    template = locales / "messages.pot"
    for language in CATALOG_LANGUAGES:
        catalog = locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not catalog.is_file():
            _pybabel("init", "-i", str(template), "-d", str(locales), "-l", language)
            continue
        # No fuzzy guesses: a new message shows up untranslated, which tests/test_catalogs.py
        # reports, rather than half-right.
        _pybabel(
            "update",
            "-i",
            str(template),
            "-d",
            str(locales),
            "-l",
            language,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )


def compile_catalogs(locales: Path = LOCALES, target: Path | None = None) -> list[Path]:
    """Write a .mo beside (or under ``target``, same layout) each .po; return the files written.

    Fuzzy entries are left out, as gettext would. A .mo newer than its .po is kept.
    """
    written: list[Path] = []
    for po_path in sorted(locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        relative = po_path.relative_to(locales).with_suffix(".mo")
        mo_path = (target or locales) / relative
        if mo_path.is_file() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publisher.i18n_tools", description=__doc__)
    parser.add_argument("command", choices=["extract", "update", "compile", "all"])
    command = parser.parse_args(argv).command
    if command in {"extract", "all"}:
        extract()
    if command in {"update", "all"}:
        update()
    if command in {"compile", "all"}:
        for path in compile_catalogs():
            print(f"compiled {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
