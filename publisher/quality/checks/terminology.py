"""Glossary terms not rendered as the glossary says; the glossary provides the matcher."""

from __future__ import annotations

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity


class TerminologyCheck(Check):
    """One flag per problem the context's term checker reports; nothing without a checker."""

    check_id = "terminology"
    name = "Glossary term"
    issue_type = IssueType.TERMINOLOGY
    severity = Severity.WARNING

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        if context.term_checker is None:
            return []
        problems = context.term_checker(pair.source, pair.target)
        return [self.flag(pair, context, str(problem)) for problem in problems]
