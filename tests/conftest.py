"""Fixtures shared by the whole suite: an isolated instance folder and a desk around it."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.core import Desk
from publisher.settings import load_settings

pytest_plugins = ["tests.conftest_web"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_e7c86f05d8169555.txt"


def need(condition: bool, what: str) -> None:
    """Skip when a system service or package is missing on a developer machine; in CI fail,
    since .ci/run installs and starts everything the suite needs."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run should have provided it")
    pytest.skip(f"{what} is not available here")


def apertium_modes() -> set[str]:
    """The translation modes `apertium -l` lists (eng-spa, eng-cat, ...); empty without it."""
    executable = shutil.which("apertium")
    if executable is None:
        return set()
    listed = subprocess.run(
        [executable, "-l"], capture_output=True, text=True, check=False, timeout=30
    )
    return set(listed.stdout.split()) if listed.returncode == 0 else set()


def need_apertium(mode: str, *more: str) -> None:
    """Skip (fail in CI) unless apertium and the data of every mode given (eng-spa) are there."""
    wanted = [mode, *more]
    missing = [name for name in wanted if name not in apertium_modes()]
    need(not missing, f"apertium with the {', '.join(missing)} data")


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the user's real Argos packages or instance folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    for name in list(os.environ):
        if name.startswith("PUBLISHER_"):
            monkeypatch.delenv(name)


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def desk(instance: Path) -> Iterator[Desk]:
    desk = Desk(load_settings({"instance": str(instance)}))
    yield desk
    desk.close()


POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT")
    name = f"publisher_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        need(False, "PostgreSQL on 127.0.0.1:5432")
        raise
    yield f"{POSTGRES}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
