"""Who else has a dispatch open: views expire, one's own never counts, and every worker of a
desk sees the same views (they are in the database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from publisher.core import Desk
from publisher.review.presence import Presence
from publisher.settings import load_settings
from tests.builders import make_dispatch


def test_views_expire_and_one_is_never_ones_own_other(instance: Path) -> None:
    desk = Desk(load_settings({"instance": str(instance)}))
    first, second = make_dispatch(desk.store), make_dispatch(desk.store)
    now = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    presence = Presence(desk.store, expiry=90, clock=lambda: now[0])
    presence.seen(first, "a@example.org")
    presence.seen(first, "b@example.org")
    presence.seen(second, "c@example.org")
    assert presence.others(first, "a@example.org") == ["b@example.org"]
    assert presence.others(first, "z@example.org") == ["a@example.org", "b@example.org"]
    # another worker (another Presence on the same database) sees the same
    other_worker = Presence(desk.store, expiry=90, clock=lambda: now[0])
    assert other_worker.others(first, "z@example.org") == ["a@example.org", "b@example.org"]
    now[0] += timedelta(seconds=60)
    presence.seen(first, "b@example.org")  # b's page asked again
    now[0] += timedelta(seconds=45)
    assert presence.others(first, "z@example.org") == ["b@example.org"]  # a's view expired
    presence.left(first, "b@example.org")
    assert presence.others(first, "z@example.org") == []
    assert presence.others(second, "z@example.org") == []  # expired too
    presence.seen(999, "a@example.org")  # no such dispatch: nothing stored, no error
    assert presence.others(999, "z@example.org") == []
    desk.close()
