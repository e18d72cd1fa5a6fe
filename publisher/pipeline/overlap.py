"""Bookkeeping after a translated chunk, run on a background thread while the next chunk decodes.

CTranslate2 releases the GIL inside ``translate_batch``, so while the engine decodes chunk
k+1 a second thread can record chunk k's jobs, sync its review state, check its quality flags
and publish it. The work is database reads and writes only; engines stay on the threads that
decode: the caller's, or one per language when ``run_each`` translates languages at once.

Rules that keep the overlapped path equal to the serial one:

- one background thread, so finishes run in the order they were submitted;
- at most one finish runs while the caller works: ``submit`` first waits for the previous one,
  so a failure is seen before the next chunk starts, and memory stays bounded;
- every submitted finish runs even when an earlier one failed (its chunk's translations are
  stored already, and leaving its jobs unrecorded would hide them from the sweep);
- the first failure is raised by ``close`` (and by leaving the ``with`` block), as the serial
  path would have raised it; the caller checks ``failed`` to stop starting new chunks;
- callers on several threads may submit: one at a time, each waiting as above.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Event, Lock
from types import TracebackType
from typing import TypeVar

log = logging.getLogger(__name__)


class Finisher:
    """Runs submitted callables one at a time on a background thread (``overlap=False``: on
    the caller's thread at once, for callers that want the serial path)."""

    def __init__(self, *, overlap: bool = True) -> None:
        self._executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="publisher-finish")
            if overlap
            else None
        )
        self._running: Future[None] | None = None
        self._error: BaseException | None = None
        self._lock = Lock()  # submit and close, from one thread at a time

    @property
    def failed(self) -> bool:
        """True once a finish that already ended has raised (never waits, never locks: a
        caller on another thread may be waiting in ``submit``)."""
        running = self._running
        if running is not None and running.done() and running.exception() is not None:
            return True
        return self._error is not None

    def submit(self, work: Callable[[], None]) -> None:
        """Run ``work`` after the finishes submitted before it."""
        with self._lock:
            self._collect(wait=True)
            if self._executor is None:
                try:
                    work()
                except Exception as error:  # noqa: BLE001 (kept and raised by close, as overlapped)
                    self._error = self._error or error
                return
            self._running = self._executor.submit(work)

    def close(self) -> None:
        """Wait for the last finish; raise the first failure of any."""
        with self._lock:
            self._collect(wait=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _collect(self, *, wait: bool) -> None:
        running = self._running
        if running is None or (not wait and not running.done()):
            return
        self._running = None
        error = running.exception()
        if error is not None and self._error is None:
            self._error = error

    def __enter__(self) -> Finisher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is None:
            self.close()
            return
        # the caller's own error propagates; the finishes still run to the end, and a failure
        # of theirs is logged rather than lost
        try:
            self.close()
        except Exception:
            log.exception("finishing translated chunks")


Item = TypeVar("Item")
Result = TypeVar("Result")


def run_each(
    items: Sequence[Item], work: Callable[[Item, Event], Result], *, workers: int
) -> list[Result]:
    """``work(item, stop)`` for every item, up to ``workers`` at once on threads of their own
    (one item, or ``workers`` 1: in turn on the caller's thread); the results in the order of
    ``items``.

    Once one raises, ``stop`` is set (work that checks it ends early) and items not started
    are skipped, as a loop would skip them; the first failure, in the order of ``items``, is
    raised when every started item has ended, so that no thread is left running.
    """
    stop = Event()
    if workers <= 1 or len(items) <= 1:
        return [work(item, stop) for item in items]

    def guarded(item: Item) -> Result:
        if stop.is_set():
            raise _Skipped
        try:
            return work(item, stop)
        except BaseException:
            stop.set()
            raise

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="publisher-lang") as pool:
        futures = [pool.submit(guarded, item) for item in items]
    for future in futures:
        error = future.exception()
        if error is not None and not isinstance(error, _Skipped):
            raise error
    # nothing is skipped without a failure, raised above
    return [future.result() for future in futures]


class _Skipped(Exception):
    """An item of run_each not started because an earlier one failed."""
