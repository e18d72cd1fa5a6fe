"""The engine's own doubt: a low score for its output, when the engine gives one."""

from __future__ import annotations

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity
from publisher.quality.knowledge import load, number


class ConfidenceCheck(Check):
    """Mean log-probability per token below the threshold of checks.toml [confidence]."""

    check_id = "confidence"
    name = "Low model confidence"
    issue_type = IssueType.MISTRANSLATION
    severity = Severity.WARNING

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        if pair.score is None:
            return []
        minimum = number(load("checks.toml")["confidence"], "min_score", "checks.toml")
        if pair.score < minimum:
            return [self.flag(pair, context, f"the engine scored its output {pair.score:.2f}")]
        return []
