"""Bounds on what one engine call sees: long sentences cut at clause boundaries.

Engines degrade badly on very long input: Apertium's run time and CTranslate2's memory grow
with it (one 9 MB "sentence" timed out Apertium and made CTranslate2 abort with
``std::bad_alloc``). So no segment longer than :data:`MAX_SEGMENT_CHARS` characters reaches an
engine: a longer sentence is cut after clause punctuation (``, ; :``, dashes, and the CJK
``，、；：。！？``), else between words, else anywhere, and its pieces are translated
separately and joined. A sentence over :data:`MAX_SENTENCE_CHARS` is not a sentence but
broken input (a table, a base64 blob): it is refused, never sent.
"""

from __future__ import annotations

import re

# About 250 SentencePiece tokens of English, under the 256 tokens Argos models decode per
# segment (max_decoding_length), so a piece's translation is not cut short either.
MAX_SEGMENT_CHARS = 1000
# Twenty segments: the longest run-on sentences of real wires are well under a tenth of this.
MAX_SENTENCE_CHARS = 20_000

# A cut goes after the punctuation and the blanks that follow it (CJK punctuation needs none).
_CLAUSE_END = re.compile(
    r"(?:[,;:]|\s[\u2013\u2014-])\s+|[\uff0c\u3001\uff1b\uff1a\u3002\uff01\uff1f]\s*"
)
_WORD_END = re.compile(r"\s+")
# Kana, Han, CJK and full-width punctuation: written without spaces (Hangul is spaced)
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _cut(text: str, boundary: re.Pattern[str]) -> list[str]:
    """``text`` in pieces that each end at a match of ``boundary`` (the last one may not)."""
    pieces: list[str] = []
    start = 0
    for match in boundary.finditer(text):
        if match.end() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _pack(pieces: list[str], limit: int) -> list[str]:
    """Join consecutive pieces greedily into chunks of at most ``limit`` characters."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > limit:
            chunks.append(current)
            current = ""
        current += piece
    if current:
        chunks.append(current)
    return chunks


def split_long(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters; ``"".join`` gives
    it back. Clause boundaries are preferred, then word boundaries, then a hard cut."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    for clause in _pack(_cut(text, _CLAUSE_END), limit):
        if len(clause) <= limit:
            chunks.append(clause)
            continue
        for words in _pack(_cut(clause, _WORD_END), limit):
            chunks.extend(words[i : i + limit] for i in range(0, len(words), limit))
    return chunks


def join_translated(translated: list[str]) -> str:
    """Translated pieces joined into one sentence: with a blank between them, except next to
    CJK text, which is written without spaces. The output's script decides, not the source's:
    Chinese pieces translated into English need blanks."""
    joined = ""
    for part in (output.strip() for output in translated):
        if joined and part and not (_CJK.match(joined[-1]) or _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined
