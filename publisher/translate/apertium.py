"""Apertium, the rule-based engine from Debian's packages, behind the Translator protocol."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError

from publisher.errors import EngineError, TranslationUnavailable
from publisher.translate.sentence_key import normalize

log = logging.getLogger(__name__)

DEFAULT_DATADIR = "/usr/share/apertium"
# only plain LANG-LANG modes: variants such as eng-cat_valencia are regional spellings
_MODE = re.compile(r"\A([a-z]{2,3})-([a-z]{2,3})\Z")
# Apertium's text deformatter treats a blank line as a sentence end and passes it through, so
# one sentence per paragraph keeps sentences apart in the rules and in the output
_SEPARATOR = "\n\n"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTED_PATH = re.compile(r"'(/[^']+)'")


def iso_code(code: str) -> str:
    """Map an Apertium language code (``spa``, ``es``) to ISO 639-1 where one exists."""
    try:
        return Locale.parse(code).language
    except (ValueError, UnknownLocaleError):
        return code


# Apertium translates some 80 KB of English a second on a busy two-core machine; a run may
# take twenty times longer than that before it counts as hung.
BYTES_PER_SECOND = 4000


class ApertiumTranslator:
    """Translate by running the ``apertium`` command, one process per batch.

    A run is given ``timeout`` seconds plus one second per ``bytes_per_second`` bytes of input,
    so a big batch is not cut short and a hung small one is not waited on for minutes.
    """

    name = "apertium"

    def __init__(
        self,
        *,
        executable: str = "apertium",
        timeout: float = 10,
        bytes_per_second: float = BYTES_PER_SECOND,
    ) -> None:
        self.executable = executable
        self.timeout = timeout
        self.bytes_per_second = bytes_per_second
        self._modes: dict[tuple[str, str], str] | None = None
        self._versions: dict[str, str] = {}

    def pairs(self) -> set[tuple[str, str]]:
        """Pairs of the installed language data; empty when Apertium is not installed."""
        return set(self._mode_table())

    def model_version(self, source: str, target: str) -> str:
        """The Debian package and version of the pair's data, e.g. ``apertium-eng-spa 0.8.1-2``.

        Raises TranslationUnavailable when the pair is not installed.
        """
        mode = self._mode(source, target)
        if mode not in self._versions:
            self._versions[mode] = _data_version(mode)
        return self._versions[mode]

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate a batch in one Apertium run; blank sentences come back empty.

        Raises TranslationUnavailable for a pair that is not installed and EngineError when
        Apertium fails or runs over the timeout.
        """
        mode = self._mode(source, target)
        texts = [normalize(sentence) for sentence in sentences]
        todo = [index for index, text in enumerate(texts) if text]
        results = [""] * len(texts)
        if not todo:
            return results
        batch = [texts[index] for index in todo]
        translated = self._translate_batch(mode, batch)
        if translated is None:
            translated = [self._run(mode, text).strip() for text in batch]
        for index, text in zip(todo, translated, strict=True):
            results[index] = normalize(text)
        return results

    def _translate_batch(self, mode: str, batch: list[str]) -> list[str] | None:
        if len(batch) == 1:
            return [self._run(mode, batch[0]).strip()]
        output = self._run(mode, _SEPARATOR.join(batch) + "\n")
        pieces = [piece.strip() for piece in _BLANK_LINE.split(output.strip())]
        if len(pieces) != len(batch):
            log.warning(
                "apertium %s: %d sentences in, %d out; translating one at a time",
                mode,
                len(batch),
                len(pieces),
            )
            return None
        return pieces

    def _run(self, mode: str, text: str) -> str:
        command = [self.executable, "-u", "-f", "txt", mode]
        # the pipeline's tools read bytes through the locale; pin UTF-8 whatever the caller has
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        try:
            # a session of its own, so a timeout can kill the whole pipeline Apertium starts
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
        except OSError as error:
            raise EngineError(f"apertium {mode}: cannot run {self.executable}: {error}") from error
        data = text.encode("utf-8")
        timeout = self.timeout + len(data) / self.bytes_per_second
        with process:
            try:
                stdout, stderr_bytes = process.communicate(data, timeout=timeout)
            except subprocess.TimeoutExpired as error:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise EngineError(
                    f"apertium {mode}: no answer within {timeout:.3g} s for {len(data):,} bytes"
                ) from error
        stderr = stderr_bytes.decode("utf-8", "replace").strip()
        if process.returncode != 0:
            first = stderr.splitlines()[0] if stderr else f"exit status {process.returncode}"
            raise EngineError(f"apertium {mode}: {first}")
        return stdout.decode("utf-8", "replace")

    def _mode(self, source: str, target: str) -> str:
        mode = self._mode_table().get((source, target))
        if mode is None:
            raise TranslationUnavailable(
                source, target, f"no {source}\u2192{target} Apertium data installed"
            )
        return mode

    def _mode_table(self) -> dict[tuple[str, str], str]:
        if self._modes is None:
            self._modes = _list_modes(self.executable, self.timeout)
        return self._modes


def _list_modes(executable: str, timeout: float) -> dict[tuple[str, str], str]:
    if shutil.which(executable) is None:
        return {}
    try:
        completed = subprocess.run(
            [executable, "-l"], capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("apertium -l failed: %s", error)
        return {}
    modes: dict[tuple[str, str], str] = {}
    for line in sorted(completed.stdout.decode("utf-8", "replace").split()):
        match = _MODE.match(line)
        if match:
            pair = (iso_code(match.group(1)), iso_code(match.group(2)))
            # "en-es" and "eng-spa" may both exist; keep the first in sorted order, stably
            modes.setdefault(pair, line)
    return modes


def _data_version(mode: str) -> str:
    mode_file = Path(os.environ.get("APERTIUM_DATADIR", DEFAULT_DATADIR)) / "modes" / f"{mode}.mode"
    if not mode_file.is_file():
        return f"apertium {mode}"
    package = _dpkg_package(mode_file)
    if package:
        version = _dpkg_output(["dpkg-query", "-W", "-f=${Version}", package])
        if version:
            return f"{package} {version}"
    return f"apertium {mode} {_files_digest(mode_file)}"


def _dpkg_package(path: Path) -> str:
    owner = _dpkg_output(["dpkg-query", "-S", str(path)])
    return owner.split(":", 1)[0].strip() if ":" in owner else ""


def _dpkg_output(command: list[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if completed.returncode != 0:
        return ""
    return completed.stdout.decode("utf-8", "replace").strip()


def _files_digest(mode_file: Path) -> str:
    """Digest of the mode file and the size and time of every data file it names."""
    text = mode_file.read_text(encoding="utf-8", errors="replace")
    digest = hashlib.sha256(text.encode("utf-8"))
    for name in sorted(set(_QUOTED_PATH.findall(text))):
        path = Path(name)
        if path.is_file():
            stat = path.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]
