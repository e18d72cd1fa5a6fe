"""A translation left in the source's language or written in another language's script."""

from __future__ import annotations

import re
from collections import defaultdict

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity
from publisher.quality.knowledge import load, number, primary, script_of

_RUN = re.compile(r"[^\W\d_]+", re.UNICODE)


def _scripts(table: str, language: str) -> frozenset[str]:
    data = load("scripts.toml").get(table, {})
    names = data.get(primary(language), data.get("default", []) if table == "own" else [])
    return frozenset(str(name) for name in names)


def script_words(text: str, neutral_capitals: bool) -> defaultdict[str, float]:
    """How many words of each script ``text`` holds; unspaced scripts count half a word a letter.

    With ``neutral_capitals`` a Latin word with a capital (a name, an acronym) counts for none.
    """
    unspaced = frozenset(load("scripts.toml").get("unspaced", []))
    counts: defaultdict[str, float] = defaultdict(float)
    for run in _RUN.findall(text):
        start = 0
        for position in range(1, len(run) + 1):
            script = script_of(run[start])
            if position < len(run) and script_of(run[position]) == script:
                continue
            piece = run[start:position]
            start = position
            if neutral_capitals and script == "LATIN" and piece[0].isupper():
                continue
            counts[script] += len(piece) / 2 if script in unspaced else 1
    return counts


class ScriptCheck(Check):
    """Share of the target language's own script (Hangul for Korean, kana and Han for Japanese);
    between two languages of one script, language identification (py3langid)."""

    check_id = "script"
    name = "Wrong language or script"
    issue_type = IssueType.UNTRANSLATED
    severity = Severity.ERROR
    supersedes = frozenset({"numbers", "length", "sentence_count"})

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        own = _scripts("own", pair.target_language)
        if own == _scripts("own", pair.source_language) and "LATIN" in own:
            return self._identified(pair, context)
        data = load("scripts.toml")
        counts = script_words(pair.target, neutral_capitals="LATIN" not in own)
        for script in _scripts("neutral", pair.target_language):
            counts.pop(script, None)
        total = sum(counts.values())
        if not total:
            return []
        share = sum(counts[s] for s in own) / total
        if share < number(data, "min_share", "scripts.toml"):
            message = f"only {share:.0%} of the words are in the script of {pair.target_language}"
            return [self.flag(pair, context, message)]
        foreign = [s for s in _scripts("foreign", pair.target_language) if counts[s]]
        if foreign:
            names = ", ".join(sorted(foreign)).lower()
            return [self.flag(pair, context, f"letters of another language ({names})")]
        required = _scripts("required", pair.target_language)
        minimum = number(data["settings"], "required_min_letters", "scripts.toml [settings]")
        long_enough = sum(1 for char in pair.target if char.isalpha()) >= minimum
        if required and long_enough and not any(counts[s] for s in required):
            names = ", ".join(sorted(required)).lower()
            return [self.flag(pair, context, f"no {names} letters: another language?")]
        return []

    def _identified(self, pair: Pair, context: Context) -> list[Flag]:
        # imported here: the identifier's model loads on first use, about a second
        from publisher.ingest.language import detect_language

        data = load("scripts.toml")
        words = len(_RUN.findall(pair.target))
        if words < number(data, "min_words_identified", "scripts.toml"):
            return []
        found = detect_language(pair.target)
        if primary(found) == primary(pair.source_language) != primary(pair.target_language):
            return [
                self.flag(pair, context, f"the translation reads as {found}, the source language")
            ]
        return []
