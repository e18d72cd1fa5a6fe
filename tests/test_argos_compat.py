"""Argos packages as published upstream, not only as argospm writes them (issue 8)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from publisher.errors import ModelError
from publisher.translate.argos import ArgosTranslator
from publisher.translate.argos_packages import install_from_file, installed_packages, remove_package
from tests.tinyargos import (
    build_argos_package,
    target_training_text,
    write_package_folder,
    zip_package_folder,
)

SENTENCES = [
    "The port authority approved repairs to the old bridge.",
    "Two rail unions postponed the strike after a long meeting.",
    "Officials counted 12 passengers and 36 cars at gate 5.",
    "A city council questioned the budget for next year.",
]
WORD_BOUNDARY = "\u2581"


def test_a_target_vocabulary_outside_the_sentencepiece_model_decodes_to_plain_words(
    tmp_path: Path,
) -> None:
    # As converted from OPUS-MT: sentencepiece.model is the source side only, the model's
    # target pieces (here from a made-up language) are mostly unknown to it.
    archive = build_argos_package(
        tmp_path / "archives", "en", "de", seed=5, target_text=target_training_text()
    )
    package = install_from_file(tmp_path / "packages", archive)
    translator = ArgosTranslator(
        tmp_path / "packages", beam_size=1, max_decoding_length=24, retry_failures=False
    )

    model = translator.model("en", "de")
    pieces = model.encode(SENTENCES)
    outputs = model.translator.translate_batch(pieces, beam_size=1, max_decoding_length=24)
    hypotheses = [output.hypotheses[0] for output in outputs]
    known = {
        model.tokenizer.processor.id_to_piece(i)
        for i in range(model.tokenizer.processor.get_piece_size())
    }
    assert any(piece not in known for hypothesis in hypotheses for piece in hypothesis)

    translations = translator.translate(SENTENCES, "en", "de")
    for hypothesis, text in zip(hypotheses, translations, strict=True):
        assert WORD_BOUNDARY not in text
        assert text == text.strip()
        # the words are the pieces between boundary markers, nothing lost or added
        assert text.split() == "".join(hypothesis).replace(WORD_BOUNDARY, " ").split()
    assert all(translations)
    assert package.pair == ("en", "de")


def test_the_target_prefix_token_is_dropped_from_the_output(tmp_path: Path) -> None:
    prefix = "__de__"
    archive = build_argos_package(
        tmp_path / "archives",
        "en",
        "de",
        seed=6,
        target_text=target_training_text(),
        extra_metadata={"target_prefix": prefix},
    )
    install_from_file(tmp_path / "packages", archive)
    model = ArgosTranslator(tmp_path / "packages").model("en", "de")
    assert model.decode([prefix, "\u2581Die", "\u2581Hafen", "beh\u00f6rde"]) == "Die Hafenbehörde"


def _package_with_metadata(
    dest: Path, metadata: dict[str, object], *, name: str, seed: int = 0
) -> Path:
    """An ``.argosmodel`` built by tinyargos whose metadata.json is exactly ``metadata``."""
    folder = write_package_folder(dest / "build" / name, "en", "es", seed=seed)
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return zip_package_folder(folder, dest / f"{name}.argosmodel")


def test_a_numeric_package_version_is_read_as_its_text(tmp_path: Path) -> None:
    metadata = {"package_version": 1.1, "from_code": "en", "to_code": "ko", "type": "translate"}
    archive = _package_with_metadata(tmp_path, metadata, name="translate-en_ko-1_1")

    package = install_from_file(tmp_path / "packages", archive)

    assert package.package_version == "1.1"
    assert package.version_tag == "translate-en_ko-1.1"
    assert installed_packages(tmp_path / "packages") == [package]


def test_only_the_codes_are_required(tmp_path: Path) -> None:
    archive = _package_with_metadata(
        tmp_path, {"from_code": "en", "to_code": "ko"}, name="translate-en_ko"
    )

    package = install_from_file(tmp_path / "packages", archive)

    assert (package.pair, package.package_version) == (("en", "ko"), "0")
    assert (package.from_name, package.to_name) == ("en", "ko")
    assert all(ArgosTranslator(tmp_path / "packages").translate(SENTENCES, "en", "ko"))


FOUR_PAIRS = {("en", "ko"), ("en", "zh-Hant"), ("fr", "ko"), ("fr", "zh-Hant")}


@pytest.mark.parametrize(
    ("codes", "served"),
    [
        ({"from_codes": ["en", "fr"], "to_codes": ["ko", "zt"]}, FOUR_PAIRS),
        (
            {"from_code": "en", "to_code": "ko", "from_codes": ["fr"], "to_codes": ["zt"]},
            FOUR_PAIRS,
        ),
        # `languages` counts for both sides, as in argostranslate
        (
            {"languages": [{"code": "en", "name": "English"}, "fr"], "to_codes": ["ko", "zt"]},
            FOUR_PAIRS | {("en", "fr"), ("fr", "en")},
        ),
    ],
)
def test_a_multilingual_package_serves_each_of_its_pairs(
    tmp_path: Path, codes: dict[str, object], served: set[tuple[str, str]]
) -> None:
    metadata: dict[str, object] = {"package_version": "2.0", **codes}
    archive = _package_with_metadata(tmp_path, metadata, name="translate-multi")
    packages_dir = tmp_path / "packages"

    package = install_from_file(packages_dir, archive)
    translator = ArgosTranslator(packages_dir)

    assert set(package.pairs) == translator.pairs() == served
    assert package.pair == ("en", "ko")
    for source, target in sorted(served):
        assert translator.model_version(source, target) == package.version_tag
        assert all(translator.translate(SENTENCES[:2], source, target))
    assert len(translator.loaded_pairs()) == 1  # one model in memory for every pair
    assert remove_package(packages_dir, "fr", "zt") == package
    assert installed_packages(packages_dir) == []


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"to_code": "ko"}, "has no valid from_code"),
        ({"from_codes": ["en", "ko\n"], "to_code": "ko"}, "from_codes: 'ko\\\\n' is not a"),
        ({"languages": "en", "to_code": "ko"}, "languages that is not a list"),
        ({"languages": ["en"]}, "no pair of two different languages"),
        ({"from_code": "en", "to_code": "ko", "package_version": True}, "package_version"),
    ],
)
def test_metadata_without_a_usable_pair_is_refused(
    tmp_path: Path, metadata: dict[str, object], reason: str
) -> None:
    archive = _package_with_metadata(tmp_path, metadata, name="translate-bad")
    with pytest.raises(ModelError, match=reason):
        install_from_file(tmp_path / "packages", archive)


def test_a_bpe_package_installs_and_translates_with_moses_and_bpe(tmp_path: Path) -> None:
    # Older packages: bpe.model (subword-nmt codes after Moses tokenization), no SentencePiece
    archive = build_argos_package(tmp_path / "archives", "en", "de", seed=9, tokenizer="bpe")
    with zipfile.ZipFile(archive) as zipped:
        names = {Path(name).name for name in zipped.namelist()}
    assert "bpe.model" in names and "sentencepiece.model" not in names
    package = install_from_file(tmp_path / "packages", archive)
    translator = ArgosTranslator(tmp_path / "packages", beam_size=1, retry_failures=False)
    model = translator.model("en", "de")
    tokens = model.encode(["The port authority's schedule, approved on Monday."])[0]
    # Moses split the possessive and the comma off, escaped the apostrophe, BPE joined with @@
    assert "&apos;s" in "".join(tokens).replace("@@", "")
    assert "," in tokens
    assert any(token.endswith("@@") for token in tokens)  # 60 merges leave words split
    translations = translator.translate(SENTENCES, "en", "de")
    assert all(translations) and not any("@@" in text for text in translations)
    assert package.tokenizer_path.name == "bpe.model"


def test_bpe_decoding_joins_pieces_and_detokenizes() -> None:
    from publisher.translate.tokenizers import MosesBPETokenizer

    codes = Path(__file__).parent / "data" / "bpe_codes.txt"
    tokenizer = MosesBPETokenizer(codes, "en", "fr")
    assert tokenizer.decode(["Le", "con@@", "seil", "a", "approuvé", "&apos;", "accord", "."]) == (
        "Le conseil a approuvé 'accord."  # French: Moses attaches after an apostrophe
    )
    assert tokenizer.decode(["Bonjour", "le", "mon@@"]) == "Bonjour le mon"
