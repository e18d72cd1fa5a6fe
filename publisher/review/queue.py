"""The review queue: language versions awaiting an editor, with filters and counts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.db import Dispatch, LanguageVersion, Revision
from publisher.errors import ReviewError
from publisher.publication import VersionState
from publisher.review.states import AWAITING
from publisher.review.views import QueueEntry, QueuePage

#: Open quality flags per (dispatch id, language) of the versions given: the quality-flags
#: table provides it; the queue sorts versions with more flags first.
FlagCounter = Callable[[Session, Sequence[tuple[int, str]]], Mapping[tuple[int, str], int]]


def _states(states: Sequence[str]) -> list[str]:
    known = {s.value for s in VersionState}
    bad = [s for s in states if s not in known]
    if bad:
        raise ReviewError(f"unknown state {bad[0]!r}: use one of {', '.join(sorted(known))}")
    return list(states) or [s.value for s in AWAITING]


def review_queue(
    session: Session,
    *,
    languages: Sequence[str] = (),
    states: Sequence[str] = (),
    agency: str | None = None,
    older_than: datetime | None = None,
    newer_than: datetime | None = None,
    flag_counter: FlagCounter | None = None,
    flagged_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> QueuePage:
    """Versions in ``states`` (default: awaiting review), those waiting longest first.

    The counts by state and language are of the same filters minus that dimension's own.
    """
    wanted = _states(states)
    base: list[Any] = []
    if agency:
        base.append(func.lower(Dispatch.agency) == agency.strip().lower())
    if older_than is not None:
        base.append(LanguageVersion.updated_at <= older_than)
    if newer_than is not None:
        base.append(LanguageVersion.updated_at >= newer_than)
    by_language = [LanguageVersion.language.in_(languages)] if languages else []
    by_state = [LanguageVersion.state.in_(wanted)]

    def joined(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(LanguageVersion)
            .join(Dispatch, Dispatch.id == LanguageVersion.dispatch_id)
            .join(Revision, Revision.id == LanguageVersion.revision_id)
        )

    state_counts = session.execute(
        joined(LanguageVersion.state, func.count())
        .where(*base, *by_language)
        .group_by(LanguageVersion.state)
    ).all()
    language_counts = session.execute(
        joined(LanguageVersion.language, func.count())
        .where(*base, *by_state)
        .group_by(LanguageVersion.language)
    ).all()
    rows = session.execute(
        joined(LanguageVersion, Revision.number, Revision.headline, Dispatch.agency)
        .where(*base, *by_state, *by_language)
        .order_by(LanguageVersion.updated_at, LanguageVersion.id)
    ).all()
    flags: Mapping[tuple[int, str], int] = {}
    if flag_counter is not None:
        flags = flag_counter(session, [(v.dispatch_id, v.language) for v, *_ in rows])
    entries = [
        QueueEntry(
            dispatch_id=version.dispatch_id,
            language=version.language,
            state=version.state,
            revision=number,
            agency=agency_name,
            headline=headline,
            lock_version=version.lock_version,
            waiting_since=version.updated_at,
            flags=int(flags.get((version.dispatch_id, version.language), 0)),
        )
        for version, number, headline, agency_name in rows
    ]
    if flag_counter is not None:
        entries.sort(key=lambda e: e.flags == 0)  # stable: oldest first within each group
        if flagged_only:
            entries = [entry for entry in entries if entry.flags]
    return QueuePage(
        entries=entries[offset : offset + limit],
        total=len(entries),
        by_state={state: int(n) for state, n in sorted(state_counts)},
        by_language={lang: int(n) for lang, n in sorted(language_counts)},
    )
