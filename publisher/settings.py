"""Settings, declared once.

Every setting is a field of :class:`Settings` with its default and help text. Values come, in
order of precedence, from explicit overrides (tests, CLI flags), ``PUBLISHER_<NAME>`` environment
variables, the instance file ``<instance>/publisher.toml``, then the defaults below. The CLI help,
the web app and the README table all read this one list.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.errors import ConfigError

ENV_PREFIX = "PUBLISHER_"
INSTANCE_FILE = "publisher.toml"


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclasses.dataclass(frozen=True)
class Settings:
    instance: Path = dataclasses.field(
        default=Path("instance"),
        metadata=_help(
            "Folder holding all state: database, queue, instance config (PUBLISHER_INSTANCE)."
        ),
    )
    database_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "SQLAlchemy URL; empty means SQLite file publisher.db in the instance folder."
        ),
    )
    queue_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "Task queue: empty means an SQLite queue in the instance folder; redis://host:port/db for several machines."
        ),
    )
    languages: str = dataclasses.field(
        default="ko,es",
        metadata=_help("Comma-separated target languages that dispatches are translated into."),
    )
    summary_method: str = dataclasses.field(
        default="default", metadata=_help("Summarizer name (see `publisher eval summarize`).")
    )
    summary_sentences: int = dataclasses.field(
        default=3, metadata=_help("Sentences kept in a summary (when summary_ratio is 0).")
    )
    summary_ratio: float = dataclasses.field(
        default=0.0,
        metadata=_help("Fraction of sentences kept in a summary; 0 uses summary_sentences."),
    )
    engines: str = dataclasses.field(
        default="",
        metadata=_help(
            "Engine per pair, e.g. 'en-es=apertium,en-ko=argos'; unlisted pairs: argos, else apertium, else a pivot through English."
        ),
    )
    argos_packages_dir: str = dataclasses.field(
        default="",
        metadata=_help(
            "Argos packages folder; empty means $ARGOS_PACKAGES_DIR, else Argos Translate's own default."
        ),
    )
    argos_index_url: str = dataclasses.field(
        default="https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json",
        metadata=_help("Argos package index used by `publisher models install FROM TO`."),
    )
    model_cache_size: int = dataclasses.field(
        default=4, metadata=_help("Translation models kept loaded at once per process.")
    )
    translate_batch_size: int = dataclasses.field(
        default=32, metadata=_help("Sentences per CTranslate2 batch.")
    )
    beam_size: int = dataclasses.field(default=2, metadata=_help("Beam size for neural decoding."))
    max_decoding_length: int = dataclasses.field(
        default=256, metadata=_help("Upper bound of tokens decoded per sentence.")
    )
    threads: int = dataclasses.field(
        default=0, metadata=_help("CPU threads per translation model; 0 lets CTranslate2 choose.")
    )
    max_input_bytes: int = dataclasses.field(
        default=10 * 1024 * 1024,
        metadata=_help("Largest input file or download accepted by ingest."),
    )
    display_timezone: str = dataclasses.field(
        default="",
        metadata=_help(
            "Time zone (IANA name, e.g. 'Asia/Seoul') of every page and digest; empty means each page language's own zone (ko: Asia/Seoul, ja: Asia/Tokyo, zh: Asia/Shanghai, es: Europe/Madrid, fr: Europe/Paris, de: Europe/Berlin, en: UTC; see language_timezones)."
        ),
    )
    auto_publish_machine_translations: bool = dataclasses.field(
        default=True,
        metadata=_help(
            "Treat complete machine translations as published without an editor's review."
        ),
    )
    secret_key: str = dataclasses.field(
        default="dev", metadata=_help("Flask secret key; set a random value in production.")
    )
    page_size: int = dataclasses.field(default=20, metadata=_help("Dispatches per page."))
    # web: public address and per-language time zones
    base_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "Public address of the reader site, e.g. 'https://news.example.org/'; absolute links (feeds, canonical links, API links, redirects) use it, never the request's Host header. Empty: taken from each request."
        ),
    )
    language_timezones: str = dataclasses.field(
        default="",
        metadata=_help(
            "Time zone per page language replacing the shipped one, e.g. 'en=America/New_York,es=Atlantic/Canary'; display_timezone, when set, wins over both."
        ),
    )

    @property
    def target_languages(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.instance / 'publisher.db').resolve()}"

    @property
    def resolved_queue_url(self) -> str:
        return self.queue_url or f"sqlite:///{(self.instance / 'queue.db').resolve()}"

    @property
    def resolved_argos_packages_dir(self) -> Path:
        if self.argos_packages_dir:
            return Path(self.argos_packages_dir)
        if os.environ.get("ARGOS_PACKAGES_DIR"):
            return Path(os.environ["ARGOS_PACKAGES_DIR"])
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(data_home) / "argos-translate" / "packages"

    @property
    def engine_overrides(self) -> dict[tuple[str, str], str]:
        """Parse ``engines`` into ``{(source, target): engine}``."""
        routes: dict[tuple[str, str], str] = {}
        for item in self.engines.split(","):
            if not item.strip():
                continue
            pair, sep, engine = item.partition("=")
            source, dash, target = pair.strip().partition("-")
            if not sep or not dash or not engine.strip():
                raise ConfigError(
                    f"engines: cannot read {item.strip()!r}; write it as 'en-ko=argos'"
                )
            routes[(source, target)] = engine.strip()
        return routes


SETTINGS: tuple[dataclasses.Field[Any], ...] = dataclasses.fields(Settings)


def _convert(field: dataclasses.Field[Any], raw: Any) -> Any:
    kind = field.type if isinstance(field.type, str) else field.type.__name__
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw)
        return str(raw)
    except ValueError as error:
        raise ConfigError(f"setting {field.name}: {raw!r} is not a valid {kind}") from error


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build settings from defaults, the instance file, the environment and overrides.

    Raises ConfigError for unknown names or values of the wrong type.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    known = {field.name: field for field in SETTINGS}
    unknown = set(overrides) - set(known)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")

    instance_raw = overrides.get("instance") or environ.get(ENV_PREFIX + "INSTANCE") or "instance"
    instance = Path(instance_raw)
    values: dict[str, Any] = {}
    config_file = instance / INSTANCE_FILE
    if config_file.is_file():
        try:
            file_values = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{config_file}: {error}") from error
        for name, raw in file_values.items():
            if name not in known:
                raise ConfigError(f"{config_file}: unknown setting {name!r}")
            values[name] = raw
    for name in known:
        env_name = ENV_PREFIX + name.upper()
        if env_name in environ:
            values[name] = environ[env_name]
    values.update(overrides)
    values["instance"] = instance
    converted = {name: _convert(known[name], raw) for name, raw in values.items()}
    return Settings(**converted)
