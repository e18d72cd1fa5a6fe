"""An installed wheel carries every data file the package reads at run time."""

from __future__ import annotations

import tomllib
from pathlib import PurePosixPath

from tests.conftest import REPO


def test_every_data_file_is_declared_as_package_data() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["publisher"]
    package = REPO / "publisher"
    missing = []
    for path in package.rglob("*"):
        relative = PurePosixPath(path.relative_to(package).as_posix())
        if (
            path.is_dir()
            or path.suffix in {".py", ".pyc"}
            or "__pycache__" in relative.parts
            or relative.parts[0] == "_data"  # written by the wheel build itself (setup.py)
        ):
            continue
        # setuptools globs: "**/" also matches the package folder itself
        if not any(relative.match(p) or relative.match(p.removeprefix("**/")) for p in patterns):
            missing.append(str(relative))
    assert not missing, f"not shipped in the wheel: {missing}"


def test_every_folder_of_modules_is_a_package_the_wheel_ships() -> None:
    """setuptools ships packages only: a folder of modules without __init__.py (the schema
    revisions in publisher/migrations/versions, say) would be missing from an installed wheel."""
    from setuptools import find_packages

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    found = set(find_packages(str(REPO), **config["tool"]["setuptools"]["packages"]["find"]))
    folders = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "publisher").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert "publisher.migrations.versions" in folders
    assert folders - found == set()
