"""Who else has a dispatch open: page views per (dispatch, editor) that expire after a while.

Kept in the process, not the database: it is a hint for editors ("also open by ..."), lost on
a restart at no cost, and a conflicting save is caught by the lock versions anyway. A server
with several worker processes sees the views each worker served; the review page polls, so
editors meet in the workers that serve them both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: Seconds a page view counts as "has it open"; the review page renews it while open.
EXPIRY = 90.0
#: Views remembered at most; the oldest are dropped first (a bound on memory, not a limit
#: anyone meets: a desk has tens of editors).
MAX_VIEWS = 10_000


class Presence:
    """Thread-safe record of recent views: ``seen(dispatch, who)``, ``others(dispatch, me)``."""

    def __init__(self, expiry: float = EXPIRY, clock: Callable[[], float] = time.monotonic) -> None:
        self.expiry = expiry
        self.clock = clock
        self._views: dict[tuple[int, str], float] = {}
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        stale = [key for key, when in self._views.items() if now - when > self.expiry]
        for key in stale:
            del self._views[key]
        while len(self._views) > MAX_VIEWS:
            del self._views[min(self._views, key=self._views.__getitem__)]

    def seen(self, dispatch_id: int, who: str) -> None:
        """``who`` has the dispatch open now."""
        with self._lock:
            now = self.clock()
            self._views.pop((dispatch_id, who), None)
            self._views[(dispatch_id, who)] = now
            self._expire(now)

    def left(self, dispatch_id: int, who: str) -> None:
        with self._lock:
            self._views.pop((dispatch_id, who), None)

    def others(self, dispatch_id: int, me: str) -> list[str]:
        """The other editors who viewed the dispatch within the expiry, sorted."""
        with self._lock:
            now = self.clock()
            self._expire(now)
            return sorted(
                who
                for (seen_id, who), when in self._views.items()
                if seen_id == dispatch_id and who != me
            )
