"""The editors' workflow: review, edit, approve, publish and take down language versions.

No Flask here. :class:`ReviewService` is the one API; the CLI (``publisher review``) and the
web app call it through ``Desk.review``.
"""

from publisher.review.revisions import RevisionKind, classify
from publisher.review.service import ReviewService, check_actor
from publisher.review.states import (
    TRANSITIONS,
    Action,
    Role,
    SentenceOrigin,
    SentenceState,
    transition,
)

__all__ = [
    "TRANSITIONS",
    "Action",
    "ReviewService",
    "RevisionKind",
    "Role",
    "SentenceOrigin",
    "SentenceState",
    "check_actor",
    "classify",
    "transition",
]
