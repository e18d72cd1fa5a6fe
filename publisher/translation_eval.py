"""Score translation engines side by side with sacrebleu on a file of parallel text.

The file has one source text and one reference translation per line, separated by a tab. Each
engine translates every source as it stands (``raw``: one call per text, the engine's own
handling of whatever the text holds). With ``split``, each text is also put through our
pipeline's path (sentence splitting, the router's bounded batches, joining) so the two scores
side by side show what splitting and joining cost. Scores are corpus BLEU and chrF; their
sacrebleu signatures are kept so figures can be compared across runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF

from publisher.errors import ConfigError, MalformedItem, PublisherError
from publisher.languages import Language, UnknownLanguage
from publisher.text import split_sentences
from publisher.translate.base import Translator
from publisher.translate.router import TranslationRouter

#: Longest line accepted (characters): a reference file is sentences or paragraphs, not books.
MAX_LINE_CHARS = 20_000
#: Most lines read from one file.
MAX_LINES = 100_000
# sacrebleu's word tokenizers need MeCab for Japanese and Korean; characters work everywhere.
_TOKENIZERS = {"zh": "zh", "ja": "char", "ko": "char", "th": "char"}
#: Targets written without spaces between sentences.
_UNSPACED = {"zh", "ja"}


@dataclasses.dataclass(frozen=True)
class ParallelText:
    source: str
    reference: str


@dataclasses.dataclass(frozen=True)
class Score:
    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str

    def as_dict(self) -> dict[str, float]:
        return {"bleu": round(self.bleu, 2), "chrf": round(self.chrf, 2)}


@dataclasses.dataclass
class EngineResult:
    engine: str
    texts: int
    raw: Score | None = None
    split: Score | None = None
    # why the engine could not be scored (it lacks the pair, or it failed)
    problem: str = ""


def read_parallel(path: Path, limit: int | None = None) -> list[ParallelText]:
    """The pairs of a tab-separated file, blank lines skipped.

    Raises MalformedItem (source ``path:line``) for a line that is not UTF-8, lacks exactly one
    tab, has an empty side or is over MAX_LINE_CHARS; ConfigError for a file without pairs or
    with more than MAX_LINES; OSError when it cannot be read.
    """
    pairs: list[ParallelText] = []
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise MalformedItem(f"{where}: not UTF-8 ({error.reason})", where) from None
            if not line.strip():
                continue
            if len(line) > MAX_LINE_CHARS:
                raise MalformedItem(f"{where}: line over {MAX_LINE_CHARS:,} characters", where)
            parts = line.split("\t")
            if len(parts) != 2:
                raise MalformedItem(
                    f"{where}: expected a source and a reference separated by one tab, "
                    f"found {len(parts) - 1} tabs",
                    where,
                )
            source, reference = (part.strip() for part in parts)
            if not source or not reference:
                raise MalformedItem(f"{where}: the source or the reference is empty", where)
            if len(pairs) >= MAX_LINES:
                raise ConfigError(f"{path}: more than {MAX_LINES:,} pairs")
            pairs.append(ParallelText(source, reference))
            if limit is not None and len(pairs) >= limit:
                break
    if not pairs:
        raise ConfigError(f"{path}: no source/reference pairs")
    return pairs


def score(hypotheses: Sequence[str], references: Sequence[str], target: Language) -> Score:
    """Corpus BLEU and chrF of ``hypotheses`` against one reference each."""
    tokenizer = _TOKENIZERS.get(target.base, "13a")
    bleu = BLEU(tokenize=tokenizer)
    chrf = CHRF()
    refs = [list(references)]
    bleu_score = bleu.corpus_score(list(hypotheses), refs)
    chrf_score = chrf.corpus_score(list(hypotheses), refs)
    return Score(
        bleu_score.score, chrf_score.score, str(bleu.get_signature()), str(chrf.get_signature())
    )


def translate_split(
    router: TranslationRouter, texts: Sequence[str], source: Language, target: Language
) -> list[str]:
    """Our pipeline's path: split each text into sentences, translate them all through the
    router (bounded segments, shared batches), join each text's sentences again."""
    sentences_per_text = [split_sentences(text, str(source)) or [text] for text in texts]
    flat = [sentence for sentences in sentences_per_text for sentence in sentences]
    routed = router.translate(flat, str(source), str(target))
    if routed.failures:
        index, reason = next(iter(routed.failures.items()))
        raise _EngineFailed(f"sentence {index + 1} failed: {reason}")
    joiner = "" if target.base in _UNSPACED else " "
    joined: list[str] = []
    position = 0
    for sentences in sentences_per_text:
        joined.append(joiner.join(routed.texts[position : position + len(sentences)]))
        position += len(sentences)
    return joined


