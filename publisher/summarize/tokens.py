"""Offline word tokens and the tokenizer object handed to sumy.

sumy's own Tokenizer loads NLTK's punkt models, which cannot be downloaded here; sumy's
summarizers only call ``to_sentences``, ``to_words`` and ``language`` on it, so this module
provides those on top of :func:`publisher.text.split_sentences`.
"""

from __future__ import annotations

import re

from publisher.text import normalize_language, split_sentences

# Han ideographs and kana carry no spaces between words; they are compared as overlapping
# character bigrams, which needs no dictionary and works as well as words for ranking.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_](?:[^\W_{_CJK}]|['’\-](?=[^\W_]))*")
_CJK_RUN = re.compile(rf"[{_CJK}]")


def word_tokens(text: str) -> list[str]:
    """Words of ``text``: letter-bearing alphanumeric words, and bigrams of CJK runs."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _CJK_RUN.match(token):
            if len(token) == 1:
                tokens.append(token)
            else:
                tokens.extend(token[i : i + 2] for i in range(len(token) - 1))
        elif not token.replace("-", "").replace("'", "").replace("’", "").isdigit():
            tokens.append(token)
    return tokens


class OfflineTokenizer:
    """The tokenizer interface sumy expects, with no NLTK data behind it."""

    def __init__(self, language: str) -> None:
        self._language = normalize_language(language)

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(word_tokens(sentence))
