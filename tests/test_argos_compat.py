"""Argos packages as published upstream, not only as argospm writes them (issue 8)."""

from __future__ import annotations

from pathlib import Path

from publisher.translate.argos import ArgosTranslator
from publisher.translate.argos_packages import install_from_file
from tests.tinyargos import build_argos_package, target_training_text

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
    translator = ArgosTranslator(tmp_path / "packages", beam_size=1, max_decoding_length=24)

    model = translator.model("en", "de")
    pieces = model.encode(SENTENCES)
    outputs = model.translator.translate_batch(pieces, beam_size=1, max_decoding_length=24)
    hypotheses = [output.hypotheses[0] for output in outputs]
    known = {model.tokenizer.id_to_piece(i) for i in range(model.tokenizer.get_piece_size())}
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
