"""The sumy summarizers, run on our own sentences so the chosen ones map back to indexes.

sumy's algorithms are pure Python over dense structures: LexRank and TextRank build a
sentences x sentences matrix, LSA a words x sentences matrix and its SVD, KL-Sum rescans the
whole document for every candidate (its time grows with the cube of the sentence count: 10 s
for 100 sentences, 90 s for 200 on a busy two-core machine). So they read at most the first
``MAX_SENTENCES`` sentences and ``MAX_CHARACTERS`` characters of a dispatch (four times a long
wire story; the essentials come first in news): a longer dispatch is summarized from that
lead, with a logged note, while the desk's ``default`` method, whose cost grows linearly,
reads it all.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from publisher.summarize.resources import stemmer, stigma_words, stop_words
from publisher.summarize.tokens import OfflineTokenizer, word_tokens

log = logging.getLogger(__name__)

MAX_SENTENCES = 60
MAX_CHARACTERS = 12_000

# Words standing in for stop words and title words when a language or a dispatch has none.
_FREQUENT_WORDS = 20
_KEY_WORDS = 10


class IndexedSentence(Sentence):  # type: ignore[misc]
    """A sumy sentence that remembers its index; equal texts stay distinct sentences."""

    __slots__ = ("index",)

    def __init__(self, text: str, tokenizer: OfflineTokenizer, index: int, heading: bool = False):
        super().__init__(text, tokenizer, is_heading=heading)
        self.index = index

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, IndexedSentence)
            and self.index == other.index
            and self.is_heading == other.is_heading
        )

    def __hash__(self) -> int:
        return hash((self.index, self.is_heading))


def build_document(sentences: Sequence[str], language: str, title: str = "") -> Any:
    """A sumy document of one paragraph whose i-th sentence is ``sentences[i]``."""
    tokenizer = OfflineTokenizer(language)
    items = [IndexedSentence(text, tokenizer, index) for index, text in enumerate(sentences)]
    if title.strip():
        items.insert(0, IndexedSentence(title, tokenizer, -1, heading=True))
    return ObjectDocumentModel([Paragraph(items)])


class _Lsa(LsaSummarizer):  # type: ignore[misc]
    """sumy's LSA made reproducible, and without its fewer-words-than-sentences warning.

    sumy numbers the terms in frozenset order, which changes with the string hash seed of the
    process; the floating-point sums of the SVD then break near-ties differently from run to
    run. The warning is advice, not an error, and silencing it with ``warnings.catch_warnings``
    would not be thread-safe in the worker.
    """

    def _create_dictionary(self, document: Any) -> dict[str, int]:
        words = (self.normalize_word(word) for word in document.words)
        unique = {self.stem_word(word) for word in words if word not in self._stop_words}
        return {word: row for row, word in enumerate(sorted(unique))}

    def _create_matrix(self, document: Any, dictionary: dict[str, int]) -> Any:
        matrix = numpy.zeros((len(dictionary), len(document.sentences)))
        for column, sentence in enumerate(document.sentences):
            for word in map(self.stem_word, sentence.words):
                row = dictionary.get(word)
                if row is not None:
                    matrix[row, column] += 1
        return matrix


def _frequent_words(sentences: Sequence[str], count: int, skip: frozenset[str]) -> list[str]:
    counts = Counter(
        word.lower() for text in sentences for word in word_tokens(text) if word.lower() not in skip
    )
    # Ties break alphabetically so the choice never depends on hash order.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:count]]


def _edmundson(sentences: Sequence[str], language: str, title: str) -> Any:
    """Edmundson's summarizer with word lists derived for this dispatch.

    Null words are the stop words (else the most frequent words of the dispatch: by Zipf's law
    they are its function words); bonus words are the title's content words (else the dispatch's
    most frequent content words, as in Edmundson's key method); stigma words come from
    ``data/stigma/<lang>.txt``, and without them the cue method is switched off. The caller
    makes sure the dispatch has at least one word.
    """
    stigma = stigma_words(language)
    summarizer = EdmundsonSummarizer(stemmer(language), cue_weight=1.0 if stigma else 0.0)
    null_words = stop_words(language) or frozenset(
        _frequent_words(sentences, _FREQUENT_WORDS, frozenset())
    )
    bonus = [word for word in word_tokens(title) if word.lower() not in null_words]
    bonus = (
        bonus
        or _frequent_words(sentences, _KEY_WORDS, null_words)
        or _frequent_words(sentences, _KEY_WORDS, frozenset())
    )
    summarizer.null_words = null_words
    summarizer.bonus_words = bonus
    if stigma:
        summarizer.stigma_words = stigma
    return summarizer


_FACTORIES: dict[str, Callable[[Any], Any]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": _Lsa,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,  # built by _edmundson
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}
SUMY_METHODS: tuple[str, ...] = tuple(_FACTORIES)


class SumySummarizer:
    """One sumy algorithm behind the desk's summarizer interface."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._factory = _FACTORIES[name]

    def __call__(
        self, sentences: Sequence[str], language: str, count: int, title: str
    ) -> list[int]:
        sentences = bounded_input(sentences, self.name)
        if self.name == "edmundson":
            summarizer = _edmundson(sentences, language, title)
        else:
            summarizer = self._factory(stemmer(language))
            summarizer.stop_words = stop_words(language)
        chosen = summarizer(build_document(sentences, language, title), count)
        return sorted(sentence.index for sentence in chosen)


def bounded_input(sentences: Sequence[str], method: str = "sumy") -> list[str]:
    """The lead of ``sentences`` a sumy method reads: at most MAX_SENTENCES sentences and
    MAX_CHARACTERS characters (the last one kept cut short), at least one sentence."""
    kept: list[str] = []
    room = MAX_CHARACTERS
    for sentence in sentences[:MAX_SENTENCES]:
        if room <= 0:
            break
        kept.append(sentence[:room])
        room -= len(sentence)
    if len(kept) < len(sentences) or room < 0:
        log.info(
            "%s reads the first %d of %d sentences (%d characters at most); "
            "the default method reads a dispatch of any length",
            method,
            len(kept),
            len(sentences),
            MAX_CHARACTERS,
        )
    return kept
