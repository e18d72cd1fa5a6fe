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
