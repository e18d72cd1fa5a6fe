"""Which engine translates a pair, directly or through English, with the memory in front of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from publisher.errors import EngineError, ModelError, TranslationUnavailable
from publisher.languages import Language, UnknownLanguage
from publisher.translate.base import DetailedTranslator, EngineOutput, Translator
from publisher.translate.segments import MAX_SENTENCE_CHARS, join_translated, split_long
from publisher.translate.sentence_key import normalize

DEFAULT_ORDER: tuple[str, ...] = ("ctranslate2", "argos", "apertium")
# How many bad sentences a batch retried in halves may isolate before the engine is deemed
# broken (see TranslationRouter._bisect).
FAILED_CALLS_PER_LEVEL = 4
IDENTITY = "identity"

Pair = tuple[str, str]
# Settings give checked languages; tests and older callers give plain codes: both are parsed.
Overrides = Mapping[tuple[Language, Language], str] | Mapping[Pair, str]


class SentenceMemory(Protocol):
    """What the router needs from a translation memory (publisher.translate.memory has one)."""

    def lookup(
        self,
        engine: str,
        model_version: str,
        source_lang: str,
        target_lang: str,
        sentences: Sequence[str],
    ) -> dict[int, str]: ...

    def save(
        self,
        engine: str,
        model_version: str,
        source_lang: str,
        target_lang: str,
        pairs: Sequence[tuple[str, str]],
    ) -> None: ...


@dataclass(frozen=True)
class Step:
    """One engine run from ``source`` to ``target``."""

    engine: str
    source: str
    target: str
    model_version: str = ""


@dataclass(frozen=True)
class Route:
    """The steps that take text from one language to another: none, one, or two via a pivot."""

    steps: tuple[Step, ...]

    @property
    def engine_label(self) -> str:
        """E.g. ``argos`` or ``argos+apertium``; ``identity`` when no engine runs."""
        return "+".join(step.engine for step in self.steps) or IDENTITY

    @property
    def model_version(self) -> str:
        """The model versions of the steps, joined in order."""
        return " + ".join(step.model_version for step in self.steps)

    @property
    def is_pivot(self) -> bool:
        return len(self.steps) > 1


@dataclass(frozen=True)
class _StepResult:
    """What one engine run gave, by source text."""

    outputs: list[str]
    failed: dict[str, str]
    hits: int
    sent: int
    problems: dict[str, str]
    scores: dict[str, float]


@dataclass(frozen=True)
class RoutedTranslation:
    """Translated texts aligned with the input, and how they were made.

    ``failures`` maps the index of each input the engine could not translate to the reason;
    its text is then "". ``problems`` maps the index of each input whose output is a known
    model failure (a repetition loop, the source copied through) to what is wrong: the text is
    kept for editors to see and mend. ``scores`` holds the model's confidence per input where
    an engine gives one (the lowest of its pieces and steps).
    """

    texts: list[str]
    route: Route
    memory_hits: int = 0
    engine_sentences: int = 0
    failures: dict[int, str] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)

    @property
    def engine(self) -> str:
        return self.route.engine_label

    @property
    def model_version(self) -> str:
        return self.route.model_version


class TranslationRouter:
    """Choose an engine per pair and run translations through it.

    A pair configured in ``overrides`` uses that engine only. Otherwise the first engine in
    ``order`` that has the pair wins, else two legs through ``pivot``, each chosen the same way.
    Languages are BCP 47 tags in publisher's form (:class:`~publisher.languages.Language`); a
    code given in another spelling (``zh-TW``) is routed as its normal form (``zh-Hant``).
    Raises UnknownLanguage when an override or the pivot is not a language code.
    """

    def __init__(
        self,
        engines: Mapping[str, Translator],
        overrides: Overrides | None = None,
        pivot: str = "en",
        order: Sequence[str] = DEFAULT_ORDER,
    ) -> None:
        self.engines = dict(engines)
        self.overrides: dict[tuple[Language, Language], str] = {
            (Language.parse(source), Language.parse(target)): engine
            for (source, target), engine in (overrides or {}).items()
        }
        self.pivot = Language.parse(pivot)
        self.order = [name for name in order if name in self.engines] + [
            name for name in self.engines if name not in order
        ]

    def route(self, source: str, target: str) -> Route:
        """The route for a pair.

        Raises TranslationUnavailable with the reason when no engine, nor a pivot, has the pair,
        or when either side is not a language code (rows left by older versions can hold one).
        """
        return self._route(*_languages(source, target), self._engine_pairs())

    def available_pairs(self) -> dict[Pair, Route]:
        """Every pair some route serves, direct or through the pivot."""
        pairs = self._engine_pairs()
        languages = sorted({code for served in pairs.values() for pair in served for code in pair})
        routes: dict[Pair, Route] = {}
        for source in languages:
            for target in languages:
                if source == target:
                    continue
                try:
                    routes[(source, target)] = self._route(*_languages(source, target), pairs)
                except TranslationUnavailable:
                    continue
        return routes

    def translate(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        *,
        memory: SentenceMemory | None = None,
    ) -> RoutedTranslation:
        """Translate sentences; identical ones are translated once, remembered ones not at all.

        One bad sentence never fails the others: a batch the engine fails on is retried in
        halves down to single sentences, and only those that still fail are listed in
        ``failures`` with the reason (a sentence over MAX_SENTENCE_CHARS fails without
        reaching the engine). Sentences over MAX_SEGMENT_CHARS are translated in pieces cut
        at clause boundaries. Raises TranslationUnavailable when there is no route or an
        engine loses the pair, ModelError when a model cannot be loaded.
        """
        route = self.route(source, target)
        if not route.steps:
            return RoutedTranslation(list(sentences), route)
        keys = [normalize(sentence) for sentence in sentences]
        unique = list(dict.fromkeys(key for key in keys if key))
        texts = unique
        failed: dict[str, str] = {}
        problems: dict[str, str] = {}
        scores: dict[str, float] = {}
        hits = sent = 0
        for step in route.steps:
            inputs = texts
            result = self._run_step(step, inputs, memory)
            texts = result.outputs
            hits += result.hits
            sent += result.sent
            for key, text in zip(unique, inputs, strict=True):
                if text in result.failed and key not in failed:
                    failed[key] = result.failed[text]
                if text in result.problems and key not in problems:
                    problems[key] = result.problems[text]
                if text in result.scores:
                    score = result.scores[text]
                    scores[key] = min(scores[key], score) if key in scores else score
            texts = ["" if key in failed else text for key, text in zip(unique, texts, strict=True)]
        translated = dict(zip(unique, texts, strict=True))
        return RoutedTranslation(
            [translated[key] if key else "" for key in keys],
            route,
            hits,
            sent,
            {index: failed[key] for index, key in enumerate(keys) if key in failed},
            {index: problems[key] for index, key in enumerate(keys) if key in problems},
            {index: scores[key] for index, key in enumerate(keys) if key in scores},
        )

    def _run_step(self, step: Step, texts: list[str], memory: SentenceMemory | None) -> _StepResult:
        """Run one engine over ``texts``: their translations (the failed ones mapped to "")
        and, for each source text that failed, the reason."""
        # a pivot's first leg can map two sources to one English sentence, or to nothing
        unique = list(dict.fromkeys(text for text in texts if text))
        known: dict[int, str] = {}
        if memory is not None and unique:
            known = memory.lookup(step.engine, step.model_version, step.source, step.target, unique)
        done = {unique[index]: text for index, text in known.items()}
        failed: dict[str, str] = {}
        problems: dict[str, str] = {}
        scores: dict[str, float] = {}
        missing: list[str] = []
        for index, text in enumerate(unique):
            if index in known:
                continue
            if len(text) > MAX_SENTENCE_CHARS:
                failed[text] = (
                    f"a sentence of {len(text):,} characters is over the limit of "
                    f"{MAX_SENTENCE_CHARS:,} for translation"
                )
            else:
                missing.append(text)
        if missing:
            pieces = [split_long(text) for text in missing]
            units = list(dict.fromkeys(piece.strip() for parts in pieces for piece in parts))
            output, unit_failed = self._bisect(step, [unit for unit in units if unit])
            fresh: list[tuple[str, str]] = []
            for text, parts in zip(missing, pieces, strict=True):
                reasons = [unit_failed[p.strip()] for p in parts if p.strip() in unit_failed]
                if reasons:
                    failed[text] = reasons[0]
                    continue
                outs = [output.get(p.strip(), EngineOutput("")) for p in parts]
                done[text] = join_translated([out.text for out in outs])
                bad = [out.problem for out in outs if out.problem]
                if bad:
                    problems[text] = bad[0]
                given = [out.score for out in outs if out.score is not None]
                if given:
                    scores[text] = min(given)
                if not bad:
                    fresh.append((text, done[text]))
            if memory is not None:
                # an empty answer, or one with a known problem, is not worth remembering: the
                # next run gives the engine another chance
                fresh = [(text, out) for text, out in fresh if out]
                memory.save(step.engine, step.model_version, step.source, step.target, fresh)
        outputs = [done.get(text, "") if text else "" for text in texts]
        return _StepResult(outputs, failed, len(known), len(missing), problems, scores)

    def _bisect(
        self, step: Step, units: list[str]
    ) -> tuple[dict[str, EngineOutput], dict[str, str]]:
        """Translate ``units``; a failing batch is retried in halves, so only the units that
        fail alone are given up, with their reason.

        Isolating one bad unit among n costs about log2(n) failed calls; the failed calls are
        capped at FAILED_CALLS_PER_LEVEL times that (a few bad units), beyond which the engine
        itself is failing (hung, crashed) and every unit left fails with its last reason, so a
        dead engine costs a bounded number of timeouts, not 2n - 1. A missing pair or model
        is no unit's fault: TranslationUnavailable and ModelError propagate at once.
        """
        done: dict[str, EngineOutput] = {}
        failed: dict[str, str] = {}
        failures_left = FAILED_CALLS_PER_LEVEL * (len(units).bit_length() + 1)
        pending = [units] if units else []
        while pending:
            batch = pending.pop()
            try:
                output = self._engine_call(step, batch)
            except (TranslationUnavailable, ModelError):
                raise
            # The edge of an engine: whatever it raises (EngineError, CTranslate2's
            # std::bad_alloc as MemoryError, a crash in its bindings) is this batch's failure.
            except Exception as error:  # noqa: BLE001
                reason = engine_failure(error)
                failures_left -= 1
                if failures_left <= 0:
                    for unit in [unit for left in [batch, *pending] for unit in left]:
                        failed[unit] = reason
                    break
                if len(batch) == 1:
                    failed[batch[0]] = reason
                    continue
                middle = len(batch) // 2
                pending += [batch[middle:], batch[:middle]]
                continue
            done.update(zip(batch, output, strict=True))
        return done, failed

    def _engine_call(self, step: Step, batch: list[str]) -> list[EngineOutput]:
        engine = self.engines[step.engine]
        if isinstance(engine, DetailedTranslator):
            output = engine.translate_detailed(batch, step.source, step.target)
        else:
            output = [
                EngineOutput(text) for text in engine.translate(batch, step.source, step.target)
            ]
        if len(output) != len(batch):
            raise EngineError(
                f"{step.engine} {step.source}\u2192{step.target}: "
                f"{len(batch)} sentences in, {len(output)} out"
            )
        return output

    def _route(self, source: Language, target: Language, pairs: Mapping[str, set[Pair]]) -> Route:
        if source == target:
            return Route(())
        try:
            return Route((self._direct(source, target, pairs),))
        except TranslationUnavailable as direct:
            # a configured engine is a decision: never fall back behind the editor's back
            if (source, target) in self.overrides or self.pivot in (source, target):
                raise
            reason = direct.reason
        legs: list[Step] = []
        missing: list[str] = []
        for leg_source, leg_target in ((source, self.pivot), (self.pivot, target)):
            try:
                legs.append(self._direct(leg_source, leg_target, pairs))
            except TranslationUnavailable as error:
                missing.append(error.reason)
        if missing:
            raise TranslationUnavailable(
                source, target, f"{reason}, nor a pivot through {self.pivot} ({'; '.join(missing)})"
            )
        return Route(tuple(legs))

    def _direct(self, source: Language, target: Language, pairs: Mapping[str, set[Pair]]) -> Step:
        override = self.overrides.get((source, target))
        if override is not None:
            if override not in self.engines:
                raise TranslationUnavailable(
                    source,
                    target,
                    f"engine {override!r} set for {source}\u2192{target} is not available",
                )
            if (source, target) not in pairs[override]:
                raise TranslationUnavailable(
                    source,
                    target,
                    f"no {source}\u2192{target} model installed for {override}, "
                    f"the engine set for this pair",
                )
            return self._step(override, source, target)
        for name in self.order:
            if (source, target) in pairs[name]:
                return self._step(name, source, target)
        raise TranslationUnavailable(source, target)

    def _step(self, name: str, source: Language, target: Language) -> Step:
        return Step(name, source, target, self.engines[name].model_version(source, target))

    def _engine_pairs(self) -> dict[str, set[Pair]]:
        return {name: self.engines[name].pairs() for name in self.order}


def _languages(source: str, target: str) -> tuple[Language, Language]:
    """Both sides of a pair as languages. Raises TranslationUnavailable saying which is not one."""
    try:
        source_language = Language.parse(source)
    except UnknownLanguage:
        raise TranslationUnavailable(
            source, target, f"the source language {source!r} is not a language code"
        ) from None
    try:
        return source_language, Language.parse(target)
    except UnknownLanguage:
        raise TranslationUnavailable(
            source,
            target,
            f"{target!r} is not a language code; remove these translations with "
            f"`publisher translations drop --lang {target}`",
        ) from None


def engine_failure(error: BaseException) -> str:
    """One line saying why an engine failed: the domain message, else the exception's kind."""
    if isinstance(error, (EngineError, TranslationUnavailable)):
        return str(error)
    detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"engine failed: {type(error).__name__}{': ' + detail if detail else ''}"
