"""A rule-based sentence splitter driven by the per-language data files.

A sentence ends at a run of terminators (``. ! ? …`` and CJK ``。！？``) plus any closing quotes
or brackets. Latin terminators must be followed by whitespace, which keeps decimals (3.5), URLs
and initialisms (U.S.) whole; a lower-case next word means the sentence goes on ("Yahoo! said",
'"Go," he said'). A single dot after a known abbreviation or an initial ends a sentence only when
a common sentence opener follows ("in the U.S. The ..." but not "U.S. President"). Line breaks
end a sentence unless the next line continues it (starts in lower case, or the line ends in a
comma or hyphen), so headlines and datelines without a final stop stay separate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from publisher.text.rules import LanguageRules, load_rules

_CJK_TERMINATORS = frozenset("。！？｡")
_CLOSERS = "\"'”’»」』）)]】》〉"
_OPENERS = frozenset("\"'“‘«「『（(¿¡[【《〈")
# French sets a (narrow) space inside guillemets: « Bonjour. »
_CANDIDATE = re.compile(r"[.!?…。！？｡]+(?:[" + re.escape(_CLOSERS) + r"]|[ \u00a0\u202f]+»)*")
_LINE_BREAK = re.compile(r"[^\S\n]*\n\s*")
_WORD = re.compile(r"\w+")
# A line ending in one of these is continued on the next line (hard-wrapped copy).
_CONNECTING = frozenset(",;:-–—(/&")
# Quoted passages longer than this are treated as unbalanced quotes, not protected spans.
_MAX_PROTECTED = 500


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _is_initialism(token: str) -> bool:
    """Whether ``token`` is single cased letters joined by dots: "F", "U.S", "a.m"."""
    parts = token.split(".")
    return all(len(part) == 1 and part.upper() != part.lower() for part in parts)


def _protected(text: str, rules: LanguageRules) -> list[bool]:
    protected = [False] * len(text)
    for opener, closer in rules.protected_pairs:
        stack: list[int] = []
        for index, char in enumerate(text):
            if char == opener:
                stack.append(index)
            elif char == closer and stack:
                start = stack.pop()
                if index - start <= _MAX_PROTECTED:
                    for inside in range(start + 1, index):
                        protected[inside] = True
    return protected


def _previous_token(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:end]
    while token and token[0] in _OPENERS:
        token = token[1:]
    return token


def _next_visible(text: str, index: int) -> int | None:
    """Index of the first character after whitespace and opening quotes, None at the end."""
    while index < len(text) and (text[index].isspace() or text[index] in _OPENERS):
        index += 1
    return index if index < len(text) else None


def _ends_sentence(text: str, start: int, end: int, rules: LanguageRules) -> bool:
    run = text[start:end].rstrip(_CLOSERS + " \u00a0\u202f")
    if any(char in _CJK_TERMINATORS for char in run):
        return True
    if end < len(text) and not text[end].isspace():
        # Korean copy often omits the space: "했다.그는". A closing quote glued to Hangul is
        # quoted speech going on ('"좋다."라고'), so only a bare dot counts.
        return (
            rules.hangul_endings
            and run == "."
            and end == start + 1
            and start > 0
            and _is_hangul(text[start - 1])
            and (_is_hangul(text[end]) or text[end] in _OPENERS)
        )
    following = _next_visible(text, end)
    if following is None:
        return True
    next_char = text[following]
    if run != ".":
        return not next_char.islower()
    token = _previous_token(text, start)
    if rules.hangul_endings and token and _is_hangul(token[-1]):
        return True
    kind = rules.abbreviation(token)
    if kind == "title":
        return False
    if kind == "number" and next_char.isdigit():
        return False
    if kind is not None or _is_initialism(token) or (rules.ordinal_dot and token.isdigit()):
        word = _WORD.match(text, following)
        return word is not None and word.group() in rules.starters
    return not next_char.islower()


def _line_cuts(text: str) -> list[int]:
    cuts: list[int] = []
    for match in _LINE_BREAK.finditer(text):
        start, end = match.span()
        if match.group().count("\n") > 1 or start == 0 or end == len(text):
            cuts.append(start)
        elif not text[end].islower() and text[start - 1] not in _CONNECTING:
            cuts.append(start)
    return cuts


def cut_offsets(text: str, language: str) -> list[int]:
    """Offsets at which ``text`` divides into sentences, ascending, without 0 and len(text)."""
    rules = load_rules(language)
    protected = _protected(text, rules) if rules.protected_pairs else None
    cuts = set(_line_cuts(text))
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if protected is not None and protected[start]:
            continue
        if _ends_sentence(text, start, end, rules):
            cuts.add(end)
    return sorted(cut for cut in cuts if 0 < cut < len(text))


def split_sentences(text: str, language: str) -> list[str]:
    """Split ``text`` into stripped sentences; joined again they hold every non-space character.

    Raises ConfigError when the language's data files are malformed.
    """
    bounds = [0, *cut_offsets(text, language), len(text)]
    pieces = (text[start:end].strip() for start, end in pairwise(bounds))
    return [piece for piece in pieces if piece]


def split_paragraphs(paragraphs: Sequence[str], language: str) -> list[tuple[int, str]]:
    """Split each paragraph into sentences, as ``(paragraph index, sentence)`` in reading order.

    Raises ConfigError when the language's data files are malformed.
    """
    return [
        (index, sentence)
        for index, paragraph in enumerate(paragraphs)
        for sentence in split_sentences(paragraph, language)
    ]
