"""Packaging: the wheel carries every data file, dependencies are used, metadata is current."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from importlib.metadata import packages_distributions
from pathlib import PurePosixPath
from typing import Any

import pytest

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


def _project() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config


def _normalized(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


# Declared but never imported by name: loaded by another library at run time.
RUNTIME_ONLY = {
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// database URLs",
    "redis": "Huey's RedisHuey imports it for redis:// queue URLs",
}


def test_every_dependency_is_used() -> None:
    imported: set[str] = set()
    for path in (REPO / "publisher").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    providers = packages_distributions()
    used = {_normalized(dist) for module in imported for dist in providers.get(module, [])}
    declared = {_normalized(requirement) for requirement in _project()["project"]["dependencies"]}
    assert declared - used - set(RUNTIME_ONLY) == set(), "declared but never imported"
    assert set(RUNTIME_ONLY) <= declared


def test_license_is_an_spdx_expression_setuptools_understands() -> None:
    config = _project()
    assert config["project"]["license"] == "AGPL-3.0-or-later"
    for pattern in config["project"].get("license-files", []):
        assert list(REPO.glob(pattern)), f"license-files pattern {pattern!r} matches no file"
    # PEP 639 license expressions need setuptools 77; older ones warn or fail on the string
    (setuptools,) = [r for r in config["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools == "setuptools>=77"


def test_make_demo_passes_host_and_port_through() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        [make, "-n", "demo", "PORT=8080", "HOST=0.0.0.0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "publisher demo --host 0.0.0.0 --port 8080" in done.stdout
