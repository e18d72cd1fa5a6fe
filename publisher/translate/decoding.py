"""How CTranslate2 decodes for every engine that runs it (Argos packages, converted models).

Defaults are argostranslate's, so output matches what LibreTranslate users get. Sentences go to
the model sorted by length, in batches each given a decoding limit from its longest input (so
one long sentence does not let short ones run on, and a long one is not cut at a flat cap). An
output with a known failure (publisher.translate.degenerate) is decoded once more with a
repetition penalty, n-gram blocking and more room; if it is still bad, it keeps its problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.translate import degenerate
from publisher.translate.base import EngineOutput

# Decoding options argostranslate passes to translate_batch; kept so output matches it.
ARGOS_DECODING: dict[str, Any] = {"replace_unknowns": True, "length_penalty": 0.2}
# SentencePiece tokens of one input CTranslate2 reads, beyond which it truncates (its own
# default); the router already keeps segments to about a quarter of this.
MAX_INPUT_TOKENS = 1024
# A second decoding of a failed sentence uses at least these.
RETRY_REPETITION_PENALTY = 1.2
RETRY_NO_REPEAT_NGRAM = 3


@dataclass(frozen=True)
class Decoding:
    """CTranslate2 decoding options.

    The decoding limit follows the source: ``length_ratio`` target tokens per source token
    plus ``length_margin``, never over ``max_length``.
    """

    beam_size: int = 4
    max_length: int = 512
    length_ratio: float = 3.0
    length_margin: int = 10
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0

    def length_limit(self, source_tokens: int) -> int:
        limit = int(source_tokens * self.length_ratio) + self.length_margin
        return max(1, min(self.max_length, limit))

    def retry(self) -> Decoding:
        """The settings for a second try at a failed sentence: repetition discouraged,
        repeated trigrams blocked, twice the room."""
        return dataclasses.replace(
            self,
            repetition_penalty=max(self.repetition_penalty, RETRY_REPETITION_PENALTY),
            no_repeat_ngram_size=self.no_repeat_ngram_size or RETRY_NO_REPEAT_NGRAM,
            length_ratio=self.length_ratio * 2,
        )


@dataclass(frozen=True)
class _Decoded:
    text: str
    score: float | None
    cut: bool  # the hypothesis reached the decoding limit


Encode = Callable[[Sequence[str]], list[list[str]]]
Decode = Callable[[Sequence[str]], str]


def translate_sentences(
    translator: Any,
    sentences: Sequence[str],
    *,
    encode: Encode,
    decode: Decode,
    target_prefix: Sequence[str],
    decoding: Decoding,
    batch_size: int,
    retry: bool = True,
) -> list[EngineOutput]:
    """Translate with a ``ctranslate2.Translator``; blank inputs come back empty unseen.

    ``encode`` turns sentences into the model's source tokens (special tokens included);
    ``decode`` turns a hypothesis, ``target_prefix`` already removed, into text. Whatever
    CTranslate2 raises propagates: the engine turns it into its EngineError.
    """
    results = [EngineOutput("") for _ in sentences]
    todo = [i for i, sentence in enumerate(sentences) if sentence.strip()]
    if not todo:
        return results
    tokens = encode([sentences[i].strip() for i in todo])
    run = _Run(translator, decode, list(target_prefix), batch_size)
    decoded = run.decode(tokens, decoding)
    # each output judged once: only a retried sentence's new output is judged again
    problems = [
        degenerate.problem(sentences[i], out.text, hit_length_limit=out.cut)
        for i, out in zip(todo, decoded, strict=True)
    ]
    again = [n for n, problem in enumerate(problems) if problem]
    if again and retry:
        for n, out in zip(
            again, run.decode([tokens[n] for n in again], decoding.retry()), strict=True
        ):
            decoded[n] = out
            problems[n] = degenerate.problem(sentences[todo[n]], out.text, hit_length_limit=out.cut)
    for i, out, problem in zip(todo, decoded, problems, strict=True):
        results[i] = EngineOutput(out.text, out.score, problem)
    return results


@dataclass(frozen=True)
class _Run:
    translator: Any
    detokenize: Decode
    prefix: list[str]
    batch_size: int

    def decode(self, tokens: list[list[str]], decoding: Decoding) -> list[_Decoded]:
        """Decode in batches of similar length, each with a limit from its longest input."""
        order = sorted(range(len(tokens)), key=lambda n: len(tokens[n]))
        out: dict[int, _Decoded] = {}
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            batch = [tokens[n] for n in chunk]
            limit = decoding.length_limit(max(len(piece) for piece in batch))
            outputs = self.translator.translate_batch(
                batch,
                target_prefix=[self.prefix] * len(batch) if self.prefix else None,
                max_batch_size=self.batch_size,
                beam_size=decoding.beam_size,
                num_hypotheses=1,
                max_decoding_length=limit + len(self.prefix),
                max_input_length=MAX_INPUT_TOKENS,
                return_scores=True,
                repetition_penalty=decoding.repetition_penalty,
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                **ARGOS_DECODING,
            )
            for n, output in zip(chunk, outputs, strict=True):
                hypothesis = list(output.hypotheses[0])
                if self.prefix and hypothesis[: len(self.prefix)] == self.prefix:
                    hypothesis = hypothesis[len(self.prefix) :]
                score = float(output.scores[0]) if output.scores else None
                out[n] = _Decoded(self.detokenize(hypothesis), score, len(hypothesis) >= limit)
        return [out[n] for n in range(len(tokens))]
