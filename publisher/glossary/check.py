"""The glossary check of the quality flags: is each term rendered as the glossary says?

:func:`term_problems` is pure: the flags call it per translated sentence with the terms of
the pair (publisher.glossary.store.snapshot) and put the snapshot's version in the flag's
fingerprint, so a dismissal expires when the glossary changes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from publisher.glossary.matching import contains, terms_in
from publisher.glossary.model import Term, TermKind


class ProblemKind(enum.StrEnum):
    FORCED_MISSING = "forced_missing"
    FORBIDDEN_PRESENT = "forbidden_present"
    DNT_ALTERED = "dnt_altered"


@dataclass(frozen=True)
class TermProblem:
    """One term not rendered as the glossary says (ITS 2.0 issue type ``terminology``)."""

    kind: ProblemKind
    term: Term
    message: str


def term_problems(
    source: str, target: str, terms: Sequence[Term], target_language: str
) -> list[TermProblem]:
    """The glossary problems of one translated sentence, in the order of the terms.

    Only terms whose source side occurs in ``source`` (as a whole word) are checked: a forced
    rendering must occur in ``target``, a forbidden one must not, a do-not-translate term must
    occur as written. In Korean a rendering followed by its particles (이재명은, 유엔으로)
    counts as present. ``target_language`` is kept for languages that need their own rules:
    the matching reads the script of the rendering itself.
    """
    del target_language  # the rules so far follow the rendering's script
    problems: list[TermProblem] = []
    for term in terms_in(source, terms):
        if term.kind is TermKind.FORCED:
            if not contains(target, term.target, case_sensitive=True):
                problems.append(
                    TermProblem(
                        ProblemKind.FORCED_MISSING,
                        term,
                        f"{term.source!r} should be rendered {term.target!r}",
                    )
                )
        elif term.kind is TermKind.DNT:
            if not contains(target, term.source, term.case_sensitive):
                problems.append(
                    TermProblem(
                        ProblemKind.DNT_ALTERED,
                        term,
                        f"{term.source!r} should stay as written, untranslated",
                    )
                )
        elif contains(target, term.target, term.case_sensitive):
            problems.append(
                TermProblem(
                    ProblemKind.FORBIDDEN_PRESENT,
                    term,
                    f"{term.source!r} must not be rendered {term.target!r}",
                )
            )
    return problems
