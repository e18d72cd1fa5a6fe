"""Build hook: ship templates/ and compiled locales/ inside the wheel as publisher/_data/.

Project metadata lives in pyproject.toml; this file only adds a step to build_py. The
catalog compiler is loaded from its file, since the package's own dependencies are not
installed in the isolated build environment (Babel is, as a build requirement).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _i18n_tools() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_publisher_i18n_tools", ROOT / "publisher" / "i18n_tools.py"
    )
    if spec is None or spec.loader is None:
        raise RuntimeError("cannot load publisher/i18n_tools.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithData(build_py):  # type: ignore[misc]
    """build_py, then copy templates and catalogs (with fresh .mo files) into the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads templates/ and locales/ from the checkout itself.
            return
        data = Path(self.build_lib) / "publisher" / "_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(ROOT / "templates", data / "templates")
        shutil.copytree(
            ROOT / "locales", data / "locales", ignore=shutil.ignore_patterns("*.mo", "*.pot")
        )
        _i18n_tools().compile_catalogs(data / "locales")


setup(cmdclass={"build_py": BuildWithData})
