"""A failure the engine itself saw in its output and could not cure by decoding again."""

from __future__ import annotations

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity


class EngineProblemCheck(Check):
    """The engine's own report (publisher.translate.degenerate): output cut at the decoding
    limit, a loop, nothing, the source copied through, after a second decoding."""

    check_id = "engine"
    name = "Engine-reported failure"
    issue_type = IssueType.OMISSION
    severity = Severity.ERROR

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        if not pair.engine_problem:
            return []
        return [self.flag(pair, context, f"the engine reported: {pair.engine_problem}")]
