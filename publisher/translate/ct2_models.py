"""Converted CTranslate2 model folders: checking, installing, listing and removing them.

A folder as ``ct2-transformers-converter`` leaves it (``model.bin``, ``config.json``, the
vocabulary as ``shared_vocabulary.json`` or ``source_``/``target_vocabulary.json``, ``.txt``
in older versions) plus the tokenizer files copied beside it. Installing copies it into the
models folder under a manifest (``publisher-model.json``: family, languages or pair, licence,
size), after loading it and translating one word, into a hidden staging folder renamed into
place: a failed install leaves the installed models as they were.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publisher.errors import ConfigError, ModelError
from publisher.languages import Language, UnknownLanguage
from publisher.translate.ct2_families import Family, families, get_family

MANIFEST = "publisher-model.json"
VOCABULARY_FILES = (
    ("shared_vocabulary.json", "shared_vocabulary.txt"),
    ("target_vocabulary.json", "target_vocabulary.txt"),
)
#: Largest vocabulary or config file read (bytes); real vocabularies are a few MB.
MAX_METADATA_BYTES = 64 * 1024 * 1024
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ModelFolder:
    """A checked converted model: where it is and what it serves."""

    path: Path
    name: str
    family: Family
    tokenizer: Path
    languages: tuple[str, ...]  # multilingual families: every language the model has
    pair: tuple[str, str] | None  # bilingual families: the one pair
    vocabulary: frozenset[str]
    size: int
    installed_at: str = ""

    @property
    def pairs(self) -> set[tuple[str, str]]:
        if self.pair is not None:
            return {self.pair}
        return {(a, b) for a in self.languages for b in self.languages if a != b}

    @property
    def version(self) -> str:
        return f"{self.name} ({self.family.name}) {self.installed_at}".strip()


def _read_vocabulary(path: Path) -> frozenset[str]:
    if path.stat().st_size > MAX_METADATA_BYTES:
        raise ModelError(f"{path}: over {MAX_METADATA_BYTES:,} bytes")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".txt":
        return frozenset(line for line in text.splitlines() if line)
    try:
        tokens = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelError(f"{path}: not a JSON vocabulary ({error.msg})") from None
    if not isinstance(tokens, list) or not all(isinstance(token, str) for token in tokens):
        raise ModelError(f"{path}: a vocabulary is a JSON list of tokens")
    return frozenset(tokens)


def _target_vocabulary(folder: Path) -> frozenset[str]:
    for names in VOCABULARY_FILES:
        for name in names:
            if (folder / name).is_file():
                return _read_vocabulary(folder / name)
    raise ModelError(
        f"{folder}: no vocabulary (shared_vocabulary.json, or source_ and target_vocabulary.json)"
    )


def _detect(folder: Path, vocabulary: frozenset[str]) -> Family:
    for family in families().values():
        if family.detect_token and family.detect_token in vocabulary:
            return family
    for family in families().values():
        names = (*family.tokenizers, family.target_tokenizer)
        if not family.detect_token and all((folder / n).is_file() for n in names if n):
            return family
    raise ConfigError(
        f"{folder}: cannot tell which model family this is; give --family ({', '.join(families())})"
    )


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def inspect_folder(
    folder: Path,
    *,
    family: str | None = None,
    pair: tuple[str, str] | None = None,
    name: str | None = None,
) -> ModelFolder:
    """Check a converted model folder and say what it serves.

    Raises ModelError for a folder that is not a converted model (files missing or
    unreadable), ConfigError for a family that cannot be told or a missing or needless pair.
    """
    if not folder.is_dir():
        raise ModelError(f"{folder}: not a folder")
    for required in ("model.bin", "config.json"):
        if not (folder / required).is_file():
            raise ModelError(f"{folder}: no {required}; is it a converted CTranslate2 model?")
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelError(f"{folder / 'config.json'}: not JSON ({error})") from None
    if not isinstance(config, dict):
        raise ModelError(f"{folder / 'config.json'}: not a JSON object")
    vocabulary = _target_vocabulary(folder)
    chosen = get_family(family) if family else _detect(folder, vocabulary)
    tokenizer = next((folder / n for n in chosen.tokenizers if (folder / n).is_file()), None)
    if tokenizer is None:
        raise ModelError(
            f"{folder}: no tokenizer for {chosen.title} ({' or '.join(chosen.tokenizers)}); "
            "copy it beside the model (ct2-transformers-converter --copy_files)"
        )
    if chosen.target_tokenizer and not (folder / chosen.target_tokenizer).is_file():
        raise ModelError(f"{folder}: no {chosen.target_tokenizer} for {chosen.title}")
    languages: tuple[str, ...] = ()
    if chosen.multilingual:
        if pair is not None:
            raise ConfigError(f"{chosen.title} serves every language it has: give no --from/--to")
        languages = tuple(sorted(chosen.languages(set(vocabulary))))
        if len(languages) < 2:
            raise ModelError(f"{folder}: the vocabulary has no {chosen.title} language tokens")
    elif pair is None:
        raise ConfigError(f"{chosen.title} models serve one pair: give --from and --to")
    else:
        pair = _checked_pair(pair)
    return ModelFolder(
        path=folder,
        name=_NAME.sub("-", name or folder.resolve().name).strip(".-") or "model",
        family=chosen,
        tokenizer=tokenizer,
        languages=languages,
        pair=pair,
        vocabulary=vocabulary,
        size=_size(folder),
    )


def _checked_pair(pair: tuple[str, str]) -> tuple[str, str]:
    try:
        source, target = (str(Language.parse(code)) for code in pair)
    except UnknownLanguage as error:
        raise ConfigError(str(error)) from None
    if source == target:
        raise ConfigError("the source and target languages are the same")
    return source, target


def _manifest(model: ModelFolder, installed_at: str) -> dict[str, Any]:
    return {
        "name": model.name,
        "family": model.family.name,
        "languages": list(model.languages),
        "pair": list(model.pair) if model.pair else None,
        "license": model.family.license,
        "size": model.size,
        "installed_at": installed_at,
        "tokenizer": model.tokenizer.name,
    }


def installed_models(models_dir: Path) -> list[ModelFolder]:
    """Models installed in ``models_dir``, by name; a broken entry is skipped (and logged by
    the caller's listing), never fatal."""
    found: list[ModelFolder] = []
    try:
        entries = sorted(models_dir.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        if entry.name.startswith(".") or not (entry / MANIFEST).is_file():
            continue
        try:
            found.append(_read_installed(entry))
        except (ModelError, ConfigError, OSError, ValueError, KeyError):
            continue
    return found


def _read_installed(folder: Path) -> ModelFolder:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    family = get_family(str(data["family"]))
    pair = tuple(data["pair"]) if data.get("pair") else None
    return ModelFolder(
        path=folder,
        name=str(data["name"]),
        family=family,
        tokenizer=folder / str(data["tokenizer"]),
        languages=tuple(str(code) for code in data.get("languages") or ()),
        pair=(str(pair[0]), str(pair[1])) if pair else None,
        vocabulary=_target_vocabulary(folder),
        size=int(data.get("size", 0)),
        installed_at=str(data.get("installed_at", "")),
    )


def install_from_dir(
    models_dir: Path,
    folder: Path,
    *,
    family: str | None = None,
    pair: tuple[str, str] | None = None,
    name: str | None = None,
    check: Any = None,
) -> ModelFolder:
    """Install a converted model folder; return it as installed.

    ``check(model)`` loads and runs the staged copy (publisher.translate.ctranslate2_engine
    passes its trial translation); whatever it raises leaves nothing installed. An installed
    model of the same name is replaced only once the new one has passed.
    """
    model = inspect_folder(folder, family=family, pair=pair, name=name)
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = models_dir / f".staging-{uuid.uuid4().hex}"
    try:
        shutil.copytree(folder, staging, symlinks=False)
        installed_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        (staging / MANIFEST).write_text(
            json.dumps(_manifest(model, installed_at), indent=2), encoding="utf-8"
        )
        staged = _read_installed(staging)
        if check is not None:
            check(staged)
        target = models_dir / model.name
        old = models_dir / f".old-{uuid.uuid4().hex}"
        if target.exists():
            os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
        return _read_installed(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_model(models_dir: Path, name: str) -> ModelFolder:
    """Remove an installed model. Raises ConfigError when none has that name."""
    for model in installed_models(models_dir):
        if model.name == name:
            shutil.rmtree(model.path)
            return model
    raise ConfigError(f"no CTranslate2 model named {name!r} is installed")
