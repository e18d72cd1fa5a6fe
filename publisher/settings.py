"""Settings, declared once.

Every setting is a field of :class:`Settings` with its default, help text and check. Values
come, in order of precedence, from explicit overrides (tests, CLI flags), ``PUBLISHER_<NAME>``
environment variables, the instance file ``<instance>/publisher.toml``, then the defaults below.
:func:`load_settings` checks every value, so a bad one is one clear error at start-up rather
than a failure later. The CLI help, the web app and the README table all read this one list
(``python -m publisher.settings --markdown`` prints the README table).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from publisher.errors import ConfigError
from publisher.languages import Language, UnknownLanguage, parse_languages

ENV_PREFIX = "PUBLISHER_"
INSTANCE_FILE = "publisher.toml"
DEFAULT_SECRET_KEY = "dev"
MIN_SECRET_KEY_LENGTH = 16
# ASCII digits only: str.isdigit() also takes "²", which int() refuses
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


class Invalid(Exception):
    """A setting's check refuses a value; the message says why and shows the value."""


Check = Callable[[Any], Any]


def _help(text: str, check: Check | None = None) -> dict[str, Any]:
    """Field metadata: the help text, and the check that validates and normalizes a value."""
    return {"help": text, "check": check}


def _positive(value: int) -> int:
    if value < 1:
        raise Invalid(f"{value} is not a positive whole number")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise Invalid(f"{value} is below 0")
    return value


def _at_least_one(value: float) -> float:
    if not (math.isfinite(value) and value >= 1):
        raise Invalid(f"{value} is not a number of 1 or more")
    return value


def _ratio(value: float) -> float:
    if not (math.isfinite(value) and 0 <= value < 1):
        raise Invalid(f"{value} is not a fraction from 0 (included) to 1 (excluded)")
    return value


def _languages(value: str) -> str:
    try:
        return ",".join(parse_languages(value))
    except UnknownLanguage as error:
        raise Invalid(str(error)) from None


def _summary_method(value: str) -> str:
    from publisher.summarize import METHODS

    name = value.strip().lower()
    if name not in METHODS:
        raise Invalid(
            f"unknown summary method {value!r}; known methods: {', '.join(sorted(METHODS))}"
        )
    return name


def _timezone(value: str) -> str:
    name = value.strip()
    if not name:
        return name
    try:
        ZoneInfo(name)
    # a key is a path under the zone folder: a folder ("Asia"), a data file ("zone.tab") or
    # an overlong name fail as files do
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # keys are file names: case matters on most systems, so offer the zone meant
        match = {zone.lower(): zone for zone in available_timezones()}.get(name.lower())
        if match is None:
            raise Invalid(f"{value!r} is not an IANA time zone such as UTC or Asia/Seoul") from None
        return match
    return name


def _publish_policy(value: str) -> str:
    from publisher.publication import PublishPolicy

    name = value.strip().lower()
    if name not in {policy.value for policy in PublishPolicy}:
        raise Invalid(f"{value!r} is not a publish policy: use 'auto' or 'review'")
    return name


FULL_TEXT_CHOICES = ("on_demand", "all")


def _full_text(value: str) -> str:
    name = value.strip().lower().replace("-", "_")
    if name not in FULL_TEXT_CHOICES:
        raise Invalid(f"{value!r} is not a full-text choice: use 'on_demand' or 'all'")
    return name


def _base_url(value: str) -> str:
    if not value.strip():
        return ""
    from publisher.web.urls import parse_base_url  # Flask: imported only when there is a value

    try:
        parse_base_url(value)
    except ConfigError as error:
        raise Invalid(str(error).removeprefix("base_url: ")) from None
    return value.strip()


def _language_timezones(value: str) -> str:
    if not value.strip():
        return ""
    from publisher.web.zones import parse_language_zones

    try:
        parse_language_zones(value)
    except ConfigError as error:
        raise Invalid(str(error).removeprefix("language_timezones: ")) from None
    return value.strip()


