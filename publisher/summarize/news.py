"""The desk's own summarizer for news: centrality, a lead prior, and no repetition.

Each sentence is a TF-IDF vector of its stemmed content words (IDF over the sentences of the
dispatch). Centrality is continuous LexRank: PageRank on the cosine-similarity graph. Because
news puts the essentials first, centrality is multiplied by a position prior that decays as
``(position + 1) ** -POSITION_DECAY``; a title, when given, adds its similarity to each
sentence. Fragments with fewer than ``MIN_CONTENT_WORDS`` content words (datelines, bylines,
"He declined to comment.") are only chosen when nothing else is left. Sentences are then picked
greedily, skipping any whose similarity to one already picked exceeds ``MAX_OVERLAP`` (the
redundancy removal of MMR).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy
from numpy.typing import NDArray

from publisher.summarize.resources import stemmer, stop_words
from publisher.summarize.tokens import word_tokens

POSITION_DECAY = 0.25
TITLE_WEIGHT = 1.0
MIN_CONTENT_WORDS = 5
MAX_OVERLAP = 0.5
DAMPING = 0.85
_ITERATIONS = 100
_TOLERANCE = 1e-9

Matrix = NDArray[numpy.float64]


def _content_words(text: str, language: str) -> list[str]:
    stem = stemmer(language)
    stops = stop_words(language)
    words = (word.lower() for word in word_tokens(text))
    return [stem(word) for word in words if word not in stops]


def _tfidf(bags: Sequence[list[str]], extra: Sequence[list[str]] = ()) -> tuple[Matrix, Matrix]:
    """Unit TF-IDF rows for ``bags`` and for ``extra`` bags, on the vocabulary of ``bags``."""
    vocabulary = {word: i for i, word in enumerate(sorted({w for bag in bags for w in bag}))}
    frequency = Counter(word for bag in bags for word in set(bag))
    total = len(bags)
    idf = numpy.zeros(len(vocabulary))
    for word, column in vocabulary.items():
        idf[column] = math.log((1 + total) / (1 + frequency[word])) + 1.0

    def rows(source: Sequence[list[str]]) -> Matrix:
        matrix = numpy.zeros((len(source), len(vocabulary)))
        for row, bag in enumerate(source):
            for word, count in Counter(bag).items():
                column = vocabulary.get(word)
                if column is not None:
                    matrix[row, column] = (1.0 + math.log(count)) * idf[column]
        norms = numpy.linalg.norm(matrix, axis=1, keepdims=True)
        unit: Matrix = numpy.divide(matrix, norms, out=numpy.zeros_like(matrix), where=norms > 0)
        return unit

    return rows(bags), rows(extra)


def _pagerank(similarity: Matrix) -> Matrix:
    size = similarity.shape[0]
    weights = similarity.copy()
    numpy.fill_diagonal(weights, 0.0)
    sums = weights.sum(axis=1, keepdims=True)
    # A sentence sharing nothing with the others links to every sentence alike.
    transition = numpy.where(sums > 0, weights / numpy.where(sums > 0, sums, 1.0), 1.0 / size)
    ranks = numpy.full(size, 1.0 / size)
    for _ in range(_ITERATIONS):
        updated: Matrix = (1.0 - DAMPING) / size + DAMPING * (transition.T @ ranks)
        if numpy.abs(updated - ranks).sum() < _TOLERANCE:
            return updated
        ranks = updated
    return ranks


def sentence_scores(sentences: Sequence[str], language: str, title: str = "") -> list[float]:
    """Salience of every sentence (centrality x position prior, plus title similarity)."""
    bags = [_content_words(sentence, language) for sentence in sentences]
    title_bag = _content_words(title, language) if title.strip() else []
    vectors, title_vector = _tfidf(bags, [title_bag])
    centrality = _pagerank(vectors @ vectors.T)
    centrality = centrality / centrality.max()
    positions = numpy.arange(1, len(sentences) + 1, dtype=numpy.float64)
    scores = centrality * positions**-POSITION_DECAY
    if title_bag:
        scores = scores + TITLE_WEIGHT * (vectors @ title_vector[0])
    return [float(score) for score in scores]


def news_summarizer(sentences: Sequence[str], language: str, count: int, title: str) -> list[int]:
    """Pick ``count`` salient, mutually distinct sentences; deterministic (ties go to the earlier)."""
    bags = [_content_words(sentence, language) for sentence in sentences]
    vectors, _ = _tfidf(bags)
    scores = sentence_scores(sentences, language, title)
    order = sorted(range(len(sentences)), key=lambda index: (-scores[index], index))
    full = [index for index in order if len(bags[index]) >= MIN_CONTENT_WORDS]
    fragments = [index for index in order if len(bags[index]) < MIN_CONTENT_WORDS]
    chosen: list[int] = []
    skipped: list[int] = []
    for index in full:
        if len(chosen) == count:
            break
        if any(float(vectors[index] @ vectors[other]) > MAX_OVERLAP for other in chosen):
            skipped.append(index)
        else:
            chosen.append(index)
    # Redundant sentences still beat fragments when the budget cannot be met otherwise.
    for index in skipped + fragments:
        if len(chosen) == count:
            break
        chosen.append(index)
    return sorted(chosen)
