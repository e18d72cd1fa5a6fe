"""Every check, in the order editors read their flags, and the functions that run them.

A new check is one class in publisher/quality/checks/ and one line in CHECKS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from publisher.quality.base import Check, Context, Flag, Pair, Version, VersionCheck
from publisher.quality.checks.confidence import ConfidenceCheck
from publisher.quality.checks.engine import EngineProblemCheck
from publisher.quality.checks.length import LengthCheck, SentenceCountCheck
from publisher.quality.checks.numbers import NumbersCheck
from publisher.quality.checks.output import EmptyCheck, IdenticalCheck, RepetitionCheck
from publisher.quality.checks.script import ScriptCheck
from publisher.quality.checks.terminology import TerminologyCheck

CHECKS: tuple[Check, ...] = (
    EngineProblemCheck(),
    EmptyCheck(),
    IdenticalCheck(),
    ScriptCheck(),
    RepetitionCheck(),
    NumbersCheck(),
    TerminologyCheck(),
    LengthCheck(),
    SentenceCountCheck(),
    ConfidenceCheck(),
)
BY_ID: dict[str, Check] = {check.check_id: check for check in CHECKS}


def check_pair(pair: Pair, context: Context, checks: Sequence[Check] = CHECKS) -> list[Flag]:
    """The flags of one pair; a failed check silences the checks it supersedes."""
    found: list[tuple[Check, list[Flag]]] = [(c, c.check(pair, context)) for c in checks]
    silenced = {name for check, flags in found if flags for name in check.supersedes}
    return [flag for check, flags in found if check.check_id not in silenced for flag in flags]


def check_version(
    version: Version, pairs: Iterable[Pair], context: Context, checks: Sequence[Check] = CHECKS
) -> list[Flag]:
    """The flags of a whole language version: each pair's, then the version checks'."""
    flags = [flag for pair in pairs for flag in check_pair(pair, context, checks)]
    for check in checks:
        if isinstance(check, VersionCheck):
            flags += check.check_version(version, context)
    return flags


def source_problems(
    flags_by_language: Mapping[str, Sequence[Flag]],
) -> list[tuple[str, str, int | None]]:
    """``(check_id, segment, index)`` keys failing in every language: then the source is at fault.

    Needs at least two languages: one language failing says nothing of its source.
    """
    if len(flags_by_language) < 2:
        return []
    keys: list[set[tuple[str, str, int | None]]] = [
        {(f.check_id, f.pair.segment.value, f.pair.index) for f in flags}
        for flags in flags_by_language.values()
    ]
    common = set.intersection(*keys)
    return sorted(common, key=lambda key: (key[1], -1 if key[2] is None else key[2], key[0]))
