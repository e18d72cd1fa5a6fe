"""Settings: declared once, checked at load, documented from the same list."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.cli import _settings_help, cli
from publisher.errors import ConfigError
from publisher.languages import Language
from publisher.settings import (
    DEFAULT_SECRET_KEY,
    SETTINGS,
    Settings,
    format_default,
    load_settings,
    markdown_table,
)
from publisher.web import server
from tests.conftest import REPO


def _load(instance: Path, **values: Any) -> Settings:
    return load_settings({"instance": str(instance), **values}, environ={})


def _refused(instance: Path, **values: Any) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(instance, **values)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_defaults_load_and_pass_their_own_checks(instance: Path) -> None:
    settings = _load(instance)
    assert settings.target_languages == ["ko", "es"]
    assert all(type(code) is Language for code in settings.target_languages)
    assert settings.engine_overrides == {}
    assert settings.summary_method == "default"


def test_languages_are_normalized_at_load(instance: Path) -> None:
    settings = _load(instance, languages=" KO, es-ES,ko, zh-TW ,pt-BR,")
    assert settings.languages == "ko,es,zh-Hant,pt-BR"
    assert settings.target_languages == ["ko", "es", "zh-Hant", "pt-BR"]


def test_an_empty_language_list_is_allowed(instance: Path) -> None:
    assert _load(instance, languages="").target_languages == []


def test_summary_method_is_case_insensitive(instance: Path) -> None:
    assert _load(instance, summary_method=" LexRank ").summary_method == "lexrank"


def test_display_timezone_accepts_empty_and_fixes_case(instance: Path) -> None:
    assert _load(instance, display_timezone="").display_timezone == ""
    assert _load(instance, display_timezone="Asia/Seoul").display_timezone == "Asia/Seoul"
    assert _load(instance, display_timezone="asia/seoul").display_timezone == "Asia/Seoul"


def test_engines_are_read_with_tags_of_any_shape(instance: Path) -> None:
    settings = _load(
        instance,
        engines="en-es=apertium, zh-Hant-en=argos,en>pt-BR=Argos,EN-KO=argos,,en-zh-TW=argos",
    )
    assert settings.engine_overrides == {
        ("en", "es"): "apertium",
        ("zh-Hant", "en"): "argos",
        ("en", "pt-BR"): "argos",
        ("en", "ko"): "argos",
        ("en", "zh-Hant"): "argos",
    }
    assert all(type(code) is Language for pair in settings.engine_overrides for code in pair)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("languages", "ko,klingon", "'klingon' is not a language code"),
        ("languages", "xx-!!", "'xx-!!' is not a language code"),
        ("languages", "xx", "'xx' is not a language code"),
        (
            "engines",
            "en-ko=deepl",
            "unknown engine 'deepl'; known engines: ctranslate2, argos, apertium",
        ),
        ("engines", "en-klingon=argos", "'en-klingon' is not a pair of language codes"),
        ("engines", "en>klingon=argos", "'klingon' is not a language code"),
        ("engines", "enko=argos", "'enko' is not a pair"),
        ("engines", "en-ko", "cannot read 'en-ko'"),
        ("engines", "=argos", "cannot read '=argos'"),
        ("engines", "en-pt-BR=argos", "more than one way; write SOURCE>TARGET"),
        ("engines", "en-EN=argos", "translates a language into itself"),
        ("engines", "en-ko=argos,en-KO=apertium", "two engines"),
        ("summary_method", "nonsense", "unknown summary method 'nonsense'; known methods:"),
        ("display_timezone", "Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not an IANA time zone"),
        ("display_timezone", "../../etc/passwd", "is not an IANA time zone"),
        ("display_timezone", "/etc/localtime", "is not an IANA time zone"),
        ("display_timezone", "Asia", "'Asia' is not an IANA time zone"),
        ("display_timezone", "zone.tab", "is not an IANA time zone"),
        ("display_timezone", "a" * 300, "is not an IANA time zone"),
        ("display_timezone", "UTC\x00", "is not an IANA time zone"),
        ("summary_sentences", 0, "0 is not a positive whole number"),
        ("summary_sentences", "-2", "-2 is not a positive whole number"),
        ("summary_sentences", "3.5", "'3.5' is not a valid int"),
        ("summary_sentences", "\u00b2", "'\u00b2' is not a valid int"),
        ("summary_sentences", 3.5, "3.5 is not a valid int"),
        ("summary_sentences", True, "True is not a valid int"),
        ("page_size", 0, "0 is not a positive"),
        ("translate_batch_size", 0, "0 is not a positive"),
        ("beam_size", "0", "0 is not a positive"),
        ("model_cache_size", 0, "0 is not a positive"),
        ("max_decoding_length", 0, "0 is not a positive"),
        ("max_input_bytes", 0, "0 is not a positive"),
        ("threads", -1, "-1 is below 0"),
        ("summary_ratio", 1, "1.0 is not a fraction from 0 (included) to 1 (excluded)"),
        ("summary_ratio", "1.5", "1.5 is not a fraction"),
        ("summary_ratio", -0.1, "-0.1 is not a fraction"),
        ("summary_ratio", "nan", "nan is not a fraction"),
        ("summary_ratio", "inf", "inf is not a fraction"),
        ("summary_ratio", "a lot", "'a lot' is not a valid float"),
        ("publish_policy", "sometimes", "'sometimes' is not a publish policy"),
        ("device", "tpu", "'tpu' is not one of auto, cpu, cuda"),
        ("engine_order", "argos,deepl", "unknown engine 'deepl'"),
        ("engine_order", "argos,argos", "an engine is listed twice"),
        ("repetition_penalty", "0.5", "0.5 is not a number of 1 or more"),
        ("no_repeat_ngram_size", "-1", "-1 is below 0"),
        ("database_url", "not a url", "'not a url' is not an SQLAlchemy URL"),
        ("queue_url", "amqp://queue-host", "is neither sqlite:///PATH nor redis://"),
        ("argos_index_url", "ftp://example.org/index.json", "is not an http(s) or file URL"),
        ("argos_index_url", "http://[::1/index.json", "is not an http(s) or file URL"),
        ("database_url", "postgresql://user@host:port/db", "is not an SQLAlchemy URL"),
        ("secret_key", ["a", "list"], "is not a valid str"),
    ],
)
def test_bad_values_are_one_line_naming_setting_and_value(
    instance: Path, name: str, value: Any, expected: str
) -> None:
    message = _refused(instance, **{name: value})
    assert message.startswith(f"setting {name}: ")
    assert expected in message


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from([s.name for s in SETTINGS if s.name != "instance"]),
    value=st.text(max_size=40),
)
def test_any_text_in_any_setting_loads_or_is_one_config_error(name: str, value: str) -> None:
    try:
        load_settings({"instance": "unused-instance", name: value}, environ={})
    except ConfigError as error:
        assert str(error).startswith(f"setting {name}: ") and "\n" not in str(error)


def test_good_edge_values_load(instance: Path) -> None:
    settings = _load(instance, summary_ratio="0", threads="0", page_size="+5", summary_sentences=1)
    assert (settings.summary_ratio, settings.threads, settings.page_size) == (0.0, 0, 5)
    assert _load(instance, summary_ratio=0.99).summary_ratio == 0.99


def test_the_message_says_where_a_bad_value_came_from(instance: Path) -> None:
    environ = {"PUBLISHER_LANGUAGES": "ko,klingon"}
    with pytest.raises(ConfigError, match=r"^setting languages \(from PUBLISHER_LANGUAGES\): "):
        load_settings({"instance": str(instance)}, environ=environ)
    (instance / "publisher.toml").write_text("page_size = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings({"instance": str(instance)}, environ={})
    assert str(caught.value) == (
        f"setting page_size (in {instance / 'publisher.toml'}): 0 is not a positive whole number"
    )


def test_toml_values_of_the_wrong_kind_are_refused(instance: Path) -> None:
    (instance / "publisher.toml").write_text("page_size = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="page_size .*True is not a valid int"):
        load_settings({"instance": str(instance)}, environ={})
    (instance / "publisher.toml").write_text('languages = ["ko", "es"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="languages .*is not a valid str"):
        load_settings({"instance": str(instance)}, environ={})


def test_an_unreadable_instance_file_is_one_line(instance: Path) -> None:
    (instance / "publisher.toml").write_bytes(b"\xff\xfe page_size = 3")
    with pytest.raises(ConfigError, match="publisher.toml"):
        load_settings({"instance": str(instance)}, environ={})


def test_unknown_settings_are_refused(instance: Path) -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        _load(instance, languagse="ko")


# -- serving --------------------------------------------------------------------


def test_production_check_refuses_the_default_and_short_keys(instance: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(instance).check_production()
    message = str(caught.value)
    assert "secret_key is the default" in message and "PUBLISHER_SECRET_KEY" in message
    assert "\n" not in message
    with pytest.raises(ConfigError, match="secret_key is too short"):
        _load(instance, secret_key="hunter2").check_production()
    _load(instance, secret_key="0123456789abcdef0123").check_production()


def test_serve_refuses_the_default_key_before_starting(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(server._Gunicorn, "run", lambda app: started.append(app.options))
    with pytest.raises(ConfigError, match="secret_key"):
        server.serve(_load(instance), host="127.0.0.1", port=5000, workers=1, threads=1)
    assert not started
    server.serve(
        _load(instance, secret_key="f" * 32), host="127.0.0.1", port=5000, workers=1, threads=1
    )
    server.serve(
        _load(instance),
        host="127.0.0.1",
        port=5000,
        workers=1,
        threads=1,
        allow_default_secret=True,
    )
    assert len(started) == 2


def test_cli_serve_with_the_default_key_is_one_line_and_exit_1(instance: Path) -> None:
    result = CliRunner().invoke(cli, ["--instance", str(instance), "serve"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "secret_key is the default" in result.output


def test_cli_reports_a_bad_setting_in_one_line(instance: Path) -> None:
    (instance / "publisher.toml").write_text('summary_method = "nonsense"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--instance", str(instance), "list"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: setting summary_method (in ")
    assert result.output.count("\n") == 1


# -- documentation ----------------------------------------------------------------


def _readme_table() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"<!-- settings table:[^\n]*-->\n(.*?)<!-- end of settings table -->", text, re.S
    )
    assert found, "README.md lost its settings table markers"
    return found.group(1)


def test_readme_table_is_the_generated_one() -> None:
    # regenerate with: python -m publisher.settings --markdown
    assert _readme_table() == markdown_table()


def test_the_generated_table_has_every_setting_with_its_default_and_help() -> None:
    rows = markdown_table().splitlines()[2:]
    assert len(rows) == len(SETTINGS)
    for row, setting in zip(rows, SETTINGS, strict=True):
        assert row.startswith(f"| `{setting.name}` | ")
        assert format_default(setting) in row and setting.metadata["help"] in row


def test_a_changed_description_is_noticed() -> None:
    changed = markdown_table().replace("Dispatches per page.", "Stories per page.")
    assert changed != markdown_table() and _readme_table() != changed


def test_the_generator_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "publisher.settings", "--markdown"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == markdown_table()


def test_help_lists_every_setting_as_a_table() -> None:
    text = _settings_help()
    result = CliRunner().invoke(cli, ["--help"], terminal_width=100)
    assert result.exit_code == 0
    for setting in SETTINGS:
        line = next(line for line in text.splitlines() if line.startswith(setting.name + " "))
        default = format_default(setting)
        assert default in line or "(see below)" in line
        assert re.search(rf"^\s+{re.escape(setting.name)}\s{{2,}}", result.output, re.M)
    assert f"secret_key{' ' * 2}" in text and DEFAULT_SECRET_KEY in text
    assert "(default: https://" in text  # a default too long for its column comes below
