"""The known ways neural models fail on a sentence, told from the output alone.

Argos and OPUS-MT models, LibreTranslate's users report, sometimes repeat a word or phrase
dozens of times, return nothing, copy the source through untranslated, or run on until the
decoding limit cuts them. An engine checks each output with :func:`problem` and decodes such a
sentence once more with settings that discourage it; what is still bad is kept with its
problem, so editors see it and it is never published unseen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# A token repeated this many times in a row, or an n-gram (n ≤ 4) this many times in a row.
REPEATS = 4
_WORDS = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    """Words; for text written without spaces (CJK), characters."""
    words = _WORDS.findall(text.lower())
    if len(words) <= 2 and len(text) > 12:
        return [char for char in text if not char.isspace() and not _is_punctuation(char)]
    return words


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def repeats(tokens: Sequence[str], times: int = REPEATS, longest: int = 4) -> bool:
    """Whether some n-gram (n from 1 to ``longest``) occurs ``times`` times in a row."""
    for n in range(1, longest + 1):
        span = n * times
        for start in range(0, len(tokens) - span + 1):
            gram = tokens[start : start + n]
            if all(tokens[start + k * n : start + (k + 1) * n] == gram for k in range(1, times)):
                return True
    return False


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalpha())


def problem(source: str, output: str, *, hit_length_limit: bool = False) -> str | None:
    """Why ``output`` is a failed translation of ``source``, or None when it looks sound.

    Output identical to the source only counts for a source with a few words of letters:
    a name, a number or an acronym rightly comes out unchanged.
    """
    if not source.strip():
        return None
    if not output.strip():
        return "empty output"
    if hit_length_limit:
        return "output cut at the decoding limit"
    if repeats(_tokens(output)) and not repeats(_tokens(source)):
        return "output repeats itself"
    letters = _letters(source)
    if len(_WORDS.findall(source)) >= 3 and len(letters) >= 12 and letters == _letters(output):
        return "source copied through untranslated"
    return None
