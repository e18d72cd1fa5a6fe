"""The one translation engine test double: deterministic, and recording every batch it gets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.errors import EngineError, TranslationUnavailable
from publisher.translate.base import EngineOutput

if TYPE_CHECKING:
    from publisher.core import Desk


def _pair(pair: str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(pair, tuple):
        return pair
    source, _dash, target = pair.partition("-")
    return source, target


class RecordingTranslator:
    """A Translator that marks each sentence with its target language (``[ko] Text.``).

    ``pairs`` are ``("en", "ko")`` tuples or ``"en-ko"`` strings (default: en→xx). ``calls``
    holds ``(sentences, source, target)`` per batch; ``fail_with`` makes the next batches raise
    EngineError; ``drop_last`` returns one sentence too few; ``version`` is the model version;
    ``replies`` maps a source sentence to the output to give for it instead of the marked copy.
    """

    def __init__(
        self,
        name: str = "double",
        pairs: Iterable[str | tuple[str, str]] | None = None,
        version: str = "1",
    ) -> None:
        self.name = name
        self._pairs = {_pair(pair) for pair in pairs} if pairs is not None else {("en", "qaa")}
        self.version = version
        self.calls: list[tuple[list[str], str, str]] = []
        self.fail_with: str | None = None
        self.drop_last = False
        self.replies: dict[str, str] = {}

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def add_pair(self, source: str, target: str) -> None:
        self._pairs.add((source, target))

    def model_version(self, source: str, target: str) -> str:
        return f"{self.name}-{source}-{target} {self.version}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if (source, target) not in self._pairs:
            raise TranslationUnavailable(source, target)
        if self.fail_with:
            raise EngineError(self.fail_with)
        self.calls.append((list(sentences), source, target))
        output = [self.replies.get(s, f"[{target}] {s}") for s in sentences]
        return output[:-1] if self.drop_last else output

    @property
    def sentences_translated(self) -> int:
        return sum(len(batch) for batch, _source, _target in self.calls)


class ScriptedTranslator(RecordingTranslator):
    """A RecordingTranslator that answers the sentences of ``script`` with their scripted
    output (what a real engine would write, e.g. Korean with a particle glued to a
    placeholder) and marks the others like its parent. ``mangle`` makes it treat glossary
    placeholders (``ZXQ1``) as engines sometimes do: ``drop`` removes them, ``alter``
    rewrites them (``ZXQ1`` → ``Zxq-1``), ``duplicate`` writes them twice."""

    def __init__(
        self,
        script: dict[str, str] | None = None,
        pairs: Iterable[str | tuple[str, str]] | None = None,
        mangle: str | None = None,
    ) -> None:
        super().__init__("scripted", pairs)
        self.script = dict(script or {})
        self.mangle = mangle

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        import re

        marked = super().translate(sentences, source, target)
        output = [
            self.script.get(sentence, text)
            for sentence, text in zip(sentences, marked, strict=True)
        ]
        token = re.compile(r"ZXQ(\d+)")
        if self.mangle == "drop":
            output = [token.sub("", text) for text in output]
        elif self.mangle == "alter":
            output = [token.sub(r"Zxq-\1", text) for text in output]
        elif self.mangle == "duplicate":
            output = [token.sub(r"ZXQ\1 ZXQ\1", text) for text in output]
        return output


class DetailedDouble:
    """A detailed engine double (publisher.translate.base.DetailedTranslator): marks each
    sentence with its target language, scores it -0.5, and reports a loop for every sentence
    holding the word "loop", as an engine that could not cure one would."""

    name = "detailed"

    def __init__(self, pairs: Iterable[tuple[str, str]] = (("en", "qaa"),)) -> None:
        self._pairs = set(pairs)

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def model_version(self, source: str, target: str) -> str:
        return f"{source}-{target} 1"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [o.text for o in self.translate_detailed(sentences, source, target)]

    def translate_detailed(
        self, sentences: Sequence[str], source: str, target: str
    ) -> list[EngineOutput]:
        if (source, target) not in self._pairs:
            raise TranslationUnavailable(source, target)
        return [
            EngineOutput(
                f"[{target}] {s}" if source == "en" else s,
                -0.5,
                "output repeats itself" if "loop" in s else None,
            )
            for s in sentences
        ]


LOOP_DISPATCH = (
    "---\ntitle: Ferry loop service starts\nagency: Desk Wire\nlanguage: en\nguid: loop-1\n"
    "---\n\nThe harbour ferry starts a loop service on Monday.\n"
    "Tickets cost the same as before.\n"
)


def reported_loop_desk(tmp_path: Path) -> Desk:
    """A desk (en → qab, review policy) that has run one dispatch whose first summary
    sentence the engine reported as a loop."""
    from publisher.core import Desk
    from publisher.settings import load_settings

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop.md").write_text(LOOP_DISPATCH, encoding="utf-8")
    desk = Desk(
        load_settings({"instance": str(tmp_path / "inst"), "languages": "qab"}),
        engines={"detailed": DetailedDouble({("en", "qab")})},
    )
    assert desk.ingest([str(folder)]).ok
    desk.run()
    return desk
