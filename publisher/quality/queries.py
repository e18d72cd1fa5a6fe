"""Stored flags as editors see them: listed with their dismissals, and dismissed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from publisher.db import Dispatch, FlagDismissal, QualityFlag
from publisher.errors import InvalidInput, NotFound
from publisher.quality.registry import BY_ID

MAX_REASON = 2000
MAX_USER = 320
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class DismissalView:
    dismissed_by: str
    reason: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "dismissed_by": self.dismissed_by,
            "reason": self.reason,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class FlagView:
    """A stored flag as the CLI and the review pages show it."""

    id: int
    dispatch_id: int
    revision_id: int
    language: str
    scope: str
    segment: str
    sentence_index: int | None
    check_id: str
    issue_type: str
    severity: str
    message: str
    fingerprint: str
    dismissal: DismissalView | None = None

    @property
    def name(self) -> str:
        check = BY_ID.get(self.check_id)
        return check.name if check is not None else self.check_id

    @property
    def is_open(self) -> bool:
        return self.dismissal is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dispatch_id": self.dispatch_id,
            "revision_id": self.revision_id,
            "language": self.language,
            "scope": self.scope,
            "segment": self.segment,
            "sentence_index": self.sentence_index,
            "check": self.check_id,
            "name": self.name,
            "issue_type": self.issue_type,
            "severity": self.severity,
            "message": self.message,
            "fingerprint": self.fingerprint,
            "open": self.is_open,
            "dismissal": self.dismissal.to_json() if self.dismissal else None,
        }


def _view(row: QualityFlag, dismissal: FlagDismissal | None) -> FlagView:
    return FlagView(
        id=row.id,
        dispatch_id=row.dispatch_id,
        revision_id=row.revision_id,
        language=row.language,
        scope=row.scope,
        segment=row.segment,
        sentence_index=row.sentence_index,
        check_id=row.check_id,
        issue_type=row.issue_type,
        severity=row.severity,
        message=row.message,
        fingerprint=row.fingerprint,
        dismissal=(
            DismissalView(dismissal.dismissed_by, dismissal.reason, dismissal.created_at)
            if dismissal is not None
            else None
        ),
    )


#: A flag's dismissal, if any: same dispatch, language and fingerprint (the flag row itself is
#: recomputed with its draft; the dismissal stands for exactly the texts it was about).
DISMISSAL_OF_FLAG = and_(
    FlagDismissal.dispatch_id == QualityFlag.dispatch_id,
    FlagDismissal.language == QualityFlag.language,
    FlagDismissal.fingerprint == QualityFlag.fingerprint,
)


def list_flags(
    session: Session,
    *,
    dispatch_id: int | None = None,
    language: str | None = None,
    include_dismissed: bool = False,
) -> list[FlagView]:
    """Flags of the current revision of each dispatch (or of one), in reading order.

    A flag is dismissed while a dismissal of its exact fingerprint exists for its dispatch
    and language; ``language`` selects the flags of one language (source flags carry the
    source's language).
    """
    query = (
        select(QualityFlag, FlagDismissal)
        .join(Dispatch, Dispatch.current_revision_id == QualityFlag.revision_id)
        .outerjoin(FlagDismissal, DISMISSAL_OF_FLAG)
    )
    if dispatch_id is not None:
        query = query.where(QualityFlag.dispatch_id == dispatch_id)
    if language is not None:
        query = query.where(QualityFlag.language == language)
    if not include_dismissed:
        query = query.where(FlagDismissal.id.is_(None))
    rows = session.execute(
        query.order_by(QualityFlag.dispatch_id, QualityFlag.language, QualityFlag.id)
    ).all()
    views = [_view(flag, dismissal) for flag, dismissal in rows]
    order = {segment: n for n, segment in enumerate(("version", "headline", "sentence"))}
    return sorted(
        views,
        key=lambda v: (
            v.dispatch_id,
            v.scope != "source",
            v.language,
            order.get(v.segment, 3),
            -1 if v.sentence_index is None else v.sentence_index,
            v.id,
        ),
    )


def open_flag_counts(
    session: Session, versions: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], int]:
    """Open (not dismissed) flags of each (dispatch id, language) version's current revision;
    a source flag counts for the source language's version. For the review queue."""
    wanted = list(dict.fromkeys(versions))
    if not wanted:
        return {}
    dispatch_ids = sorted({dispatch_id for dispatch_id, _ in wanted})
    rows = session.execute(
        select(QualityFlag.dispatch_id, QualityFlag.language, func.count())
        .join(Dispatch, Dispatch.current_revision_id == QualityFlag.revision_id)
        .outerjoin(FlagDismissal, DISMISSAL_OF_FLAG)
        .where(QualityFlag.dispatch_id.in_(dispatch_ids), FlagDismissal.id.is_(None))
        .group_by(QualityFlag.dispatch_id, QualityFlag.language)
    ).all()
    counts = {(int(d), str(lang)): int(n) for d, lang, n in rows}
    return {version: counts[version] for version in wanted if version in counts}


def dismiss_flag(session: Session, flag_id: int, *, reason: str, user: str) -> FlagView:
    """Dismiss a flag as a false alarm for exactly its texts; return it, dismissed.

    Dismissing a flag dismissed already keeps the first dismissal. Raises NotFound for an
    unknown flag and InvalidInput for an empty or overlong reason or a user that is not an
    e-mail address.
    """
    reason = reason.strip()
    user = user.strip()
    if not reason:
        raise InvalidInput("give a reason for dismissing the flag")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is longer than {MAX_REASON} characters")
    if len(user) > MAX_USER or not _EMAIL.fullmatch(user):
        raise InvalidInput(f"--user: {user[:40]!r} is not an e-mail address")
    flag = session.get(QualityFlag, flag_id)
    if flag is None:
        raise NotFound(
            f"no flag with id {flag_id} (flags are recomputed when their text changes: "
            "`publisher flags list` shows the current ones)"
        )
    match = (
        FlagDismissal.dispatch_id == flag.dispatch_id,
        FlagDismissal.language == flag.language,
        FlagDismissal.fingerprint == flag.fingerprint,
    )
    dismissal = session.scalars(select(FlagDismissal).where(*match)).first()
    if dismissal is None:
        dismissal = FlagDismissal(
            dispatch_id=flag.dispatch_id,
            language=flag.language,
            fingerprint=flag.fingerprint,
            check_id=flag.check_id,
            dismissed_by=user,
            reason=reason,
        )
        session.add(dismissal)
        session.flush()
    return _view(flag, dismissal)
