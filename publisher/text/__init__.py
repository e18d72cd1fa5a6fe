"""Sentence splitting for every desk language, offline and deterministic."""

from __future__ import annotations

from publisher.text.rules import normalize_language
from publisher.text.segment import split_paragraphs, split_sentences

__all__ = ["normalize_language", "split_paragraphs", "split_sentences"]
