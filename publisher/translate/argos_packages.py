"""Argos Translate packages on disk: list, install, remove, fetch from the package index.

We read and write the same layout as ``argospm`` (one folder per package holding
``metadata.json``, ``model/`` and ``sentencepiece.model``), so packages installed by either
tool are seen by the other. ``argostranslate`` itself is not imported: it pulls in torch and
writes to $HOME at import time.

Argos names a few languages its own way (``zt`` is Traditional Chinese, ``pb`` Brazilian
Portuguese); a package's ``from_code`` and ``to_code`` are read into our tags
(:mod:`publisher.languages`) here, so the rest of publisher speaks one language of codes.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import ctranslate2

from publisher import __version__
from publisher.errors import IndexUnreachable, ModelError
from publisher.languages import Language, UnknownLanguage, from_argos, to_argos
from publisher.translate.tokenizers import (
    MosesBPETokenizer,
    SentencePieceTokenizer,
    SubwordTokenizer,
)

log = logging.getLogger(__name__)

METADATA = "metadata.json"
MODEL_DIR = "model"
SP_MODEL = "sentencepiece.model"
# Older packages tokenize with Moses and BPE (argostranslate's BPETokenizer) instead.
BPE_MODEL = "bpe.model"
# Names we give our own transient folders; hidden so that listings skip them.
_STAGING_PREFIX = ".publisher-"
_CHUNK = 1 << 16
# Sent with the index fetch and every package download. argostranslate sends "ArgosTranslate";
# ours names that too, so logs and filters of the index's servers that look for it see us.
USER_AGENT = f"publisher/{__version__} (ArgosTranslate-compatible)"
# An Argos code as written in metadata.json and the index (``en``, ``zt``, ``pt_BR``), matched
# whole: with ``$`` a trailing newline would pass ("ko\n"), and a stripped "ko" with it.
_ARGOS_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")


@dataclass(frozen=True)
class ArgosPackage:
    """One installed Argos translation package."""

    path: Path
    from_code: Language
    to_code: Language
    package_version: str
    from_name: str
    to_name: str
    # Newer multilingual Argos packages ask for a target-language token before decoding.
    target_prefix: str = ""
    # Every pair the package serves, ``pair`` first; a multilingual package serves several.
    pairs: tuple[tuple[Language, Language], ...] = ()

    @property
    def model_dir(self) -> Path:
        return self.path / MODEL_DIR

    @property
    def sp_model_path(self) -> Path:
        return self.path / SP_MODEL

    @property
    def tokenizer_path(self) -> Path:
        """sentencepiece.model when the package has one, as argostranslate prefers, else
        bpe.model."""
        if self.sp_model_path.is_file() or not (self.path / BPE_MODEL).is_file():
            return self.sp_model_path
        return self.path / BPE_MODEL

    def load_tokenizer(self) -> SubwordTokenizer:
        """Raises whatever the tokenizer's library raises for a file it cannot read."""
        if self.tokenizer_path.name == BPE_MODEL:
            return MosesBPETokenizer(self.tokenizer_path, self.from_code, self.to_code)
        return SentencePieceTokenizer(self.sp_model_path)

    @property
    def pair(self) -> tuple[Language, Language]:
        return (self.from_code, self.to_code)

    @property
    def served_pairs(self) -> tuple[tuple[Language, Language], ...]:
        """Every pair the package translates, ``pair`` first."""
        return self.pairs or (self.pair,)

    @property
    def code(self) -> str:
        """Argos's name of the package, in its codes: ``translate-en_zt``."""
        return f"translate-{to_argos(self.from_code)}_{to_argos(self.to_code)}"

    @property
    def version_tag(self) -> str:
        """Name and version, e.g. ``translate-en_ko-1.1``."""
        return f"{self.code}-{self.package_version}"


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders "1.10" after "1.9" and numbers before words."""
    parts = re.split(r"[.\-_+]", version.strip())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


class _BadMetadata(ValueError):
    """Why a metadata.json or index entry cannot describe a translation package."""


def _side_codes(metadata: dict[str, Any], side: str) -> list[str]:
    """The Argos codes a package translates from (``side`` "from") or into ("to").

    As argostranslate reads them: ``from_code``, then the ``from_codes`` list, then the
    ``languages`` list (which counts for both sides), each code a string or an object with a
    ``code``. Raises _BadMetadata for a code that is not a language code, or when there is none.
    """
    key = f"{side}_code"
    found: list[tuple[str, object]] = []
    if metadata.get(key) is not None:
        found.append((key, metadata[key]))
    for list_key in (f"{side}_codes", "languages"):
        values = metadata.get(list_key) or []
        if not isinstance(values, list):
            raise _BadMetadata(f"has a {list_key} that is not a list")
        for value in values:
            found.append((list_key, value.get("code") if isinstance(value, dict) else value))
    if not found:
        raise _BadMetadata(f"has no valid {key}")
    codes: list[str] = []
    for where, value in found:
        if not isinstance(value, str):
            raise _BadMetadata(f"has no valid {where}")
        if not _ARGOS_CODE.match(value):
            raise _BadMetadata(f"has no valid {where}: {value[:20]!r} is not a language code")
        try:
            from_argos(value)
        except UnknownLanguage as error:
            raise _BadMetadata(f"has no valid {where}: {error}") from error
        if value not in codes:
            codes.append(value)
    return codes


def _declared_pairs(metadata: dict[str, Any]) -> list[tuple[Language, Language]]:
    """Every (source, target) pair a package serves, in our codes, the declared pair first.

    Raises _BadMetadata when its codes are not language codes or make no pair.
    """
    pairs: list[tuple[Language, Language]] = []
    sources = _side_codes(metadata, "from")
    targets = _side_codes(metadata, "to")
    for source in sources:
        for target in targets:
            pair = (from_argos(source), from_argos(target))
            if pair[0] != pair[1] and pair not in pairs:
                pairs.append(pair)
    if not pairs:
        raise _BadMetadata("has no pair of two different languages")
    return pairs


def _version_text(value: object) -> str:
    """``package_version`` as text: argostranslate also accepts a JSON number (1.1)."""
    if value is None:
        return "0"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _BadMetadata("has a package_version that is not a version")
    return str(value).strip() or "0"


def _metadata_error(metadata: Any) -> str | None:
    """Return why ``metadata`` cannot describe a translation package, or None if it can."""
    if not isinstance(metadata, dict):
        return "metadata.json is not a JSON object"
    try:
        _declared_pairs(metadata)
        _version_text(metadata.get("package_version"))
    except _BadMetadata as error:
        return f"metadata.json {error}"
    for key in ("from_name", "to_name", "target_prefix"):
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            return f"metadata.json: {key} is not a string"
    return None


def _is_translate_package(metadata: dict[str, Any]) -> bool:
    # Argos also ships sentence-boundary ("sbd") packages; we have our own splitter.
    return bool(metadata.get("type", "translate") == "translate")


def _package_from_metadata(path: Path, metadata: dict[str, Any]) -> ArgosPackage:
    """The package described by metadata that passed :func:`_metadata_error`."""
    pairs = _declared_pairs(metadata)
    from_code, to_code = pairs[0]
    return ArgosPackage(
        path=path,
        from_code=from_code,
        to_code=to_code,
        package_version=_version_text(metadata.get("package_version")),
        from_name=metadata.get("from_name") or from_code,
        to_name=metadata.get("to_name") or to_code,
        target_prefix=metadata.get("target_prefix") or "",
        pairs=tuple(pairs),
    )


def read_package(path: Path) -> ArgosPackage:
    """Read the installed package in folder ``path``.

    Raises ModelError when its metadata is missing or unreadable, or when the model or the
    SentencePiece model is missing.
    """
    metadata_path = path / METADATA
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelError(f"{path}: no {METADATA}") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{metadata_path}: cannot read ({error})") from error
    reason = _metadata_error(metadata)
    if reason:
        raise ModelError(f"{path}: {reason}")
    if not _is_translate_package(metadata):
        raise ModelError(f"{path}: not a translation package (type {metadata.get('type')!r})")
    package = _package_from_metadata(path, metadata)
    if not (package.model_dir / "model.bin").is_file():
        raise ModelError(f"{path}: no {MODEL_DIR}/model.bin")
    if not package.tokenizer_path.is_file():
        raise ModelError(f"{path}: no {SP_MODEL} nor {BPE_MODEL}")
    return package


def installed_packages(packages_dir: Path) -> list[ArgosPackage]:
    """List the translation packages installed in ``packages_dir``, sorted by pair and version.

    A folder that is not a usable translation package is skipped with a logged warning; a
    missing ``packages_dir`` means no packages.
    """
    try:
        entries = sorted(packages_dir.iterdir())
    except FileNotFoundError:
        return []
    except NotADirectoryError as error:
        raise ModelError(f"{packages_dir} is not a folder") from error
    packages: list[ArgosPackage] = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            packages.append(read_package(entry))
        except ModelError as error:
            log.warning("skipping Argos package folder: %s", error)
    packages.sort(key=lambda p: (p.from_code, p.to_code, version_key(p.package_version)))
    return packages


def latest_by_pair(packages: Iterable[ArgosPackage]) -> dict[tuple[str, str], ArgosPackage]:
    """Keep the newest package of each language pair."""
    chosen: dict[tuple[str, str], ArgosPackage] = {}
    for package in packages:
        for pair in package.served_pairs:
            current = chosen.get(pair)
            if current is None or version_key(package.package_version) >= version_key(
                current.package_version
            ):
                chosen[pair] = package
    return chosen


def _member_is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


MAX_UNPACKED_BYTES = 4 * 2**30


def _archive_top_folder(archive: Path, archive_zip: zipfile.ZipFile) -> str:
    """Check every member path and return the one top folder they all live in."""
    tops: set[str] = set()
    # zipfile stops every member at its declared size, so the declared total bounds the disk
    # an archive can fill (published Argos packages unpack to a few hundred MB).
    unpacked = sum(info.file_size for info in archive_zip.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ModelError(
            f"{archive}: unpacks to {unpacked / 2**30:.1f} GiB, over the limit of "
            f"{MAX_UNPACKED_BYTES / 2**30:.1f} GiB for a translation package"
        )
    for info in archive_zip.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            not parts
            or name.startswith("/")
            or "\\" in name
            or ":" in parts[0]
            or any(part in ("..", ".") for part in parts)
        ):
            raise ModelError(f"{archive}: unsafe path {name!r} in the archive")
        if _member_is_symlink(info):
            raise ModelError(f"{archive}: the archive holds a symbolic link ({name!r})")
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"{archive}: file {name!r} is outside the package folder")
        tops.add(parts[0])
    if len(tops) != 1:
        raise ModelError(f"{archive}: expected one top folder in the archive, found {len(tops)}")
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"{archive}: the package folder {top!r} is hidden")
    return top


def _validate_archive(archive: Path, archive_zip: zipfile.ZipFile) -> tuple[str, dict[str, Any]]:
    top = _archive_top_folder(archive, archive_zip)
    names = set(archive_zip.namelist())
    try:
        metadata = json.loads(archive_zip.read(f"{top}/{METADATA}").decode("utf-8"))
    except KeyError as error:
        raise ModelError(f"{archive}: no {METADATA} in the package folder {top!r}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{archive}: {METADATA} is not valid JSON ({error})") from error
    reason = _metadata_error(metadata)
    if reason:
        raise ModelError(f"{archive}: {reason}")
    if not _is_translate_package(metadata):
        raise ModelError(f"{archive}: not a translation package (type {metadata.get('type')!r})")
    if f"{top}/{MODEL_DIR}/model.bin" not in names:
        raise ModelError(f"{archive}: no {MODEL_DIR}/model.bin in the package")
    if f"{top}/{SP_MODEL}" not in names and f"{top}/{BPE_MODEL}" not in names:
        raise ModelError(f"{archive}: no {SP_MODEL} nor {BPE_MODEL} in the package")
    return top, metadata


def _discard(path: Path) -> None:
    """Remove a folder by first renaming it out of sight, so no reader sees it half deleted."""
    trash = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "trash-", dir=path.parent))
    path.rename(trash / path.name)
    shutil.rmtree(trash, ignore_errors=True)


def install_from_file(packages_dir: Path, archive: Path) -> ArgosPackage:
    """Install the ``.argosmodel`` file ``archive`` into ``packages_dir``.

    Any installed package of the same language pair is replaced. The archive is extracted
    into a hidden staging folder first and renamed into place, so a failed install leaves the
    folder as it was. Raises ModelError when the file is missing, not a zip archive, holds
    unsafe paths, or lacks metadata, the model or the SentencePiece model, or when the model
    or the SentencePiece model cannot be loaded and run.
    """
    if not archive.is_file():
        raise ModelError(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise ModelError(f"{archive}: not an Argos package (not a zip archive)")
    packages_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "install-", dir=packages_dir))
    try:
        try:
            with zipfile.ZipFile(archive) as archive_zip:
                top, metadata = _validate_archive(archive, archive_zip)
                archive_zip.extractall(staging)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
            raise ModelError(f"{archive}: cannot extract ({error})") from error
        new = read_package(staging / top)
        _check_loads(archive, new)
        return _put_in_place(packages_dir, new, top, metadata)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_loads(archive: Path, package: ArgosPackage) -> None:
    """Load the staged package's SentencePiece model and CTranslate2 model, and translate one
    word with them, so that a package that cannot run is refused before it replaces one that
    can. Raises ModelError naming the file that fails."""
    # The edge of a model file: the bindings raise whatever C++ threw for a corrupt file
    # (RuntimeError, ValueError, MemoryError for a bogus size); each is this archive's fault.
    try:
        tokens = package.load_tokenizer().encode(["news"])
    except Exception as error:  # noqa: BLE001
        name = package.tokenizer_path.name
        raise ModelError(f"{archive}: {name} cannot be loaded ({_detail(error)})") from error
    try:
        translator = ctranslate2.Translator(
            str(package.model_dir), device="cpu", compute_type="auto", intra_threads=1
        )
        prefix = [[package.target_prefix]] if package.target_prefix else None
        translator.translate_batch(tokens, target_prefix=prefix, max_decoding_length=4)
    except Exception as error:  # noqa: BLE001
        raise ModelError(
            f"{archive}: {MODEL_DIR}/model.bin cannot be loaded ({_detail(error)})"
        ) from error
    del translator


def _detail(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__


def _put_in_place(
    packages_dir: Path, new: ArgosPackage, top: str, metadata: dict[str, Any]
) -> ArgosPackage:
    destination = packages_dir / top
    replaced = [p for p in installed_packages(packages_dir) if p.served_pairs == new.served_pairs]
    if destination.exists() and destination not in {p.path for p in replaced}:
        raise ModelError(
            f"cannot install {new.version_tag}: {destination} exists and is not a "
            f"{new.from_code}\u2192{new.to_code} package"
        )
    for old in replaced:
        log.info("replacing %s with %s", old.version_tag, new.version_tag)
        _discard(old.path)
    new.path.rename(destination)
    log.info("installed %s in %s", new.version_tag, destination)
    return _package_from_metadata(destination, metadata)


def remove_package(packages_dir: Path, from_code: str, to_code: str) -> ArgosPackage:
    """Remove every installed package serving the pair and return the newest of them.

    A multilingual package serving the pair is removed whole, with its other pairs.

    The codes may be ours or Argos's (``zh-Hant`` or ``zt``). Raises UnknownLanguage for a
    code that is neither, ModelError when no package of the pair is installed.
    """
    pair = (from_argos(from_code), from_argos(to_code))
    found = [p for p in installed_packages(packages_dir) if pair in p.served_pairs]
    if not found:
        raise ModelError(f"no {pair[0]}\u2192{pair[1]} Argos package is installed")
    for package in found:
        _discard(package.path)
    return latest_by_pair(found)[pair]


def _unreachable(index_url: str, reason: object) -> IndexUnreachable:
    return IndexUnreachable(
        f"cannot reach the Argos package index at {index_url} ({reason}); "
        "install a model from a file: publisher models install --file PATH.argosmodel"
    )


def _reason(error: OSError) -> object:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return error.reason
    return error


def _request(url: str) -> urllib.request.Request:
    """A GET of ``url`` that names us. Raises ValueError for a URL urllib cannot use."""
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT})


def fetch_index(index_url: str, *, timeout: float = 10) -> list[dict[str, Any]]:
    """Download the Argos package index: a JSON list of package metadata with ``links``.

    Raises IndexUnreachable when the index cannot be fetched, ModelError when it is not a
    JSON list.
    """
    try:
        with urllib.request.urlopen(_request(index_url), timeout=timeout) as response:
            body = response.read()
    except (OSError, ValueError) as error:
        reason = _reason(error) if isinstance(error, OSError) else error
        raise _unreachable(index_url, reason) from error
    try:
        index = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"the Argos package index at {index_url} is not valid JSON") from error
    if not isinstance(index, list):
        raise ModelError(f"the Argos package index at {index_url} is not a JSON list")
    return [entry for entry in index if isinstance(entry, dict)]


def _entry_pairs(entry: dict[str, Any]) -> list[tuple[Language, Language]]:
    """The pairs an index entry serves, in our codes; none for an entry without valid codes."""
    try:
        return _declared_pairs(entry)
    except _BadMetadata:
        return []


def _entry_version(entry: dict[str, Any]) -> tuple[tuple[int, int | str], ...]:
    try:
        return version_key(_version_text(entry.get("package_version")))
    except _BadMetadata:
        return version_key("0")


def _pick_entry(
    index: list[dict[str, Any]], index_url: str, from_code: Language, to_code: Language
) -> dict[str, Any]:
    candidates = [
        entry
        for entry in index
        if (from_code, to_code) in _entry_pairs(entry) and _is_translate_package(entry)
    ]
    if not candidates:
        raise ModelError(
            f"the Argos package index at {index_url} has no {from_code}\u2192{to_code} package"
        )
    return max(candidates, key=_entry_version)


def _download(
    url: str, target: Path, progress: Callable[[int, int], None] | None, timeout: float
) -> None:
    with (
        urllib.request.urlopen(_request(url), timeout=timeout) as response,
        target.open("wb") as out,
    ):
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        if progress:
            progress(done, total)
        while chunk := response.read(_CHUNK):
            out.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)


def install_from_index(
    packages_dir: Path,
    index_url: str,
    from_code: str,
    to_code: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = 30,
) -> ArgosPackage:
    """Download the newest ``from_code``→``to_code`` package listed in the index and install it.

    The codes may be ours or Argos's (``pt-BR`` or ``pb``). ``progress`` is called with (bytes
    done, bytes total); total is 0 when the server does not say. Raises UnknownLanguage for a
    code that is neither, before going online; IndexUnreachable when the index cannot be
    fetched, ModelError when the index lists no such package, no link can be downloaded, or
    the download is not a valid package.
    """
    # our codes from here on: the messages then name the pair as the rest of publisher does
    from_code, to_code = from_argos(from_code), from_argos(to_code)
    entry = _pick_entry(fetch_index(index_url, timeout=timeout), index_url, from_code, to_code)
    links = [link for link in entry.get("links", []) if isinstance(link, str)]
    if not links:
        raise ModelError(f"the index entry for {from_code}\u2192{to_code} has no download link")
    packages_dir.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix=_STAGING_PREFIX + "download-", dir=packages_dir) as tmp:
        target = Path(tmp) / "package.argosmodel"
        for link in links:
            try:
                _download(link, target, progress, timeout)
            except (OSError, ValueError) as error:
                reason = _reason(error) if isinstance(error, OSError) else error
                failures.append(f"{link}: {reason}")
                log.warning("download of %s failed: %s", link, reason)
                continue
            return install_from_file(packages_dir, target)
    raise ModelError(
        f"cannot download the {from_code}\u2192{to_code} package ({'; '.join(failures)}); "
        "install a model from a file: publisher models install --file PATH.argosmodel"
    )
