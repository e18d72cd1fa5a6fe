"""The ``ctranslate2`` engine: any converted model folder (NLLB-200, M2M-100, OPUS-MT, MADLAD).

Each installed folder's family (publisher.translate.ct2_families) says how to wrap the
source and which token starts the output; decoding is the one every CTranslate2 engine shares
(publisher.translate.decoding). Models load on first use and stay in a least-recently-used
cache of ``cache_size``; a model installed or removed is seen on the next call.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ctranslate2
import sentencepiece

from publisher.errors import EngineError, ModelError, TranslationUnavailable
from publisher.translate.base import EngineOutput
from publisher.translate.ct2_models import ModelFolder, installed_models
from publisher.translate.decoding import Decoding, Encode, translate_sentences
from publisher.translate.devices import Device
from publisher.translate.tokenizers import WORD_BOUNDARY

log = logging.getLogger(__name__)
# tokens that steer the decoder and are never text
_CONTROL_TOKENS = frozenset({"<s>", "</s>", "<pad>"})
# words a model must translate at install to prove it loads and runs
TRIAL_TEXT = "Hello."


@dataclass(frozen=True)
class LoadedFolder:
    model: ModelFolder
    translator: ctranslate2.Translator
    tokenizer: sentencepiece.SentencePieceProcessor

    def encoder(self, source: str, target: str) -> tuple[Encode, list[str]]:
        before, after, prefix = self.model.family.wrap(source, target, set(self.model.vocabulary))

        def encode(sentences: Sequence[str]) -> list[list[str]]:
            pieces: list[list[str]] = self.tokenizer.encode(list(sentences), out_type=str)
            return [[*before, *p, *after] for p in pieces]

        return encode, prefix


def decode_pieces(tokens: Sequence[str]) -> str:
    """Join SentencePiece pieces into text as argostranslate does (``▁`` is a space)."""
    text = "".join(token for token in tokens if token not in _CONTROL_TOKENS)
    return text.replace(WORD_BOUNDARY, " ").strip()


def load_folder(model: ModelFolder, device: Device, threads: int = 0) -> LoadedFolder:
    """Load a model and its tokenizer. Raises ModelError with the reason."""
    # The edge of a model file: the bindings turn a corrupt file into whatever C++ threw.
    try:
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model.tokenizer))
    except Exception as error:  # noqa: BLE001
        raise ModelError(f"{model.tokenizer}: cannot load ({_detail(error)})") from error
    try:
        translator = ctranslate2.Translator(
            str(model.path),
            device=device.name,
            compute_type=device.compute_type,
            inter_threads=1,
            intra_threads=threads,
        )
    except Exception as error:  # noqa: BLE001
        raise ModelError(f"{model.path}: cannot load ({_detail(error)})") from error
    return LoadedFolder(model, translator, tokenizer)


def trial(model: ModelFolder, device: Device) -> None:
    """Load ``model`` and translate one word for one of its pairs. Raises ModelError."""
    loaded = load_folder(model, device)
    source, target = sorted(model.pairs)[0]
    encode, prefix = loaded.encoder(source, target)
    try:
        translate_sentences(
            loaded.translator,
            [TRIAL_TEXT],
            encode=encode,
            decode=decode_pieces,
            target_prefix=prefix,
            decoding=Decoding(beam_size=1, max_length=8),
            batch_size=1,
            retry=False,
        )
    except Exception as error:  # noqa: BLE001
        raise ModelError(f"{model.path}: loads but cannot translate ({_detail(error)})") from error


class CTranslate2Translator:
    """Translates with the converted models installed in one folder."""

    name = "ctranslate2"

    def __init__(
        self,
        models_dir: Path,
        *,
        device: Device,
        decoding: Decoding | None = None,
        cache_size: int = 2,
        batch_size: int = 32,
        threads: int = 0,
        retry_failures: bool = True,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.models_dir = models_dir
        self.device = device
        self.decoding = decoding or Decoding()
        self.cache_size = cache_size
        self.batch_size = batch_size
        self.threads = threads
        self.retry_failures = retry_failures
        self._lock = threading.Lock()
        self._loaded: OrderedDict[str, LoadedFolder] = OrderedDict()
        self._listing: list[ModelFolder] = []
        self._stamp: frozenset[tuple[str, int]] | None = None

    def models(self) -> list[ModelFolder]:
        """Installed models; re-read only when the folder's entries changed."""
        try:
            with os.scandir(self.models_dir) as entries:
                stamp = frozenset((entry.name, entry.inode()) for entry in entries)
        except (FileNotFoundError, NotADirectoryError):
            return []
        with self._lock:
            if stamp != self._stamp:
                self._listing = installed_models(self.models_dir)
                self._stamp = stamp
            return list(self._listing)

    def _serving(self) -> dict[tuple[str, str], ModelFolder]:
        # bilingual models first, then by install time: the newest model of a pair wins, and a
        # model made for one pair wins over a many-language one
        serving: dict[tuple[str, str], ModelFolder] = {}
        ordered = sorted(self.models(), key=lambda m: (m.pair is not None, m.installed_at))
        for model in ordered:
            for pair in model.pairs:
                serving[pair] = model
        return serving

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._serving())

    def model_for(self, source: str, target: str) -> ModelFolder:
        """Raises TranslationUnavailable when no installed model serves the pair."""
        model = self._serving().get((source, target))
        if model is None:
            raise TranslationUnavailable(source, target)
        return model

    def model_version(self, source: str, target: str) -> str:
        return self.model_for(source, target).version

    def _load(self, model: ModelFolder) -> LoadedFolder:
        with self._lock:
            loaded = self._loaded.get(model.name)
            if loaded is not None and loaded.model == model:
                self._loaded.move_to_end(model.name)
                return loaded
            log.info("loading CTranslate2 model %s", model.version)
            loaded = load_folder(model, self.device, self.threads)
            self._loaded[model.name] = loaded
            while len(self._loaded) > self.cache_size:
                evicted, _ = self._loaded.popitem(last=False)
                log.info("unloading CTranslate2 model %s", evicted)
            return loaded

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [out.text for out in self.translate_detailed(sentences, source, target)]

    def translate_detailed(
        self, sentences: Sequence[str], source: str, target: str
    ) -> list[EngineOutput]:
        """Translate with the model serving the pair. Raises TranslationUnavailable,
        ModelError when it cannot load, EngineError when CTranslate2 fails."""
        model = self.model_for(source, target)
        if not any(sentence.strip() for sentence in sentences):
            return [EngineOutput("") for _ in sentences]
        loaded = self._load(model)
        encode, prefix = loaded.encoder(source, target)
        try:
            return translate_sentences(
                loaded.translator,
                sentences,
                encode=encode,
                decode=decode_pieces,
                target_prefix=prefix,
                decoding=self.decoding,
                batch_size=self.batch_size,
                retry=self.retry_failures,
            )
        except Exception as error:  # noqa: BLE001
            raise EngineError(
                f"{model.name} {source}\u2192{target} failed: {_detail(error)}"
            ) from error


def _detail(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__