def _engines(value: str) -> str:
    parse_engines(value)
    return value.strip()


def _engine_order(value: str) -> str:
    parse_engine_order(value)
    return value.strip()


def parse_engine_order(text: str) -> list[str]:
    """Read ``engine_order`` into engine names, each known and given once. Raises Invalid."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in KNOWN_ENGINES]
    if unknown:
        raise Invalid(f"unknown engine {unknown[0]!r}; known engines: {', '.join(KNOWN_ENGINES)}")
    if len(set(names)) != len(names):
        raise Invalid("an engine is listed twice")
    if not names:
        raise Invalid("list at least one engine")
    return names


def _device(value: str) -> str:
    if value.strip().lower() not in DEVICES:
        raise Invalid(f"{value!r} is not one of {', '.join(DEVICES)}")
    return value.strip().lower()


def _database_url(value: str) -> str:
    # imported here: SQLAlchemy takes a third of a second to import, too much for `--help`
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if value.strip():
        try:
            make_url(value.strip())
        except (ArgumentError, ValueError):  # ValueError: a port that is no number
            raise Invalid(
                f"{value!r} is not an SQLAlchemy URL such as postgresql+psycopg://user@host/db"
            ) from None
    return value.strip()


QUEUE_SCHEMES = ("sqlite:///", "redis://", "rediss://", "unix://")


def _queue_url(value: str) -> str:
    if value.strip() and not value.strip().startswith(QUEUE_SCHEMES):
        raise Invalid(f"{value!r} is neither sqlite:///PATH nor redis://HOST:PORT/DB")
    return value.strip()


def _index_url(value: str) -> str:
    try:
        scheme = urlsplit(value.strip()).scheme
    except ValueError:  # e.g. a bracketed host that is no IPv6 address
        scheme = ""
    if scheme not in {"http", "https", "file"}:
        raise Invalid(f"{value!r} is not an http(s) or file URL")
    return value.strip()


KNOWN_ENGINES = ("ctranslate2", "argos", "apertium")
DEVICES = ("auto", "cpu", "cuda")


def _pair(text: str) -> tuple[Language, Language]:
    """``en-ko``, ``zh-Hant-en`` or ``en>pt-BR`` as a pair of languages. Raises Invalid."""
    if ">" in text:
        source, _sep, target = text.partition(">")
        try:
            return Language.parse(source), Language.parse(target)
        except UnknownLanguage as error:
            raise Invalid(f"{text!r}: {error}") from None
    parts = text.split("-")
    readings: set[tuple[Language, Language]] = set()
    for cut in range(1, len(parts)):
        try:
            readings.add(
                (Language.parse("-".join(parts[:cut])), Language.parse("-".join(parts[cut:])))
            )
        except UnknownLanguage:
            continue
    if len(readings) == 1:
        return readings.pop()
    if readings:
        raise Invalid(
            f"{text!r} can be read in more than one way; write SOURCE>TARGET, e.g. en>pt-BR"
        )
    raise Invalid(f"{text!r} is not a pair of language codes such as en-ko or en>zh-Hant")


def parse_engines(text: str) -> dict[tuple[Language, Language], str]:
    """Read the ``engines`` setting into ``{(source, target): engine}``. Raises Invalid."""
    routes: dict[tuple[Language, Language], str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        pair, sep, engine = item.partition("=")
        if not sep or not pair.strip() or not engine.strip():
            raise Invalid(f"cannot read {item.strip()!r}; write it as 'en-ko=argos'")
        name = engine.strip().lower()
        if name not in KNOWN_ENGINES:
            raise Invalid(
                f"unknown engine {engine.strip()!r}; known engines: {', '.join(KNOWN_ENGINES)}"
            )
        key = _pair(pair.strip())
        if key[0] == key[1]:
            raise Invalid(f"{pair.strip()!r} translates a language into itself")
        if routes.get(key, name) != name:
            raise Invalid(f"{key[0]}\u2192{key[1]} is given two engines, {routes[key]} and {name}")
        routes[key] = name
    return routes


@dataclasses.dataclass(frozen=True)
class Settings:
    instance: Path = dataclasses.field(
        default=Path("instance"),
        metadata=_help(
            "Folder holding the desk's state: database, queue, instance config (PUBLISHER_INSTANCE); Argos packages live in Argos' own folder (argos_packages_dir)."
        ),
    )
    database_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "SQLAlchemy URL; empty means SQLite file publisher.db in the instance folder.",
            _database_url,
        ),
    )
    queue_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "Task queue: empty means an SQLite queue in the instance folder; redis://host:port/db for several machines.",
            _queue_url,
        ),
    )
    languages: str = dataclasses.field(
        default="ko,es",
        metadata=_help(
            "Comma-separated target languages, BCP 47 (e.g. ko,es,pt-BR,zh-Hant), that dispatches are translated into.",
            _languages,
        ),
    )
    summary_method: str = dataclasses.field(
        default="default",
        metadata=_help("Summarizer name (see `publisher eval summarize`).", _summary_method),
    )
    summary_sentences: int = dataclasses.field(
        default=3,
        metadata=_help("Sentences kept in a summary (when summary_ratio is 0).", _positive),
    )
    summary_ratio: float = dataclasses.field(
        default=0.0,
        metadata=_help(
            "Fraction of sentences kept in a summary, from 0 to below 1; 0 uses summary_sentences.",
            _ratio,
        ),
    )
    engines: str = dataclasses.field(
        default="",
        metadata=_help(
            "Engine (ctranslate2, argos, apertium) per pair, e.g. 'en-es=apertium,en>zh-Hant=argos'; unlisted pairs follow engine_order, else a pivot through English.",
            _engines,
        ),
    )
    engine_order: str = dataclasses.field(
        default="ctranslate2,argos,apertium",
        metadata=_help(
            "Engines in order of preference for a pair no `engines` entry fixes; the editors' memory always comes first and a pivot through English last.",
            _engine_order,
        ),
    )
    ct2_models_dir: str = dataclasses.field(
        default="",
        metadata=_help(
            "Folder of converted CTranslate2 models (`publisher models install --dir`); empty means ct2-models in the instance folder."
        ),
    )
    device: str = dataclasses.field(
        default="auto",
        metadata=_help(
            "Where CTranslate2 runs: auto (a CUDA GPU when there is one, int8_float16), cpu (int8) or cuda.",
            _device,
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
        metadata=_help(
            "Argos package index used by `publisher models install FROM TO`.", _index_url
        ),
    )
    model_cache_size: int = dataclasses.field(
        default=4,
        metadata=_help("Translation models kept loaded at once per process.", _positive),
    )
    translate_batch_size: int = dataclasses.field(
        default=32, metadata=_help("Sentences per CTranslate2 batch.", _positive)
    )
    beam_size: int = dataclasses.field(
        default=4,
        metadata=_help("Beam size for neural decoding (4, as argostranslate).", _positive),
    )
    max_decoding_length: int = dataclasses.field(
        default=512,
        metadata=_help(
            "Most tokens decoded per sentence; below it, each batch may decode 3 tokens per "
            "source token plus 10.",
            _positive,
        ),
    )
    repetition_penalty: float = dataclasses.field(
        default=1.0,
        metadata=_help(
            "CTranslate2 repetition penalty (1 is none; a failed sentence is retried with 1.2).",
            _at_least_one,
        ),
    )
    no_repeat_ngram_size: int = dataclasses.field(
        default=0,
        metadata=_help(
            "Forbid repeating n-grams of this size when decoding (0 is off; a failed sentence is "
            "retried with 3).",
            _not_negative,
        ),
    )
    threads: int = dataclasses.field(
        default=0,
        metadata=_help(
            "CPU threads per translation model; 0 lets CTranslate2 choose.", _not_negative
        ),
    )
    parallel_languages: int = dataclasses.field(
        default=2,
        metadata=_help(
            "Languages `publisher translate` decodes at once, each on its own thread (on two "
            "cores one model leaves room for a second); at most model_cache_size; 1 is one "
            "after another.",
            _positive,
        ),
    )
    max_input_bytes: int = dataclasses.field(
        default=10 * 1024 * 1024,
        metadata=_help("Largest input file or download accepted by ingest, in bytes.", _positive),
    )
    display_timezone: str = dataclasses.field(
        default="",
        metadata=_help(
            "Time zone (IANA name, e.g. 'Asia/Seoul') of every page and digest; empty means each page language's own zone (ko: Asia/Seoul, ja: Asia/Tokyo, zh: Asia/Shanghai, es: Europe/Madrid, fr: Europe/Paris, de: Europe/Berlin, en: UTC; see language_timezones).",
            _timezone,
        ),
    )
    publish_policy: str = dataclasses.field(
        default="review",
        metadata=_help(
            "How drafts reach readers: 'review' publishes only what an editor approved "
            "(`publisher review`); 'auto' publishes complete machine output at once, marked "
            "unreviewed (never over an editor's version of the same revision).",
            _publish_policy,
        ),
    )
    separate_publish_step: bool = dataclasses.field(
        default=False,
        metadata=_help(
            "Under 'review': false publishes a language version as soon as an editor approves "
            "it; true keeps it approved until an editor publishes it (`publisher review publish`)."
        ),
    )
    full_text: str = dataclasses.field(
        default="on_demand",
        metadata=_help(
            "Which dispatches get their full text translated, beside the summary: 'all' (every "
            "dispatch, as each summary translation completes) or 'on_demand' (only "
            "`publisher translate --full`). Published full texts show on the dispatch page, in "
            "`show`, the API and exports.",
            _full_text,
        ),
    )
    secret_key: str = dataclasses.field(
        default=DEFAULT_SECRET_KEY,
        metadata=_help(
            "Flask secret key; `publisher serve` refuses the default: set a long random value."
        ),
    )
    page_size: int = dataclasses.field(
        default=20, metadata=_help("Dispatches per page.", _positive)
    )
    # web: public address and per-language time zones
    base_url: str = dataclasses.field(
        default="",
        metadata=_help(
            "Public address of the reader site, e.g. 'https://news.example.org/'; absolute links (feeds, canonical links, API links, redirects) use it, never the request's Host header. Empty: taken from each request.",
            _base_url,
        ),
    )
    language_timezones: str = dataclasses.field(
        default="",
        metadata=_help(
            "Time zone per page language replacing the shipped one, e.g. 'en=America/New_York,es=Atlantic/Canary'; display_timezone, when set, wins over both.",
            _language_timezones,
        ),
    )

    @property
    def target_languages(self) -> list[Language]:
        """The ``languages`` setting as checked tags. Raises UnknownLanguage for a bad one."""
        return parse_languages(self.languages)

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
    def resolved_ct2_models_dir(self) -> Path:
        return Path(self.ct2_models_dir) if self.ct2_models_dir else self.instance / "ct2-models"

    @property
    def engine_preference(self) -> list[str]:
        return parse_engine_order(self.engine_order)

    @property
    def engine_overrides(self) -> dict[tuple[Language, Language], str]:
        """Parse ``engines`` into ``{(source, target): engine}``. Raises ConfigError."""
        try:
            return parse_engines(self.engines)
        except Invalid as error:
            raise ConfigError(f"setting engines: {error}") from None

    def check_production(self) -> None:
        """Refuse settings unsafe for serving the public: the default or a short secret key.

        Raises ConfigError saying how to set a key.
        """
        if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
            what = "is the default" if self.secret_key == DEFAULT_SECRET_KEY else "is too short"
            raise ConfigError(
                f"setting secret_key {what}: set at least {MIN_SECRET_KEY_LENGTH} random "
                "characters as secret_key in the instance's publisher.toml or as "
                "PUBLISHER_SECRET_KEY, e.g. from: python -c 'import secrets; print(secrets.token_hex(32))'"
            )


SETTINGS: tuple[dataclasses.Field[Any], ...] = dataclasses.fields(Settings)


def _kind(field: dataclasses.Field[Any]) -> str:
    return field.type if isinstance(field.type, str) else field.type.__name__


def _convert(field: dataclasses.Field[Any], raw: Any) -> Any:
    """A raw value (TOML value or environment text) as the field's type. Raises Invalid."""
    kind = _kind(field)
    wrong = Invalid(f"{raw!r} is not a valid {kind}")
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise wrong
    if isinstance(raw, bool):  # TOML true is no number, no text, no path
        raise wrong
    if kind == "int":
        if isinstance(raw, int):
            return raw
        if isinstance(raw, str) and _WHOLE_NUMBER.fullmatch(raw.strip()):
            return int(raw.strip())
        raise wrong
    if kind == "float":
        if isinstance(raw, int | float):
            return float(raw)
        if isinstance(raw, str):
            try:
                return float(raw.strip())
            except ValueError:
                raise wrong from None
        raise wrong
    if not isinstance(raw, str | Path):
        raise wrong
    return Path(raw) if kind == "Path" else str(raw)


