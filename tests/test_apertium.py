"""ApertiumTranslator against Debian's apertium, plus fake executables for the failure paths."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.errors import EngineError, TranslationUnavailable
from publisher.translate.apertium import ApertiumTranslator, iso_code
from publisher.translate.base import Translator


@pytest.fixture(scope="module")
def apertium() -> ApertiumTranslator:
    translator = ApertiumTranslator()
    if not {("en", "es"), ("en", "ca")} <= translator.pairs():
        message = "apertium with the eng-spa and eng-cat data is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return translator


def fake_apertium(tmp_path: Path, body: str, modes: str = "eng-spa spa-eng") -> str:
    """Write an executable that lists ``modes`` for -l and runs the shell ``body`` otherwise."""
    script = tmp_path / "apertium"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-l" ]; then for m in {modes}; do echo "  $m"; done; exit 0; fi\n'
        f"{body}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def count_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the argument list of every translation process the module starts."""
    calls: list[list[str]] = []
    real_popen: Callable[..., Any] = subprocess.Popen

    def spy(command: list[str], *args: Any, **kwargs: Any) -> Any:
        if "-l" not in command:
            calls.append(list(command))
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    return calls


def test_iso_codes_map_three_letter_codes() -> None:
    assert [iso_code(code) for code in ("eng", "spa", "cat", "es")] == ["en", "es", "ca", "es"]
    assert iso_code("qqq") == "qqq"


def test_missing_executable_means_no_pairs(tmp_path: Path) -> None:
    translator = ApertiumTranslator(executable=str(tmp_path / "no-such-apertium"))
    assert translator.pairs() == set()
    with pytest.raises(TranslationUnavailable):
        translator.translate(["The house is big."], "en", "es")


@pytest.mark.apertium
def test_pairs_are_iso_codes_without_variants(apertium: ApertiumTranslator) -> None:
    pairs = apertium.pairs()
    assert {("en", "es"), ("es", "en"), ("en", "ca"), ("ca", "en")} <= pairs
    assert all(re.fullmatch(r"[a-z]{2,3}", code) for pair in pairs for code in pair)
    assert isinstance(apertium, Translator)


@pytest.mark.apertium
def test_model_version_names_the_data_package(apertium: ApertiumTranslator) -> None:
    spanish = apertium.model_version("en", "es")
    catalan = apertium.model_version("en", "ca")
    assert re.fullmatch(r"apertium-eng-spa \S*\d\S*", spanish)
    assert catalan.startswith("apertium-eng-cat ")
    with pytest.raises(TranslationUnavailable):
        apertium.model_version("en", "ko")


@pytest.mark.apertium
def test_translates_known_words(apertium: ApertiumTranslator) -> None:
    spanish = apertium.translate(["The house is big.", "I have a dog."], "en", "es")
    catalan = apertium.translate(["The house is big.", "I have a dog."], "en", "ca")
    assert "casa" in spanish[0].lower() and "perro" in spanish[1].lower()
    assert "casa" in catalan[0].lower() and "gos" in catalan[1].lower()
    english = apertium.translate(["La casa es grande."], "es", "en")
    assert "house" in english[0].lower()


@pytest.mark.apertium
def test_unknown_words_lose_their_mark(apertium: ApertiumTranslator) -> None:
    (output,) = apertium.translate(["The zorblax house is big."], "en", "es")
    assert "zorblax" in output and "*" not in output


def _batch() -> list[str]:
    shapes = [
        "The house {n} is big.",
        'She said "the dog {n} is red" and left.',
        "The cat {n}\nsleeps in the\n\n garden.",
        "[{n}] The car is fast; it costs {n} euros.",
        "  Why did the bus {n} stop?  ",
        "It's the {n}th time -- again...",
        "Prices rose {n}% in May (officials said).",
    ]
    batch: list[str] = []
    for n in range(50):
        if n % 11 == 5:
            batch.append(["", "   ", "\n\n", "\t"][n % 4])
        else:
            batch.append(shapes[n % len(shapes)].format(n=100 + n))
    return batch


@pytest.mark.apertium
def test_batch_of_fifty_stays_aligned_in_one_run(
    apertium: ApertiumTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _batch()
    calls = count_runs(monkeypatch)
    output = apertium.translate(batch, "en", "es")
    assert len(calls) == 1
    assert len(output) == len(batch)
    for source, target in zip(batch, output, strict=True):
        if not source.strip():
            assert target == ""
            continue
        # each sentence carries its own number, which Apertium copies through
        numbers = set(re.findall(r"\d+", source))
        assert numbers == set(re.findall(r"\d+", target)), (source, target)
        assert "\n" not in target


def test_falls_back_to_one_run_per_sentence_when_lines_are_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # squeezing newlines merges the paragraphs, as a misbehaving pipeline would
    translator = ApertiumTranslator(executable=fake_apertium(tmp_path, "tr -s '\\n'"))
    calls = count_runs(monkeypatch)
    sentences = ["one.", "two.", "", "three."]
    assert translator.translate(sentences, "en", "es") == ["one.", "two.", "", "three."]
    assert len(calls) == 1 + 3


def test_engine_failure_reports_first_stderr_line(tmp_path: Path) -> None:
    body = "echo 'Error: mode file is broken' >&2; echo 'second line' >&2; exit 3"
    translator = ApertiumTranslator(executable=fake_apertium(tmp_path, body))
    with pytest.raises(EngineError, match="Error: mode file is broken$"):
        translator.translate(["The house is big."], "en", "es")


def test_timeout_is_an_engine_error(tmp_path: Path) -> None:
    translator = ApertiumTranslator(
        executable=fake_apertium(tmp_path, "exec sleep 30"), timeout=0.3
    )
    with pytest.raises(EngineError, match="no answer"):
        translator.translate(["The house is big."], "en", "es")


def test_unknown_pair_is_unavailable(tmp_path: Path) -> None:
    translator = ApertiumTranslator(executable=fake_apertium(tmp_path, "cat"))
    assert translator.pairs() == {("en", "es"), ("es", "en")}
    with pytest.raises(TranslationUnavailable):
        translator.translate(["hello"], "en", "ko")


def test_version_without_dpkg_follows_the_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    (data / "modes").mkdir(parents=True)
    dictionary = data / "eng-spa.automorf.bin"
    dictionary.write_bytes(b"first")
    (data / "modes" / "eng-spa.mode").write_text(f"lt-proc '{dictionary}'\n", encoding="utf-8")
    monkeypatch.setenv("APERTIUM_DATADIR", str(data))
    executable = fake_apertium(tmp_path, "cat")
    before = ApertiumTranslator(executable=executable).model_version("en", "es")
    dictionary.write_bytes(b"second, longer")
    after = ApertiumTranslator(executable=executable).model_version("en", "es")
    assert before.startswith("apertium eng-spa ") and after.startswith("apertium eng-spa ")
    assert before != after
