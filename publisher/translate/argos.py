"""Argos Translate packages run directly with CTranslate2 and SentencePiece.

This follows what ``argostranslate`` does per sentence (SentencePiece pieces in, CTranslate2
``translate_batch``, pieces joined back into text), without its stanza/torch dependencies.
Sentence splitting happens upstream, so every input item is translated as one segment.
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

from publisher.errors import EngineError, ModelError, TranslationUnavailable
from publisher.translate.argos_packages import ArgosPackage, installed_packages, latest_by_pair
from publisher.translate.base import EngineOutput
from publisher.translate.decoding import (  # noqa: F401 (ARGOS_DECODING: the benchmark's)
    ARGOS_DECODING,
    Decoding,
    translate_sentences,
)
from publisher.translate.devices import Device, resolve_compute_type
from publisher.translate.tokenizers import SubwordTokenizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """A package whose CTranslate2 model and subword tokenizer are in memory."""

    package: ArgosPackage
    translator: ctranslate2.Translator
    tokenizer: SubwordTokenizer

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        return self.tokenizer.encode(sentences)

    def decode(self, tokens: Sequence[str]) -> str:
        """Join output pieces into text, as argostranslate does (the target prefix, if the
        output still starts with it, dropped)."""
        prefix = self.package.target_prefix
        if prefix and tokens and tokens[0] == prefix:
            tokens = tokens[1:]
        return self.tokenizer.decode(tokens)


def load_model(
    package: ArgosPackage,
    *,
    compute_type: str = "int8",
    threads: int = 0,
    device: Device | None = None,
) -> LoadedModel:
    """Load a package's model on ``device`` (default: the CPU with ``compute_type``).

    Raises ModelError when the model or the SentencePiece model cannot be loaded.
    """
    # The edge of a model file: the bindings turn a corrupt file into whatever C++ threw
    # (RuntimeError, ValueError, MemoryError for a bogus size), all of them this file's fault.
    try:
        tokenizer = package.load_tokenizer()
    except Exception as error:  # noqa: BLE001
        raise ModelError(f"{package.tokenizer_path}: cannot load ({_detail(error)})") from error
    try:
        translator = ctranslate2.Translator(
            str(package.model_dir),
            device=device.name if device else "cpu",
            compute_type=device.compute_type if device else resolve_compute_type(compute_type),
            inter_threads=1,
            intra_threads=threads,
        )
    except Exception as error:  # noqa: BLE001
        raise ModelError(f"{package.model_dir}: cannot load ({_detail(error)})") from error
    return LoadedModel(package=package, translator=translator, tokenizer=tokenizer)


class ArgosTranslator:
    """Translates with the Argos packages installed in one folder.

    Models load on first use and stay in a least-recently-used cache of ``cache_size``
    models; a package upgraded on disk is picked up on the next call.
    """

    name = "argos"

    def __init__(
        self,
        packages_dir: Path,
        *,
        cache_size: int = 4,
        batch_size: int = 32,
        beam_size: int = 4,
        max_decoding_length: int = 512,
        threads: int = 0,
        compute_type: str = "int8",
        device: Device | None = None,
        repetition_penalty: float = 1.0,
        no_repeat_ngram_size: int = 0,
        retry_failures: bool = True,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.packages_dir = packages_dir
        self.cache_size = cache_size
        self.batch_size = batch_size
        self.decoding = Decoding(
            beam_size=beam_size,
            max_length=max_decoding_length,
            repetition_penalty=repetition_penalty,
            no_repeat_ngram_size=no_repeat_ngram_size,
        )
        # decode a known failure once more (publisher.translate.degenerate)
        self.retry_failures = retry_failures
        self.threads = threads
        self.compute_type = compute_type
        self.device = device
        self._lock = threading.Lock()
        self._loaded: OrderedDict[tuple[str, str], LoadedModel] = OrderedDict()
        self._listing: dict[tuple[str, str], ArgosPackage] = {}
        self._listing_stamp: frozenset[tuple[str, int]] | None = None

    def _packages(self) -> dict[tuple[str, str], ArgosPackage]:
        # Installs and removals rename whole folders, which gives them new inodes, so the
        # metadata is re-read only when the set of (name, inode) entries changed.
        try:
            with os.scandir(self.packages_dir) as entries:
                stamp = frozenset((entry.name, entry.inode()) for entry in entries)
        except FileNotFoundError:
            return {}
        except NotADirectoryError as error:
            raise ModelError(f"{self.packages_dir} is not a folder") from error
        with self._lock:
            if stamp != self._listing_stamp:
                self._listing = latest_by_pair(installed_packages(self.packages_dir))
                self._listing_stamp = stamp
            return dict(self._listing)

    def pairs(self) -> set[tuple[str, str]]:
        """Language pairs with an installed package."""
        return set(self._packages())

    def package(self, source: str, target: str) -> ArgosPackage:
        """The package serving a pair. Raises TranslationUnavailable when none is installed."""
        package = self._packages().get((source, target))
        if package is None:
            raise TranslationUnavailable(source, target)
        return package

    def model_version(self, source: str, target: str) -> str:
        """Package name and version, e.g. ``translate-en_ko-1.1``.

        Raises TranslationUnavailable when no package serves the pair.
        """
        return self.package(source, target).version_tag

    def loaded_pairs(self) -> list[tuple[str, str]]:
        """Pairs whose models are in memory, least recently used first."""
        with self._lock:
            return list(self._loaded)

    def model(self, source: str, target: str) -> LoadedModel:
        """The loaded model serving a pair, loading it if needed.

        Raises TranslationUnavailable when no package serves the pair, ModelError when the
        model cannot be loaded.
        """
        return self._model(self.package(source, target))

    def _model(self, package: ArgosPackage) -> LoadedModel:
        with self._lock:
            model = self._loaded.get(package.pair)
            if model is not None and model.package == package:
                self._loaded.move_to_end(package.pair)
                return model
            log.info("loading Argos model %s", package.version_tag)
            model = load_model(
                package, compute_type=self.compute_type, threads=self.threads, device=self.device
            )
            self._loaded[package.pair] = model
            self._loaded.move_to_end(package.pair)
            while len(self._loaded) > self.cache_size:
                evicted, _ = self._loaded.popitem(last=False)
                log.info("unloading Argos model %s\u2192%s", *evicted)
            return model

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each sentence; output i is the translation of input i.

        Blank inputs come back empty without reaching the model. Raises
        TranslationUnavailable for a pair with no package, ModelError when its model cannot
        be loaded, EngineError when CTranslate2 fails.
        """
        return [output.text for output in self.translate_detailed(sentences, source, target)]

    def translate_detailed(
        self, sentences: Sequence[str], source: str, target: str
    ) -> list[EngineOutput]:
        """Translate each sentence with its score, decoding a known failure once more
        (publisher.translate.decoding). Raises as ``translate``."""
        package = self.package(source, target)
        if not any(sentence.strip() for sentence in sentences):
            return [EngineOutput("") for _ in sentences]
        model = self._model(package)
        prefix = [package.target_prefix] if package.target_prefix else []
        # The edge of the engine: CTranslate2 and SentencePiece raise what C++ threw, e.g.
        # std::bad_alloc as MemoryError on a huge input; any of it is this batch's EngineError.
        try:
            return translate_sentences(
                model.translator,
                sentences,
                encode=model.encode,
                decode=model.decode,
                target_prefix=prefix,
                decoding=self.decoding,
                batch_size=self.batch_size,
                retry=self.retry_failures,
            )
        except Exception as error:  # noqa: BLE001
            raise EngineError(f"Argos {source}\u2192{target} failed: {_detail(error)}") from error


def _detail(error: BaseException) -> str:
    """The first line of an error's message, else its kind (MemoryError has no message)."""
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__
