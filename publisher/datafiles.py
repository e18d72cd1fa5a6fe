"""The data files shipped inside the package (language knowledge, patterns, settings as data),
read one way: ``load_toml("publisher.ingest", "charsets.toml")`` reads
``publisher/ingest/data/charsets.toml``, and a missing or malformed file is a ConfigError
naming it, never a traceback from deep inside a parser.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from publisher.errors import ConfigError


def load_toml(package: str, name: str) -> dict[str, Any]:
    """The TOML file ``name`` of ``package``'s ``data`` folder. Raises ConfigError."""
    where = f"{package.replace('.', '/')}/data/{name}"
    try:
        text = resources.files(package).joinpath("data", name).read_text("utf-8")
        return tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{where}: {error}") from error
