"""ArgosTranslator on real (tiny, random-weight) CTranslate2 packages."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ctranslate2
import pytest

from publisher.errors import EngineError, ModelError, TranslationUnavailable
from publisher.translate.argos import ARGOS_DECODING, ArgosTranslator, resolve_compute_type
from publisher.translate.argos_packages import install_from_file, remove_package
from publisher.translate.base import Translator
from publisher.translate.router import TranslationRouter
from tests.tinyargos import build_argos_package

SENTENCES = [
    "The port authority approved repairs to the old bridge.",
    "Two rail unions postponed the strike after a long meeting.",
    "Officials counted 12 passengers and 36 cars at gate 5.",
    "A city council questioned the budget for next year.",
]


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dest = tmp_path_factory.mktemp("archives")
    return {
        "en_ko": build_argos_package(dest, "en", "ko", version="1.0", seed=1),
        "en_ko_new": build_argos_package(dest, "en", "ko", version="1.1", seed=7),
        "en_es": build_argos_package(dest, "en", "es", seed=2),
        "ko_en": build_argos_package(dest, "ko", "en", seed=3),
        "prefixed": build_argos_package(
            dest, "en", "fr", seed=4, extra_metadata={"target_prefix": "e"}
        ),
    }


@pytest.fixture()
def packages_dir(tmp_path: Path, archives: dict[str, Path]) -> Path:
    folder = tmp_path / "packages"
    for key in ("en_ko", "en_es", "ko_en"):
        install_from_file(folder, archives[key])
    return folder


def make_translator(packages_dir: Path, **options: int) -> ArgosTranslator:
    options.setdefault("max_decoding_length", 24)
    return ArgosTranslator(packages_dir, **options)


def test_it_is_a_translator_serving_installed_pairs(packages_dir: Path) -> None:
    translator = make_translator(packages_dir)

    assert isinstance(translator, Translator)
    assert translator.name == "argos"
    assert translator.pairs() == {("en", "ko"), ("en", "es"), ("ko", "en")}
    assert translator.model_version("en", "ko") == "translate-en_ko-1.0"
    assert translator.loaded_pairs() == []  # listing does not load models


def test_translate_is_aligned_and_deterministic(packages_dir: Path) -> None:
    translator = make_translator(packages_dir)

    first = translator.translate(SENTENCES, "en", "ko")
    again = make_translator(packages_dir).translate(SENTENCES, "en", "ko")

    assert len(first) == len(SENTENCES)
    assert all(isinstance(text, str) and text for text in first)
    assert first == again
    assert len(set(first)) > 1  # the random model still depends on its input
    # Output i belongs to input i: each sentence alone gives the same result as in the batch.
    assert [translator.translate([s], "en", "ko")[0] for s in SENTENCES] == first
    assert translator.translate(list(reversed(SENTENCES)), "en", "ko") == list(reversed(first))


def test_small_batches_give_the_same_output(packages_dir: Path) -> None:
    whole = make_translator(packages_dir).translate(SENTENCES, "en", "es")
    in_pairs = make_translator(packages_dir, batch_size=2).translate(SENTENCES, "en", "es")
    assert in_pairs == whole


def test_blank_inputs_do_not_reach_the_model(packages_dir: Path) -> None:
    translator = make_translator(packages_dir)

    assert translator.translate([], "en", "ko") == []
    assert translator.translate(["", "  "], "en", "ko") == ["", ""]
    assert translator.loaded_pairs() == []

    mixed = translator.translate(["", SENTENCES[0], "", SENTENCES[1]], "en", "ko")
    assert mixed[0] == mixed[2] == ""
    assert mixed[1::2] == translator.translate(SENTENCES[:2], "en", "ko")


def test_unknown_pair_is_unavailable(packages_dir: Path) -> None:
    translator = make_translator(packages_dir)
    with pytest.raises(TranslationUnavailable) as caught:
        translator.translate(["Hello."], "es", "ko")
    assert (caught.value.source_lang, caught.value.target_lang) == ("es", "ko")
    with pytest.raises(TranslationUnavailable):
        translator.model_version("en", "ja")
    with pytest.raises(TranslationUnavailable):
        translator.translate([""], "en", "ja")
    assert make_translator(packages_dir.parent / "nowhere").pairs() == set()


def test_model_cache_is_bounded_and_least_recently_used(packages_dir: Path) -> None:
    translator = make_translator(packages_dir, cache_size=2)

    translator.translate(SENTENCES[:1], "en", "ko")
    translator.translate(SENTENCES[:1], "en", "es")
    translator.translate(SENTENCES[:1], "en", "ko")  # en→ko is now the most recent
    translator.translate(SENTENCES[:1], "ko", "en")

    assert translator.loaded_pairs() == [("en", "ko"), ("ko", "en")]
    translator.translate(SENTENCES[:1], "en", "es")
    assert translator.loaded_pairs() == [("ko", "en"), ("en", "es")]


def test_an_upgraded_package_is_picked_up(packages_dir: Path, archives: dict[str, Path]) -> None:
    translator = make_translator(packages_dir)
    before = translator.translate(SENTENCES, "en", "ko")

    install_from_file(packages_dir, archives["en_ko_new"])

    assert translator.model_version("en", "ko") == "translate-en_ko-1.1"
    after = translator.translate(SENTENCES, "en", "ko")
    assert after != before
    assert after == make_translator(packages_dir).translate(SENTENCES, "en", "ko")
    assert translator.loaded_pairs() == [("en", "ko")]

    remove_package(packages_dir, "en", "ko")
    assert ("en", "ko") not in translator.pairs()
    with pytest.raises(TranslationUnavailable):
        translator.translate(SENTENCES, "en", "ko")


def test_concurrent_calls_match_serial_ones(packages_dir: Path) -> None:
    translator = make_translator(packages_dir, cache_size=1)
    pairs = [("en", "ko"), ("en", "es"), ("ko", "en")] * 3
    serial = {
        pair: make_translator(packages_dir).translate(SENTENCES, *pair) for pair in set(pairs)
    }

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda pair: translator.translate(SENTENCES, *pair), pairs))

    assert results == [serial[pair] for pair in pairs]
    assert len(translator.loaded_pairs()) == 1


def test_target_prefix_is_passed_and_removed(tmp_path: Path, archives: dict[str, Path]) -> None:
    install_from_file(tmp_path, archives["prefixed"])
    translator = make_translator(tmp_path, max_decoding_length=6, beam_size=2, retry_failures=False)
    model = translator.model("en", "fr")
    tokens = model.encode(SENTENCES[:1])
    raw = model.translator.translate_batch(
        # the limit counts the model's own tokens: the prefix comes on top
        tokens,
        target_prefix=[["e"]],
        beam_size=2,
        max_decoding_length=7,
        **ARGOS_DECODING,
    )[0].hypotheses[0]

    assert raw[0] == "e"
    assert translator.translate(SENTENCES[:1], "en", "fr") == [
        model.tokenizer.processor.decode(raw[1:])
    ]


def test_a_corrupt_model_raises_model_error(packages_dir: Path) -> None:
    translator = make_translator(packages_dir)
    model_bin = translator.package("en", "es").model_dir / "model.bin"
    model_bin.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot load"):
        translator.translate(SENTENCES, "en", "es")


def test_compute_type_falls_back_to_a_supported_one() -> None:
    supported = ctranslate2.get_supported_compute_types("cpu")
    assert resolve_compute_type("int8") == ("int8" if "int8" in supported else "int8_float32")
    # No CPU build of CTranslate2 runs float16; the fallback must be something it does run.
    assert "float16" not in supported
    assert resolve_compute_type("float16") in supported


class _Exploding:
    """Stands in for a loaded ctranslate2.Translator whose C++ side throws std::bad_alloc."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def translate_batch(self, *_args: object, **_kwargs: object) -> list[object]:
        raise self.error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (MemoryError(), "failed: MemoryError$"),
        (IndexError("bad token id"), "failed: bad token id$"),
    ],
)
def test_any_ctranslate2_failure_is_an_engine_error(
    packages_dir: Path, error: BaseException, reason: str
) -> None:
    translator = make_translator(packages_dir)
    loaded = translator.model("en", "ko")
    # swap the real translator of the loaded model for one that throws as CTranslate2 can
    exploding = dataclasses.replace(loaded, translator=_Exploding(error))  # type: ignore[arg-type]
    translator._loaded[("en", "ko")] = exploding
    with pytest.raises(EngineError, match=f"Argos en→ko {reason}"):
        translator.translate(SENTENCES, "en", "ko")
    # and the router gives each sentence up with that reason, the process alive
    router = TranslationRouter({"argos": translator})
    result = router.translate(SENTENCES, "en", "ko")
    assert set(result.failures) == set(range(len(SENTENCES)))