class _EngineFailed(Exception):
    pass


def evaluate(
    engines: Mapping[str, Translator],
    pairs: Sequence[ParallelText],
    source: Language,
    target: Language,
    *,
    names: Sequence[str] | None = None,
    split: bool = False,
) -> list[EngineResult]:
    """Score each engine of ``names`` (default: every engine with the pair) on ``pairs``.

    An engine without the pair, or one that fails, gets a ``problem`` instead of scores; the
    others are scored all the same. Raises ConfigError for a name that is no engine.
    """
    unknown = [name for name in names or () if name not in engines]
    if unknown:
        raise ConfigError(
            f"no engine named {', '.join(unknown)} (engines: {', '.join(engines) or 'none'})"
        )
    pair = (str(source), str(target))
    chosen = list(names) if names else [n for n, e in engines.items() if pair in e.pairs()]
    references = [p.reference for p in pairs]
    texts = [p.source for p in pairs]
    results = []
    for name in chosen:
        engine = engines[name]
        result = EngineResult(name, len(pairs))
        results.append(result)
        if pair not in engine.pairs():
            result.problem = f"no {str(source)}→{str(target)} pair installed"
            continue
        try:
            result.raw = score(engine.translate(texts, *pair), references, target)
            if split:
                router = TranslationRouter({name: engine}, pivot=str(source))
                result.split = score(
                    translate_split(router, texts, source, target), references, target
                )
        except (PublisherError, _EngineFailed) as error:
            result.problem = str(error)
            result.raw = result.split = None
    return results


def parse_pair(value: str) -> tuple[Language, Language]:
    """``en-es``, ``en:es`` or ``zh-Hant:ko`` as (source, target) languages.

    With hyphens only, the one split where both sides are language tags wins; an ambiguous
    one (``zh-Hant-ko`` splits no other way, ``sr-Latn-en`` neither) must use ``:``.
    Raises ConfigError.
    """
    if ":" in value:
        candidates = [tuple(value.split(":", 1))]
    else:
        parts = value.split("-")
        candidates = [("-".join(parts[:i]), "-".join(parts[i:])) for i in range(1, len(parts))]
    parsed = []
    for left, right in candidates:
        try:
            parsed.append((Language.parse(left), Language.parse(right)))
        except UnknownLanguage:
            continue
    if len(parsed) != 1:
        raise ConfigError(
            f"{value!r} is not a language pair: give SOURCE-TARGET (en-es) or SOURCE:TARGET"
        )
    source, target = parsed[0]
    if source == target:
        raise ConfigError(f"{value!r}: source and target are the same language")
    return source, target


def format_results(results: Sequence[EngineResult]) -> str:
    """A table of the scores and, below it, the signatures used."""
    lines = [f"{'engine':<24} {'BLEU':>7} {'chrF':>7}"]
    signatures: dict[str, None] = {}
    for result in results:
        if result.raw is None:
            lines.append(f"{result.engine:<24} {'-':>7} {'-':>7}  {result.problem}")
            continue
        rows = [(result.engine, result.raw)]
        if result.split is not None:
            rows.append((f"{result.engine} (split)", result.split))
        for label, value in rows:
            lines.append(f"{label:<24} {value.bleu:>7.2f} {value.chrf:>7.2f}")
            signatures[value.bleu_signature] = None
            signatures[value.chrf_signature] = None
    if signatures:
        lines.append("")
        lines.extend(f"signature: {signature}" for signature in signatures)
    return "\n".join(lines)


def results_json(results: Sequence[EngineResult]) -> dict[str, dict[str, object]]:
    """``{engine: {"bleu": B, "chrf": C}}``, plus ``"engine+split"`` entries with ``split``
    and ``{"error": reason}`` for an engine that could not be scored."""
    out: dict[str, dict[str, object]] = {}
    for result in results:
        if result.raw is None:
            out[result.engine] = {"error": result.problem}
            continue
        out[result.engine] = {**result.raw.as_dict()}
        if result.split is not None:
            out[f"{result.engine}+split"] = {**result.split.as_dict()}
    return out
