"""The editors' workflow written once: states, actions and the table of allowed moves.

Two axes, named after the systems editors know: a language version (per dispatch and
language, see publisher.publication.VersionState) moves by actions, Superdesk style; each
translated sentence has an XLIFF 2 like state and an origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from publisher.errors import InvalidTransition, ReviewError
from publisher.publication import VersionState


class SentenceState(StrEnum):
    INITIAL = "initial"  # as the machine (or memory) made it
    NEEDS_EDITING = "needs_editing"  # its source changed since: stale
    TRANSLATED = "translated"  # written or edited by a person
    REVIEWED = "reviewed"  # approved by an editor
    FINAL = "final"  # published


class SentenceOrigin(StrEnum):
    MACHINE = "machine"
    MEMORY = "memory"  # the editors' translation memory
    EDITOR = "editor"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    KILL = "kill"
    UNPUBLISH = "unpublish"
    REPUBLISH = "republish"
    REOPEN = "reopen"


class Role(StrEnum):
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[VersionState]
    target: VersionState
    role: Role  # the least role allowed to act (admins may do all an editor may)


S = VersionState
_ANY_BUT_KILLED = frozenset(S) - {S.KILLED}

#: The one table of allowed moves; ``transition`` is the only place it is read.
TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({S.DRAFT, S.REJECTED}), S.IN_REVIEW, Role.EDITOR),
        Transition(
            Action.APPROVE, frozenset({S.DRAFT, S.IN_REVIEW, S.REJECTED}), S.APPROVED, Role.EDITOR
        ),
        Transition(
            Action.REJECT, frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED}), S.REJECTED, Role.EDITOR
        ),
        Transition(Action.PUBLISH, frozenset({S.APPROVED}), S.PUBLISHED, Role.EDITOR),
        Transition(Action.KILL, _ANY_BUT_KILLED, S.KILLED, Role.EDITOR),
        Transition(Action.UNPUBLISH, frozenset({S.PUBLISHED}), S.UNPUBLISHED, Role.EDITOR),
        Transition(
            Action.REPUBLISH, frozenset({S.UNPUBLISHED, S.KILLED}), S.PUBLISHED, Role.EDITOR
        ),
        Transition(
            Action.REOPEN,
            frozenset({S.APPROVED, S.PUBLISHED, S.REJECTED, S.UNPUBLISHED, S.KILLED}),
            S.IN_REVIEW,
            Role.EDITOR,
        ),
    )
}

#: States whose draft an editor may edit; editing an approved or published draft reopens it.
EDITABLE = frozenset(S) - {S.KILLED}
#: States an edit sends back to review (their approval no longer covers the text).
REOPENED_BY_EDIT = frozenset({S.APPROVED, S.PUBLISHED, S.REJECTED, S.UNPUBLISHED})
#: States the review queue lists by default.
AWAITING = (S.DRAFT, S.IN_REVIEW)


def transition(action: Action | str, state: VersionState | str, *, where: str = "") -> VersionState:
    """The state ``action`` moves a version in ``state`` to.

    Raises InvalidTransition (naming the states it is allowed from) when the move is not in
    the table, and for an unknown action.
    """
    try:
        rule = TRANSITIONS[Action(action)]
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise ReviewError(f"unknown action {action!r}: use one of {known}") from None
    current = VersionState(state)
    if current not in rule.sources:
        allowed = tuple(sorted(s.value for s in rule.sources))
        raise InvalidTransition(rule.action.value, current.value, allowed, where)
    return rule.target
