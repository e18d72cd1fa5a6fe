"""Where the project's non-Python files are, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parent

# A source checkout keeps templates/ and locales/ at the top; the wheel build copies them
# into publisher/_data/ so an installed package finds them too.
if (_CHECKOUT / "templates").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
    TEMPLATES_DIR = _CHECKOUT / "templates"
    LOCALES_DIR = _CHECKOUT / "locales"
else:
    TEMPLATES_DIR = PACKAGE_DIR / "_data" / "templates"
    LOCALES_DIR = PACKAGE_DIR / "_data" / "locales"
