"""The desk's own summarizer for news: centrality, a lead prior, and no repetition.

Each sentence is a TF-IDF vector of its stemmed content words (IDF over the sentences of the
dispatch). Centrality is continuous LexRank: PageRank on the cosine-similarity graph. Because
news puts the essentials first, centrality is multiplied by a position prior that decays as
``(position + 1) ** -POSITION_DECAY``; a title, when given, adds its similarity to each
sentence. Fragments with fewer than ``MIN_CONTENT_WORDS`` content words (datelines, bylines,
"He declined to comment.") are only chosen when nothing else is left. Sentences are then picked
greedily, skipping any whose similarity to one already picked exceeds ``MAX_OVERLAP`` (the
redundancy removal of MMR).

Cost is bounded by the length of the dispatch, not its square. Vectors are sparse (a word to
weight mapping per sentence), similarities are summed through an inverted index (only pairs
that share a word are ever touched), and the similarity graph holds the first
``CENTRALITY_WINDOW`` sentences only: a dense graph of at most 400 x 400 (1.3 MB). A sentence
after the window, whose lead prior is already below 0.22, gets the centrality of one PageRank
step from the window instead (the votes the window's ranked sentences would give it), which
costs one sparse dot product. A dispatch of up to ``CENTRALITY_WINDOW`` sentences (news runs
to a few dozen) is ranked exactly as by full LexRank. Only the first ``SENTENCE_CHARACTERS``
characters of a sentence are read, so a sentence of megabytes costs no more than a long one.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from numpy.typing import NDArray

from publisher.summarize.resources import stemmer, stop_words
from publisher.summarize.tokens import word_tokens

POSITION_DECAY = 0.25
TITLE_WEIGHT = 1.0
MIN_CONTENT_WORDS = 5
MAX_OVERLAP = 0.5
DAMPING = 0.85
CENTRALITY_WINDOW = 400
# Characters of a sentence read for its words: ten times a long news sentence. Past this a
# "sentence" is a table or a blob whose thousands of distinct words would each need stemming.
SENTENCE_CHARACTERS = 2000
_ITERATIONS = 100
_TOLERANCE = 1e-9

Matrix = NDArray[numpy.float64]
Vector = dict[str, float]


def _content_words(texts: Sequence[str], language: str) -> list[list[str]]:
    """The stemmed content words of each text; every distinct word is stemmed once."""
    stem = stemmer(language)
    stops = stop_words(language)
    stems: dict[str, str] = {}
    bags: list[list[str]] = []
    for text in texts:
        bag: list[str] = []
        for token in word_tokens(text[:SENTENCE_CHARACTERS]):
            word = token.lower()
            if word in stops:
                continue
            stemmed = stems.get(word)
            if stemmed is None:
                stemmed = stems[word] = stem(word)
            bag.append(stemmed)
        bags.append(bag)
    return bags


def _tfidf(bags: Sequence[list[str]], extra: Sequence[list[str]] = ()) -> list[Vector]:
    """Unit TF-IDF vectors of ``bags`` then of ``extra`` bags, on the vocabulary of ``bags``."""
    frequency = Counter(word for bag in bags for word in set(bag))
    total = len(bags)
    idf = {word: math.log((1 + total) / (1 + count)) + 1.0 for word, count in frequency.items()}
    vectors: list[Vector] = []
    for bag in [*bags, *extra]:
        weights = {
            word: (1.0 + math.log(count)) * idf[word]
            for word, count in sorted(Counter(bag).items())
            if word in idf
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        vectors.append({word: weight / norm for word, weight in weights.items()} if norm else {})
    return vectors


def _dot(left: Vector, right: Vector) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(word, 0.0) for word, weight in left.items())


def _similarities(vectors: Sequence[Vector]) -> Matrix:
    """Cosine similarities of the vectors, off the diagonal (which is left zero).

    Only pairs sharing a word are touched: each word adds the outer product of its weights in
    the sentences holding it (an inverted index), in a fixed order of words.
    """
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row, vector in enumerate(vectors):
        for word, weight in vector.items():
            postings[word].append((row, weight))
    similarity = numpy.zeros((len(vectors), len(vectors)))
    for word in sorted(postings):
        posting = postings[word]
        if len(posting) < 2:
            continue
        rows = numpy.array([row for row, _ in posting])
        weights = numpy.array([weight for _, weight in posting])
        similarity[numpy.ix_(rows, rows)] += numpy.outer(weights, weights)
    numpy.fill_diagonal(similarity, 0.0)
    return similarity


@dataclass(frozen=True)
class _Ranking:
    ranks: Matrix
    # what each sentence passes on per unit of similarity, and the mass spread evenly
    vote_weights: Matrix
    dangling: float


def _pagerank(weights: Matrix) -> _Ranking:
    size = weights.shape[0]
    sums = weights.sum(axis=1, keepdims=True)
    # A sentence sharing nothing with the others links to every sentence alike.
    transition = numpy.where(sums > 0, weights / numpy.where(sums > 0, sums, 1.0), 1.0 / size)
    ranks = numpy.full(size, 1.0 / size)
    for _ in range(_ITERATIONS):
        updated: Matrix = (1.0 - DAMPING) / size + DAMPING * (transition.T @ ranks)
        if numpy.abs(updated - ranks).sum() < _TOLERANCE:
            ranks = updated
            break
        ranks = updated
    flat = sums[:, 0]
    votes: Matrix = numpy.where(flat > 0, ranks / numpy.where(flat > 0, flat, 1.0), 0.0)
    return _Ranking(ranks, votes, float(ranks[flat <= 0].sum()))


def _centrality(vectors: Sequence[Vector]) -> Matrix:
    """LexRank centrality of the window, and one PageRank step from it for the rest."""
    window = vectors[:CENTRALITY_WINDOW]
    size = len(window)
    ranking = _pagerank(_similarities(window))
    if len(vectors) == size:
        return ranking.ranks
    # The window's votes, pooled into one vector: a later sentence's share is a dot product.
    pooled: Vector = defaultdict(float)
    for vote, vector in zip(ranking.vote_weights, window, strict=True):
        for word, weight in vector.items():
            pooled[word] += float(vote) * weight
    base = (1.0 - DAMPING) / size + DAMPING * ranking.dangling / size
    later = [base + DAMPING * _dot(vector, pooled) for vector in vectors[size:]]
    return numpy.concatenate([ranking.ranks, numpy.array(later)])


def _scores(vectors: Sequence[Vector], title_vector: Vector) -> list[float]:
    centrality = _centrality(vectors)
    centrality = centrality / centrality.max()
    positions = numpy.arange(1, len(vectors) + 1, dtype=numpy.float64)
    scores = centrality * positions**-POSITION_DECAY
    if title_vector:
        scores = scores + TITLE_WEIGHT * numpy.array([_dot(v, title_vector) for v in vectors])
    return [float(score) for score in scores]


def _analyse(
    sentences: Sequence[str], language: str, title: str
) -> tuple[list[list[str]], list[Vector], list[float]]:
    bags = _content_words([*sentences, title if title.strip() else ""], language)
    title_bag = bags.pop()
    *vectors, title_vector = _tfidf(bags, [title_bag])
    return bags, vectors, _scores(vectors, title_vector)


def sentence_scores(sentences: Sequence[str], language: str, title: str = "") -> list[float]:
    """Salience of every sentence (centrality x position prior, plus title similarity)."""
    return _analyse(sentences, language, title)[2]


def news_summarizer(sentences: Sequence[str], language: str, count: int, title: str) -> list[int]:
    """Pick ``count`` salient, mutually distinct sentences; deterministic (ties go to the earlier)."""
    bags, vectors, scores = _analyse(sentences, language, title)
    order = sorted(range(len(sentences)), key=lambda index: (-scores[index], index))
    full = [index for index in order if len(bags[index]) >= MIN_CONTENT_WORDS]
    fragments = [index for index in order if len(bags[index]) < MIN_CONTENT_WORDS]
    chosen: list[int] = []
    skipped: list[int] = []
    for index in full:
        if len(chosen) == count:
            break
        if any(_dot(vectors[index], vectors[other]) > MAX_OVERLAP for other in chosen):
            skipped.append(index)
        else:
            chosen.append(index)
    # Redundant sentences still beat fragments when the budget cannot be met otherwise.
    for index in skipped + fragments:
        if len(chosen) == count:
            break
        chosen.append(index)
    return sorted(chosen)