def _checked(field: dataclasses.Field[Any], raw: Any, origin: str) -> Any:
    """Convert and check one value. Raises ConfigError naming the setting and where it came from."""
    try:
        value = _convert(field, raw)
        check: Check | None = field.metadata.get("check")
        return check(value) if check is not None else value
    except Invalid as error:
        raise ConfigError(f"setting {field.name}{origin}: {error}") from None


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build settings from defaults, the instance file, the environment and overrides.

    Raises ConfigError for unknown names and for any value of the wrong type or that its
    check refuses, naming the setting, the value and where it came from.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    known = {field.name: field for field in SETTINGS}
    unknown = set(overrides) - set(known)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")

    instance_raw = overrides.get("instance") or environ.get(ENV_PREFIX + "INSTANCE") or "instance"
    instance = Path(instance_raw)
    values: dict[str, tuple[Any, str]] = {}
    config_file = instance / INSTANCE_FILE
    if config_file.is_file():
        try:
            file_values = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{config_file}: {error}") from error
        for name, raw in file_values.items():
            if name not in known:
                raise ConfigError(f"{config_file}: unknown setting {name!r}")
            values[name] = (raw, f" (in {config_file})")
    for name in known:
        env_name = ENV_PREFIX + name.upper()
        if env_name in environ:
            values[name] = (environ[env_name], f" (from {env_name})")
    values.update((name, (raw, "")) for name, raw in overrides.items())
    values["instance"] = (instance, "")
    converted = {name: _checked(known[name], raw, origin) for name, (raw, origin) in values.items()}
    return Settings(**converted)


def format_default(field: dataclasses.Field[Any]) -> str:
    """A setting's default as people write it: ``true``, ``ko,es``, ``(empty)``."""
    value = field.default
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if text else "(empty)"


def markdown_table(fields: Sequence[dataclasses.Field[Any]] = SETTINGS) -> str:
    """The README's settings table: name, default and meaning of every setting."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for field in fields:
        default = format_default(field)
        shown = default if default == "(empty)" else f"`{cell(default)}`"
        lines.append(f"| `{field.name}` | {shown} | {cell(field.metadata['help'])} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m publisher.settings --markdown``: print the settings table for README.md."""
    parser = argparse.ArgumentParser(prog="python -m publisher.settings", description=main.__doc__)
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table")
    parser.parse_args(argv)
    print(markdown_table(), end="")


if __name__ == "__main__":
    main()
