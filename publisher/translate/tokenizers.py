"""Subword tokenizers of Argos packages: SentencePiece (``sentencepiece.model``), or Moses
tokenization with BPE (``bpe.model``), the two argostranslate supports.

Both encode to the token strings the CTranslate2 model reads and decode its output pieces
back into text exactly as argostranslate does, so our output matches LibreTranslate's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import sentencepiece

# SentencePiece's word-boundary marker, which starts every piece that begins a word.
WORD_BOUNDARY = "\u2581"
# subword-nmt's continuation marker: a token that ends with it joins the next one
BPE_SEPARATOR = "@@"


class SubwordTokenizer(Protocol):
    def encode(self, sentences: Sequence[str]) -> list[list[str]]: ...

    def decode(self, tokens: Sequence[str]) -> str: ...


class SentencePieceTokenizer:
    def __init__(self, model_file: Path) -> None:
        """Raises whatever the bindings raise for a file they cannot read."""
        self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        pieces: list[list[str]] = self.processor.encode(list(sentences), out_type=str)
        return pieces

    def decode(self, tokens: Sequence[str]) -> str:
        """Pieces joined, ``▁`` turned into spaces: not ``SentencePieceProcessor.decode``,
        since packages converted from OPUS-MT ship only the source model, and the target
        pieces it lacks would come back with the marker inside the words."""
        return "".join(tokens).replace(WORD_BOUNDARY, " ").strip()


class MosesBPETokenizer:
    """Moses punctuation normalization and tokenization (sacremoses), then BPE (subword-nmt);
    decoding joins the BPE pieces and detokenizes for the target language."""

    def __init__(self, codes_file: Path, source: str, target: str) -> None:
        """Raises OSError or ValueError for codes that cannot be read."""
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
        from subword_nmt.apply_bpe import BPE

        with codes_file.open(encoding="utf-8") as codes:
            self._bpe = BPE(codes)
        self._normalizer = MosesPunctNormalizer(_moses_language(source))
        self._tokenizer = MosesTokenizer(_moses_language(source))
        self._detokenizer = MosesDetokenizer(_moses_language(target))
        # sacremoses and subword-nmt keep caches that are not safe to share between threads
        self._lock = threading.Lock()

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        with self._lock:
            return [
                self._bpe.segment_tokens(
                    self._tokenizer.tokenize(self._normalizer.normalize(sentence))
                )
                for sentence in sentences
            ]

    def decode(self, tokens: Sequence[str]) -> str:
        joined = " ".join(tokens).replace(f"{BPE_SEPARATOR} ", "").removesuffix(BPE_SEPARATOR)
        with self._lock:
            return str(self._detokenizer.detokenize(joined.split())).strip()


def _moses_language(code: str) -> str:
    """Moses knows languages by their base code (``zh`` for ``zh-Hant``)."""
    return code.split("-")[0].lower()
