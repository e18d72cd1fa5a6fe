"""Who else has a dispatch open: page views per (dispatch, editor) that expire after a while.

Kept in the database, so that every web worker and every machine of a desk sees the same
views (a server with several worker processes would otherwise show each editor only the
views its own worker served). It is a hint ("also open by ..."); a conflicting save is caught
by the lock versions anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from publisher.db import EditorPresence, Store, utcnow

#: Seconds a page view counts as "has it open"; the review page renews it while open.
EXPIRY = 90.0


class Presence:
    """``seen(dispatch, who)``, ``left(dispatch, who)``, ``others(dispatch, me)``."""

    def __init__(
        self, store: Store, expiry: float = EXPIRY, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.store = store
        self.expiry = timedelta(seconds=expiry)
        self.clock = clock

    def seen(self, dispatch_id: int, who: str) -> None:
        """``who`` has the dispatch open now (a dispatch that does not exist is ignored)."""
        now = self.clock()
        for _attempt in range(2):
            try:
                with self.store.session() as session:
                    # old views go as new ones come: the table holds only what is current
                    session.execute(
                        delete(EditorPresence).where(EditorPresence.seen_at < now - self.expiry)
                    )
                    row = session.scalars(
                        select(EditorPresence).where(
                            EditorPresence.dispatch_id == dispatch_id,
                            EditorPresence.editor == who,
                        )
                    ).first()
                    if row is None:
                        session.add(
                            EditorPresence(dispatch_id=dispatch_id, editor=who, seen_at=now)
                        )
                    else:
                        row.seen_at = now
                return
            except IntegrityError:
                continue  # two requests of one editor at once, or the dispatch is gone

    def left(self, dispatch_id: int, who: str) -> None:
        with self.store.session() as session:
            session.execute(
                delete(EditorPresence).where(
                    EditorPresence.dispatch_id == dispatch_id, EditorPresence.editor == who
                )
            )

    def others(self, dispatch_id: int, me: str) -> list[str]:
        """The other editors who viewed the dispatch within the expiry, sorted."""
        since = self.clock() - self.expiry
        with self.store.session() as session:
            return sorted(
                session.scalars(
                    select(EditorPresence.editor).where(
                        EditorPresence.dispatch_id == dispatch_id,
                        EditorPresence.editor != me,
                        EditorPresence.seen_at >= since,
                    )
                )
            )
