"""The words the review pages show for the workflow's states, actions and origins, and the
localized messages for the workflow's refusals (the service's own are English, for logs)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from publisher.errors import EditConflict, InvalidInput, InvalidTransition, NotFound
from publisher.glossary.model import GlossaryError

VERSION_STATES: dict[str, LazyString] = {
    "draft": _l("draft"),
    "in_review": _l("in review"),
    "approved": _l("approved"),
    "published": _l("published"),
    "rejected": _l("rejected"),
    "killed": _l("killed"),
    "unpublished": _l("unpublished"),
}
SENTENCE_STATES: dict[str, LazyString] = {
    "initial": _l("machine draft"),
    "needs_editing": _l("needs editing"),
    "translated": _l("edited"),
    "reviewed": _l("reviewed"),
    "final": _l("final"),
}
ORIGINS: dict[str, LazyString] = {
    "machine": _l("machine"),
    "memory": _l("memory"),
    "editor": _l("editor"),
}
ACTIONS: dict[str, LazyString] = {
    "submit": _l("Submit for review"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "publish": _l("Publish"),
    "kill": _l("Kill"),
    "unpublish": _l("Unpublish"),
    "republish": _l("Republish"),
    "reopen": _l("Reopen"),
    "edit": _l("Edit"),
    "selection": _l("New summary selection"),
    "revision": _l("New wire revision"),
}
DONE: dict[str, LazyString] = {
    "submit": _l("Submitted for review."),
    "approve": _l("Approved."),
    "reject": _l("Rejected."),
    "publish": _l("Published: readers see it now."),
    "kill": _l("Killed: readers see the notice."),
    "unpublish": _l("Unpublished."),
    "republish": _l("Republished."),
    "reopen": _l("Reopened for review."),
}


def word(table: dict[str, LazyString], key: str) -> str:
    """``key``'s word in ``table``, or the key itself for a value newer than this table."""
    found = table.get(key)
    return str(found) if found is not None else key


def refusal_message(error: Exception) -> str:
    """What an editor reads when the desk refuses a request: localized, with the desk's own
    detail (names and numbers) after it."""
    if isinstance(error, EditConflict):
        message = _(
            "Someone else saved this text since you opened it. Nothing was saved: compare "
            "the versions below, keep what is right, and save again."
        )
    elif isinstance(error, InvalidTransition):
        message = _(
            "This cannot be done to a version that is %(state)s.",
            state=word(VERSION_STATES, error.state),
        )
    elif isinstance(error, NotFound):
        message = _("Not found: %(detail)s", detail=str(error))
    elif isinstance(error, InvalidInput | GlossaryError):
        message = _("Not accepted: %(detail)s", detail=str(error))
    else:
        message = _("The desk refused this: %(detail)s", detail=str(error))
    return str(message)
