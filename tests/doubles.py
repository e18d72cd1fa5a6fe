"""The one translation engine test double: deterministic, and recording every batch it gets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from publisher.errors import EngineError, TranslationUnavailable


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
