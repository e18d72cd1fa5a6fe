"""Bounded cost per dispatch: one hostile sentence never fails or blows up its neighbours."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.errors import EngineError, ModelError
from publisher.translate.apertium import ApertiumTranslator
from publisher.translate.argos_packages import install_from_file, installed_packages
from publisher.translate.router import TranslationRouter
from publisher.translate.segments import (
    MAX_SEGMENT_CHARS,
    MAX_SENTENCE_CHARS,
    join_translated,
    split_long,
)
from tests.conftest import need_apertium
from tests.doubles import RecordingTranslator
from tests.test_pipeline import write_inputs
from tests.tinyargos import build_argos_package, package_folder_name

POISON = "POISON"


class PoisonedTranslator(RecordingTranslator):
    """Fails every batch holding a sentence with POISON in it, as a crashing engine would."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if any(POISON in sentence for sentence in sentences):
            self.calls.append((list(sentences), source, target))
            raise MemoryError  # what CTranslate2's std::bad_alloc becomes
        return super().translate(sentences, source, target)


def long_sentence(characters: int) -> str:
    clause = "the council said the old sea wall must be rebuilt before winter, "
    return (clause * (characters // len(clause) + 1))[:characters].rstrip(", ") + "."


def dispatch(title: str, body: str, guid: str) -> str:
    return f"---\ntitle: {title}\nagency: Desk Wire\nlanguage: en\nguid: {guid}\n---\n\n{body}\n"


# -- segments --------------------------------------------------------------------------------


def test_long_sentences_are_cut_at_clause_boundaries() -> None:
    text = long_sentence(5000)
    pieces = split_long(text)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(len(piece) <= MAX_SEGMENT_CHARS for piece in pieces)
    assert all(piece.endswith(", ") for piece in pieces[:-1])
    assert split_long("Short one.") == ["Short one."]


def test_cjk_and_unbroken_text_are_cut_too() -> None:
    chinese = "港口当局宣布了新的渡轮时刻表，" * 100
    pieces = split_long(chinese, 100)
    assert "".join(pieces) == chinese and all(piece.endswith("，") for piece in pieces)
    blob = "x" * 2500  # no clause, no word boundary: a hard cut
    assert [len(piece) for piece in split_long(blob)] == [1000, 1000, 500]
    assert join_translated(["A, ", "B"]) == "A, B"
    assert join_translated(["The port,", "the ferry."]) == "The port, the ferry."  # zh into en
    assert join_translated(["港口，", "渡轮。"]) == "港口，渡轮。"  # en into zh
    assert join_translated(["항구는", "", "열었다."]) == "항구는 열었다."


# -- the router ------------------------------------------------------------------------------


def test_engine_never_sees_a_segment_over_the_bound() -> None:
    engine = RecordingTranslator("argos", pairs={("en", "ko")})
    router = TranslationRouter({"argos": engine})
    text = long_sentence(5000)
    result = router.translate(["Short one.", text], "en", "ko")
    assert max(len(s) for batch, _s, _t in engine.calls for s in batch) <= MAX_SEGMENT_CHARS
    assert result.texts[0] == "[ko] Short one."
    assert result.texts[1].count("[ko]") == len(split_long(text)) and not result.failures


def test_a_huge_sentence_is_refused_without_reaching_the_engine() -> None:
    engine = RecordingTranslator("argos", pairs={("en", "ko")})
    router = TranslationRouter({"argos": engine})
    result = router.translate(["One.", "y" * (MAX_SENTENCE_CHARS + 1), "Two."], "en", "ko")
    assert result.texts == ["[ko] One.", "", "[ko] Two."]
    assert result.failures == {
        1: f"a sentence of {MAX_SENTENCE_CHARS + 1:,} characters is over the limit of "
        f"{MAX_SENTENCE_CHARS:,} for translation"
    }
    assert engine.calls == [(["One.", "Two."], "en", "ko")]


def test_one_poisoned_sentence_fails_alone_in_few_calls() -> None:
    engine = PoisonedTranslator("argos", pairs={("en", "ko")})
    router = TranslationRouter({"argos": engine})
    sentences = [f"Sentence {i}." for i in range(32)]
    sentences[13] = f"Sentence {POISON}."
    result = router.translate(sentences, "en", "ko")
    assert result.failures == {13: "engine failed: MemoryError"}
    assert result.texts[12] == "[ko] Sentence 12." and result.texts[13] == ""
    # halving: a failing batch of 32 costs 2 calls per level, log2(32) levels, plus the first
    assert len(engine.calls) <= 1 + 2 * 5
    # every other sentence went to the engine exactly once among the successful calls
    translated = [
        s for batch, _s, _t in engine.calls if POISON not in "".join(batch) for s in batch
    ]
    assert sorted(translated) == sorted(s for s in sentences if POISON not in s)


def test_a_poisoned_first_leg_fails_only_its_sentence_through_a_pivot() -> None:
    first = PoisonedTranslator("argos", pairs={("ja", "en"), ("en", "ko")})
    router = TranslationRouter({"argos": first})
    result = router.translate(["一。", f"{POISON}。", "三。"], "ja", "ko")
    assert set(result.failures) == {1}
    assert result.texts[0] == "[ko] [en] 一。" and result.texts[2] == "[ko] [en] 三。"


def test_bisecting_retry_with_apertium(tmp_path: Path) -> None:
    script = tmp_path / "apertium"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-l" ]; then echo "  eng-spa"; exit 0; fi\n'
        f'input=$(cat); case "$input" in *{POISON}*) echo "Error: segfault" >&2; exit 139;; esac\n'
        'printf "%s\\n" "$input"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    engine = ApertiumTranslator(executable=str(script))
    with pytest.raises(EngineError, match="segfault"):
        engine.translate(["One.", POISON], "en", "es")
    router = TranslationRouter({"apertium": engine})
    result = router.translate(["One.", f"{POISON}.", "Three.", "Four."], "en", "es")
    assert result.texts == ["One.", "", "Three.", "Four."]
    assert result.failures == {1: "apertium eng-spa: Error: segfault"}


def test_apertium_timeout_grows_with_the_input(tmp_path: Path) -> None:
    script = tmp_path / "apertium"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = "-l" ]; then echo "  eng-spa"; exit 0; fi\nsleep 1; cat\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    engine = ApertiumTranslator(executable=str(script), timeout=0.5, bytes_per_second=500)
    with pytest.raises(EngineError, match=r"no answer within 0\.5\d* s for 4 bytes"):
        engine.translate(["Four"], "en", "es")
    # 1,000 bytes buy two more seconds: the same slow run now finishes
    assert engine.translate(["Four " * 200], "en", "es") == [("Four " * 200).strip()]


# -- whole dispatches through the desk -------------------------------------------------------


def invoke(instance: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--instance", str(instance), *args])
    return result.exit_code, result.output


def write_poisoned_inputs(folder: Path) -> Path:
    write_inputs(folder)
    (folder / "poisoned.md").write_text(
        dispatch("A wall of text", "y" * 10_000, "poisoned-1"), encoding="utf-8"
    )
    (folder / "long.md").write_text(
        dispatch("A long sentence", long_sentence(4000), "long-1"), encoding="utf-8"
    )
    return folder


def poison_what_was_stored(instance: Path) -> None:
    """Ingest refuses a 50,000-character paragraph today; a database written by an older
    version may hold one, so put it there as such a version would have."""
    from sqlalchemy import update

    from publisher.core import Desk
    from publisher.db import Revision
    from publisher.settings import load_settings

    desk = Desk(load_settings({"instance": str(instance)}))
    with desk.store.session() as session:
        session.execute(
            update(Revision)
            .where(Revision.headline == "A wall of text")
            .values(paragraphs=["y" * 50_000])
        )
    desk.close()


def check_only_the_poisoned_failed(instance: Path, language: str, long_output: int) -> None:
    views = {view["headline"]: view for view in json.loads(invoke(instance, "list", "--json")[1])}
    statuses = {title: view["translations"][language]["status"] for title, view in views.items()}
    assert statuses.pop("A wall of text") == "failed"
    assert set(statuses.values()) == {"done"}, statuses
    # the 4,000-character sentence was translated in pieces, all of them
    pieces = views["A long sentence"]["translations"][language]["sentences"]
    assert len(pieces) == 1 and len(pieces[0]) >= long_output
    code, output = invoke(instance, "jobs")
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"translate → {language}" in lines[0]
    assert f"over the limit of {MAX_SENTENCE_CHARS:,} for translation" in lines[0]


def test_a_poisoned_dispatch_fails_alone_with_apertium(instance: Path, tmp_path: Path) -> None:
    need_apertium("eng-spa")
    (instance / "publisher.toml").write_text('languages = "es"\n', encoding="utf-8")
    code, output = invoke(instance, "ingest", str(write_poisoned_inputs(tmp_path / "in")))
    assert code == 0, output
    poison_what_was_stored(instance)
    code, output = invoke(instance, "run")
    assert code == 1 and "failed" in output
    check_only_the_poisoned_failed(instance, "es", 3000)


def test_a_poisoned_dispatch_fails_alone_with_argos(instance: Path, tmp_path: Path) -> None:
    archive = build_argos_package(tmp_path / "archives", "en", "ko", seed=1)
    (instance / "publisher.toml").write_text('languages = "ko"\n', encoding="utf-8")
    code, output = invoke(instance, "models", "install", "--file", str(archive))
    assert code == 0, output
    code, output = invoke(instance, "ingest", str(write_poisoned_inputs(tmp_path / "in")))
    assert code == 0, output
    poison_what_was_stored(instance)
    code, output = invoke(instance, "run")
    assert code == 1 and "failed" in output
    check_only_the_poisoned_failed(instance, "ko", 1)  # random weights: short gibberish


# -- model packages --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argos_package(tmp_path_factory.mktemp("archives"), "en", "ko", version="1.1")


def replaced(source: Path, target: Path, member: str, data: bytes) -> Path:
    """A copy of an archive with the member ending in ``member`` replaced by ``data``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            out.writestr(info, data if info.filename.endswith(member) else src.read(info))
    return target


def test_a_code_with_a_trailing_newline_is_refused(tmp_path: Path, good_archive: Path) -> None:
    top = package_folder_name("en", "ko", "1.1")
    with zipfile.ZipFile(good_archive) as archive:
        metadata = json.loads(archive.read(f"{top}/metadata.json"))
    metadata["to_code"] = "ko\n"
    bogus = replaced(
        good_archive, tmp_path / "bogus.argosmodel", "metadata.json", json.dumps(metadata).encode()
    )
    packages_dir = tmp_path / "packages"
    with pytest.raises(ModelError, match=r"no valid to_code: 'ko\\n' is not a language code"):
        install_from_file(packages_dir, bogus)
    assert installed_packages(packages_dir) == []
    # and a folder someone else unpacked with that code is not listed either
    with zipfile.ZipFile(bogus) as archive:
        archive.extractall(packages_dir)
    assert installed_packages(packages_dir) == []


@pytest.mark.parametrize(
    ("member", "data", "reason"),
    [
        ("model/model.bin", b"\x00" * 64, "model/model.bin cannot be loaded"),
        (
            "sentencepiece.model",
            b"not a sentencepiece model",
            "sentencepiece.model cannot be loaded",
        ),
    ],
)
def test_a_package_that_cannot_load_is_refused_at_install(
    instance: Path, tmp_path: Path, good_archive: Path, member: str, data: bytes, reason: str
) -> None:
    older = build_argos_package(tmp_path / "archives", "en", "ko", version="1.0")
    assert invoke(instance, "models", "install", "--file", str(older))[0] == 0
    packages_dir = Path(tmp_path / "home")  # placeholder, replaced below
    packages = json.loads(invoke(instance, "models", "list", "--json")[1])["argos_packages"]
    assert [p["version"] for p in packages] == ["1.0"]
    packages_dir = Path(packages[0]["path"]).parent
    before = sorted(path.name for path in packages_dir.iterdir())

    broken = replaced(good_archive, tmp_path / "broken.argosmodel", member, data)
    code, output = invoke(instance, "models", "install", "--file", str(broken))
    assert code == 1
    assert len(output.strip().splitlines()) == 1 and reason in output, output
    assert sorted(path.name for path in packages_dir.iterdir()) == before
    packages = json.loads(invoke(instance, "models", "list", "--json")[1])["argos_packages"]
    assert [p["version"] for p in packages] == ["1.0"]


def test_an_engine_failing_on_everything_costs_a_bounded_number_of_calls() -> None:
    engine = RecordingTranslator("argos", pairs={("en", "ko")})
    engine.fail_with = "apertium eng-spa: no answer within 10 s"
    attempts: list[int] = []
    original = engine.translate

    def counting(sentences: Sequence[str], source: str, target: str) -> list[str]:
        attempts.append(len(sentences))
        return original(sentences, source, target)

    engine.translate = counting  # type: ignore[method-assign]
    router = TranslationRouter({"argos": engine})
    sentences = [f"Sentence {i}." for i in range(256)]
    result = router.translate(sentences, "en", "ko")
    assert result.failures == dict.fromkeys(range(256), "apertium eng-spa: no answer within 10 s")
    # halving all the way down would take 511 calls, each maybe a timeout
    assert len(attempts) <= 4 * ((256).bit_length() + 1)
