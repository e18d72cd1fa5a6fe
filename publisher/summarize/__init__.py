"""Extractive summaries: pick the sentences of a dispatch worth keeping.

Every summarizer is a callable ``(sentences, language, count, title) -> indexes`` registered in
:data:`METHODS`; :func:`summarize` resolves the sentence budget and the method name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

from publisher.errors import ConfigError
from publisher.summarize.lead import lead
from publisher.summarize.news import news_summarizer
from publisher.summarize.sumy_methods import SUMY_METHODS, SumySummarizer
from publisher.summarize.tokens import word_tokens


class Summarizer(Protocol):
    """Pick ``count`` (< len(sentences)) sentence indexes of a dispatch; deterministic."""

    def __call__(
        self, sentences: Sequence[str], language: str, count: int, title: str
    ) -> list[int]: ...


METHODS: Mapping[str, Summarizer] = MappingProxyType(
    {
        "default": news_summarizer,
        "lead": lead,
        **{name: SumySummarizer(name) for name in SUMY_METHODS},
    }
)


def method_name(name: str) -> str:
    """The registered name of the summarizer called ``name``, in any letter case.

    ``LexRank`` and `` lexrank `` both give ``lexrank``. Raises ConfigError naming the known
    methods when there is no such summarizer.
    """
    wanted = name.strip().casefold()
    for registered in METHODS:
        if registered.casefold() == wanted:
            return registered
    known = ", ".join(sorted(METHODS))
    raise ConfigError(f"unknown summary method {name!r}; known methods: {known}")


def get_method(name: str) -> Summarizer:
    """The summarizer registered as ``name`` (letter case ignored).

    Raises ConfigError naming the known methods when there is no such summarizer.
    """
    return METHODS[method_name(name)]


def sentence_budget(total: int, count: int | None, ratio: float | None) -> int:
    """How many of ``total`` sentences a summary keeps: ``ratio`` wins over ``count``.

    A ratio keeps ``ceil(total * ratio)`` sentences, at least one. Raises ConfigError for a
    ratio outside (0, 1], a count below 1, or neither given.
    """
    if ratio is not None:
        if not 0 < ratio <= 1:
            raise ConfigError(f"summary ratio must be in (0, 1], not {ratio}")
        wanted = max(1, math.ceil(total * ratio))
    elif count is not None:
        if count < 1:
            raise ConfigError(f"summary sentence count must be at least 1, not {count}")
        wanted = count
    else:
        raise ConfigError("give a summary sentence count or ratio")
    return min(wanted, total)


def summarize(
    sentences: Sequence[str],
    language: str,
    *,
    method: str = "default",
    count: int | None = 3,
    ratio: float | None = None,
    title: str = "",
) -> list[int]:
    """Indexes of the sentences kept in the summary, ascending (reading order).

    The result has exactly ``sentence_budget(len(sentences), count, ratio)`` indexes: a dispatch
    shorter than the budget is kept whole, and a method that returns fewer sentences is topped
    up with the earliest ones left. Raises ConfigError for an unknown method or a bad budget.
    """
    summarizer = get_method(method)
    wanted = sentence_budget(len(sentences), count, ratio)
    if wanted >= len(sentences):
        return list(range(len(sentences)))
    if not any(word_tokens(sentence) for sentence in sentences):
        # Nothing to compare (numbers or symbols only): fall back on reading order.
        return list(range(wanted))
    chosen = {index for index in summarizer(sentences, language, wanted, title)}
    chosen &= set(range(len(sentences)))
    for index in range(len(sentences)):
        if len(chosen) >= wanted:
            break
        chosen.add(index)
    return sorted(chosen)[:wanted]
