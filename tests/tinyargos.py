"""Build real Argos packages with random weights, for tests and benchmarks.

A package built here has the exact layout of a published ``.argosmodel`` (metadata.json,
a CTranslate2 Transformer in ``model/``, ``sentencepiece.model``), so it exercises the same
install and translation code; only the weights are random, so its output is gibberish.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece
from ctranslate2.specs import common_spec, transformer_spec

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "ko": "Korean",
    "fr": "French",
    "de": "German",
    "ja": "Japanese",
    "zh": "Chinese",
}

# Our own training lines, combined so that SentencePiece sees a few hundred varied sentences.
_SUBJECTS = ("The port authority", "A city council", "The weather office", "Two rail unions")
_VERBS = ("announced", "postponed", "approved", "questioned")
_OBJECTS = ("a new ferry schedule", "the budget for next year", "repairs to the old bridge")
_TAILS = ("on Monday.", "after a long meeting.", "despite heavy rain in the north.", "today.")


def default_training_text() -> list[str]:
    """A few hundred short English-like sentences written for these tests."""
    lines = [
        f"{subject} {verb} {obj} {tail}"
        for subject, verb, obj, tail in itertools.product(_SUBJECTS, _VERBS, _OBJECTS, _TAILS)
    ]
    lines += [
        f"Officials counted {n} passengers and {n * 3} cars at gate {n % 7}." for n in range(40)
    ]
    return lines


def train_sentencepiece(
    lines: Sequence[str], vocab_size: int, *, seed_pieces: int | None = None
) -> bytes:
    """Train a unigram SentencePiece model with exactly ``vocab_size`` pieces.

    When the text is too small to learn that many pieces, the rest are filled with
    placeholder symbols that never occur in text (they only make the vocabulary the
    requested size, as in the benchmark's 32k model).
    """
    fillers = 0
    for _ in range(3):
        buffer = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=buffer,
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,
            hard_vocab_limit=False,
            minloglevel=2,
            num_threads=1,
            seed_sentencepiece_size=seed_pieces or max(1_000_000, vocab_size * 10),
            user_defined_symbols=[f"\u2329{i}\u232a" for i in range(fillers)],
        )
        processor = sentencepiece.SentencePieceProcessor(model_proto=buffer.getvalue())
        size = int(processor.get_piece_size())
        if size == vocab_size:
            return buffer.getvalue()
        fillers += vocab_size - size
    raise RuntimeError(f"could not train a SentencePiece model of {vocab_size} pieces")


# Target-side lines for a package whose model has its own target vocabulary (OPUS-MT ports).
_TARGET_WORDS = ("Hafenbehörde", "Stadtrat", "Wetteramt", "Fährplan", "Brückenreparatur")
_TARGET_TAILS = ("am Montag.", "nach langer Sitzung.", "trotz starken Regens.", "heute.")


def target_training_text() -> list[str]:
    """Lines in a made-up target language whose pieces the default model lacks."""
    return [
        f"Die {a} und der {b} verschoben {c} {tail}"
        for a, b, c, tail in itertools.product(
            _TARGET_WORDS, _TARGET_WORDS, _TARGET_WORDS, _TARGET_TAILS
        )
        if a != b
    ]


def _random_transformer(
    vocab: list[str],
    *,
    d_model: int,
    layers: int,
    heads: int,
    ffn: int,
    seed: int,
    target_vocab: list[str] | None = None,
) -> transformer_spec.TransformerSpec:
    rng = np.random.default_rng(seed)
    # Large enough that different inputs lead to different outputs through the layer norms.
    scale = 1.0 / np.sqrt(d_model)
    size = len(vocab)
    target = target_vocab or vocab
    target_size = len(target)

    def weights(*shape: int) -> np.ndarray[Any, np.dtype[np.float32]]:
        values = rng.standard_normal(shape, dtype=np.float32) * np.float32(scale * 4)
        return values.astype(np.float32)

    def norm(spec: common_spec.LayerNormSpec) -> None:
        spec.gamma = np.ones(d_model, dtype=np.float32)
        spec.beta = np.zeros(d_model, dtype=np.float32)

    def linear(spec: common_spec.LinearSpec, out_dim: int, in_dim: int) -> None:
        spec.weight = weights(out_dim, in_dim)
        spec.bias = np.zeros(out_dim, dtype=np.float32)

    def feed_forward(spec: transformer_spec.FeedForwardSpec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d_model)
        linear(spec.linear_1, d_model, ffn)

    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weights(size, d_model)
    decoder.embeddings.weight = weights(target_size, d_model)
    norm(encoder.layer_norm)
    norm(decoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused q, k, v
        linear(layer.self_attention.linear[1], d_model, d_model)
        feed_forward(layer.ffn)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)  # query
        linear(layer.attention.linear[1], 2 * d_model, d_model)  # fused k, v
        linear(layer.attention.linear[2], d_model, d_model)
        feed_forward(layer.ffn)
    linear(decoder.projection, target_size, d_model)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(target)
    return spec


def write_package_folder(
    folder: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    vocab_size: int = 64,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 4,
    ffn: int = 64,
    seed: int = 0,
    quantization: str | None = "int8",
    training_text: Sequence[str] | None = None,
    target_text: Sequence[str] | None = None,
    extra_metadata: dict[str, object] | None = None,
    tokenizer: str = "sentencepiece",
) -> Path:
    """Write an unzipped Argos package (as argospm leaves it installed) into ``folder``.

    ``tokenizer="bpe"`` ships ``bpe.model`` (subword-nmt codes, used after Moses
    tokenization) instead of ``sentencepiece.model``, as older packages do.

    With ``target_text``, the model's target vocabulary comes from a second SentencePiece
    model trained on it, which is not shipped: the layout of packages converted from OPUS-MT,
    which carry only the source ``source.spm`` as ``sentencepiece.model``.
    """
    folder.mkdir(parents=True)
    if tokenizer == "bpe":
        vocab = _write_bpe(
            folder / "bpe.model", training_text or default_training_text(), from_code
        )
    else:
        model_proto = train_sentencepiece(training_text or default_training_text(), vocab_size)
        (folder / "sentencepiece.model").write_bytes(model_proto)
        processor = sentencepiece.SentencePieceProcessor(model_proto=model_proto)
        vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    target_vocab = None
    if target_text is not None:
        target = sentencepiece.SentencePieceProcessor(
            model_proto=train_sentencepiece(target_text, vocab_size)
        )
        target_vocab = [target.id_to_piece(i) for i in range(target.get_piece_size())]
    spec = _random_transformer(
        vocab,
        d_model=d_model,
        layers=layers,
        heads=heads,
        ffn=ffn,
        seed=seed,
        target_vocab=target_vocab,
    )
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir = folder / "model"
    model_dir.mkdir()
    spec.save(str(model_dir))
    metadata: dict[str, object] = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "links": [],
    }
    metadata.update(extra_metadata or {})
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (folder / "README.md").write_text(
        f"# {from_code} to {to_code}\n\nRandom weights, built for tests.\n", encoding="utf-8"
    )
    return folder


def _write_bpe(path: Path, lines: Sequence[str], language: str) -> list[str]:
    """Learn BPE codes on Moses-tokenized ``lines`` into ``path``; return the vocabulary
    (every token the codes make of the lines, and the special tokens)."""
    from sacremoses import MosesPunctNormalizer, MosesTokenizer
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    normalizer, moses = MosesPunctNormalizer(language), MosesTokenizer(language)
    tokenized = [" ".join(moses.tokenize(normalizer.normalize(line))) for line in lines]
    codes = io.StringIO()
    learn_bpe(io.StringIO("\n".join(tokenized)), codes, 60, verbose=False)
    path.write_text(codes.getvalue(), encoding="utf-8")
    bpe = BPE(io.StringIO(codes.getvalue()))
    vocab = ["<unk>", "<s>", "</s>"]
    for line in tokenized:
        for token in bpe.segment_tokens(line.split()):
            if token not in vocab:
                vocab.append(token)
    return vocab


def package_folder_name(from_code: str, to_code: str, version: str) -> str:
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"


def zip_package_folder(folder: Path, archive: Path) -> Path:
    """Zip a package folder into an ``.argosmodel`` with the folder as its one top entry."""
    # Stored, not deflated: random weights do not compress and building stays fast.
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as out:
        for path in sorted(folder.rglob("*")):
            out.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def build_argos_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    vocab_size: int = 64,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 4,
    ffn: int = 64,
    seed: int = 0,
    quantization: str | None = "int8",
    training_text: Sequence[str] | None = None,
    target_text: Sequence[str] | None = None,
    extra_metadata: dict[str, object] | None = None,
    tokenizer: str = "sentencepiece",
) -> Path:
    """Build ``translate-FROM_TO-VERSION.argosmodel`` in ``dest_dir`` and return its path.

    The defaults give a tiny model (well under a second to build); ``d_model=512, layers=6,
    heads=8, ffn=2048, vocab_size=32000`` gives the size of a published Argos model.
    """
    name = package_folder_name(from_code, to_code, version)
    dest_dir.mkdir(parents=True, exist_ok=True)
    work = dest_dir / f".build-{name}-{seed}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        folder = write_package_folder(
            work / name,
            from_code,
            to_code,
            version=version,
            vocab_size=vocab_size,
            d_model=d_model,
            layers=layers,
            heads=heads,
            ffn=ffn,
            seed=seed,
            quantization=quantization,
            training_text=training_text,
            target_text=target_text,
            extra_metadata=extra_metadata,
            tokenizer=tokenizer,
        )
        return zip_package_folder(folder, dest_dir / f"{name}.argosmodel")
    finally:
        shutil.rmtree(work, ignore_errors=True)
