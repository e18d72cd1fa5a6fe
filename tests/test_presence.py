"""Who else has a dispatch open: views expire, one's own never counts."""

from __future__ import annotations

from publisher.review.presence import Presence


def test_views_expire_and_one_is_never_ones_own_other() -> None:
    now = [100.0]
    presence = Presence(expiry=90, clock=lambda: now[0])
    presence.seen(1, "a@example.org")
    presence.seen(1, "b@example.org")
    presence.seen(2, "c@example.org")
    assert presence.others(1, "a@example.org") == ["b@example.org"]
    assert presence.others(1, "z@example.org") == ["a@example.org", "b@example.org"]
    now[0] += 60
    presence.seen(1, "b@example.org")  # b's page asked again
    now[0] += 45
    assert presence.others(1, "z@example.org") == ["b@example.org"]  # a's view expired
    presence.left(1, "b@example.org")
    assert presence.others(1, "z@example.org") == []
    assert presence.others(2, "z@example.org") == []  # expired too
