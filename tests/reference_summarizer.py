"""The desk's default summarizer as it was before its cost was bounded, as an oracle.

It builds a sentences x vocabulary TF-IDF matrix and a sentences x sentences similarity
matrix (a 12,000-sentence dispatch asked for 8.6 GiB); tests check the bounded version
(publisher/summarize/news.py) chooses the same sentences, and benchmarks/summarize.py
measures both side by side.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy
from numpy.typing import NDArray

from publisher.summarize.resources import stemmer, stop_words
from publisher.summarize.tokens import word_tokens

Matrix = NDArray[numpy.float64]


def dense_news_summarizer(sentences: list[str], language: str, count: int, title: str) -> list[int]:
    """The default method as it was before its bounds: dense TF-IDF and similarity matrices.

    The oracle the bounded version must agree with up to CENTRALITY_WINDOW sentences.
    """
    stem, stops = stemmer(language), stop_words(language)

    def words(text: str) -> list[str]:
        return [stem(w.lower()) for w in word_tokens(text) if w.lower() not in stops]

    bags = [words(sentence) for sentence in sentences]
    title_bag = words(title) if title.strip() else []
    vocabulary = {w: i for i, w in enumerate(sorted({w for bag in bags for w in bag}))}
    frequency = Counter(w for bag in bags for w in set(bag))
    idf = numpy.zeros(len(vocabulary))
    for w, column in vocabulary.items():
        idf[column] = math.log((1 + len(bags)) / (1 + frequency[w])) + 1.0

    def rows(source: list[list[str]]) -> Matrix:
        matrix = numpy.zeros((len(source), len(vocabulary)))
        for row, bag in enumerate(source):
            for w, n in Counter(bag).items():
                if w in vocabulary:
                    matrix[row, vocabulary[w]] = (1.0 + math.log(n)) * idf[vocabulary[w]]
        norms = numpy.linalg.norm(matrix, axis=1, keepdims=True)
        return numpy.divide(matrix, norms, out=numpy.zeros_like(matrix), where=norms > 0)

    vectors, title_vector = rows(bags), rows([title_bag])
    weights = vectors @ vectors.T
    numpy.fill_diagonal(weights, 0.0)
    size = len(sentences)
    sums = weights.sum(axis=1, keepdims=True)
    transition = numpy.where(sums > 0, weights / numpy.where(sums > 0, sums, 1.0), 1.0 / size)
    ranks = numpy.full(size, 1.0 / size)
    for _ in range(100):
        updated = 0.15 / size + 0.85 * (transition.T @ ranks)
        if numpy.abs(updated - ranks).sum() < 1e-9:
            ranks = updated
            break
        ranks = updated
    scores = ranks / ranks.max() * numpy.arange(1, size + 1, dtype=numpy.float64) ** -0.25
    if title_bag:
        scores = scores + vectors @ title_vector[0]
    order = sorted(range(size), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    skipped: list[int] = []
    for i in (i for i in order if len(bags[i]) >= 5):
        if len(chosen) == count:
            break
        (skipped if any(vectors[i] @ vectors[o] > 0.5 for o in chosen) else chosen).append(i)
    for i in skipped + [i for i in order if len(bags[i]) < 5]:
        if len(chosen) == count:
            break
        chosen.append(i)
    return sorted(chosen)
