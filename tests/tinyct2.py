"""Build converted CTranslate2 model folders with random weights, in each family's real layout.

A folder built here is what ``ct2-transformers-converter ... --copy_files ...`` leaves for
NLLB-200, M2M-100, MADLAD-400 or OPUS-MT (``model.bin``, ``config.json``,
``shared_vocabulary.json`` and the family's SentencePiece files), with the family's language
tokens in the vocabulary and its decoder start token in the config, so the real loading and
translation code runs on it. Only the weights are random: the output is gibberish.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import sentencepiece

from tests.tinyargos import (
    _random_transformer,
    default_training_text,
    target_training_text,
    train_sentencepiece,
)

# Each family's language tokens for the languages the tests use, as the real vocabularies
# spell them, and what the converter writes for it.
FAMILY_LAYOUT: dict[str, dict[str, object]] = {
    "nllb": {
        "tokens": ["eng_Latn", "kor_Hang", "spa_Latn", "jpn_Jpan", "zho_Hant"],
        "tokenizer": "sentencepiece.bpe.model",
        "decoder_start": "</s>",
    },
    "m2m100": {
        "tokens": ["__en__", "__ko__", "__es__", "__ja__"],
        "tokenizer": "sentencepiece.bpe.model",
        "decoder_start": "</s>",
    },
    "madlad400": {
        "tokens": ["<2en>", "<2ko>", "<2es>"],
        "tokenizer": "spiece.model",
        "decoder_start": "<pad>",
    },
    "marian": {"tokens": [], "tokenizer": "source.spm", "decoder_start": "<pad>"},
}


def write_ct2_folder(
    folder: Path,
    family: str,
    *,
    seed: int = 0,
    vocab_size: int = 64,
    language_tokens: Sequence[str] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Path:
    """Write a converted model folder of ``family`` (nllb, m2m100, madlad400, marian)."""
    layout = FAMILY_LAYOUT[family]
    folder.mkdir(parents=True)
    source_proto = train_sentencepiece(default_training_text(), vocab_size)
    (folder / str(layout["tokenizer"])).write_bytes(source_proto)
    pieces = _pieces(source_proto)
    if family == "marian":
        # OPUS-MT ships both sides' SentencePiece models; the vocabulary holds both
        target_proto = train_sentencepiece(target_training_text(), vocab_size)
        (folder / "target.spm").write_bytes(target_proto)
        pieces += [piece for piece in _pieces(target_proto) if piece not in pieces]
        (folder / "vocab.json").write_text(
            json.dumps({piece: i for i, piece in enumerate(pieces)}), encoding="utf-8"
        )
    tokens = list(layout["tokens"] if language_tokens is None else language_tokens)  # type: ignore[call-overload]
    vocab = [*pieces, *(t for t in ["<pad>", *tokens] if t not in pieces)]
    spec = _random_transformer(vocab, d_model=32, layers=2, heads=4, ffn=64, seed=seed)
    spec.config.decoder_start_token = str(layout["decoder_start"])
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(folder))
    (folder / "special_tokens_map.json").write_text(
        json.dumps({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}),
        encoding="utf-8",
    )
    for name, text in (extra_files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _pieces(proto: bytes) -> list[str]:
    processor = sentencepiece.SentencePieceProcessor(model_proto=proto)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
