"""Dispatches written for the workflow tests (our own text), and a desk to review them on."""

from __future__ import annotations

from pathlib import Path

from publisher.core import Desk
from publisher.settings import load_settings
from tests.doubles import RecordingTranslator

EDITOR = "editor@example.org"
OTHER = "second.editor@example.org"

FIRST = """---
title: Harbour ferry timetable changes from Monday
agency: Reuters
language: en
guid: ferry-timetable-2026
---

The harbour authority said on Tuesday that ferries will leave every twenty minutes from Monday.
Officials expect the change to shorten queues at the northern pier during the morning rush.
The old timetable had one crossing every half hour since the pier reopened last spring.
Commuter groups welcomed the decision but asked for later evening crossings as well.
"""


def revision(
    tag: str, extra: str, *, headline: str = "Harbour ferry timetable changes from Monday"
) -> str:
    """A later wire version of FIRST carrying ``tag`` (UPDATE 1, CORRECTED, KILL...)."""
    return (
        FIRST.replace(
            "title: Harbour ferry timetable changes from Monday", f"title: {tag} - {headline}"
        ).rstrip("\n")
        + f"\n{extra}\n"
    )


def review_desk(instance: Path, **settings: str) -> Desk:
    """A desk under the review policy translating en → qaa with the recording double."""
    return Desk(
        load_settings({"instance": str(instance), "languages": "qaa", **settings}),
        engines={"double": RecordingTranslator(pairs={("en", "qaa")})},
    )


def ingest_text(desk: Desk, folder: Path, name: str, text: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = desk.ingest([str(path)])
    assert report.ok, report.failures
    desk.run()
    dispatch_id = report.outcomes[0].dispatch_id
    assert dispatch_id is not None
    return dispatch_id


def approve(desk: Desk, dispatch_id: int, *languages: str) -> None:
    """Approve (and so publish) versions as a test editor: all that can be, or ``languages``."""
    desk.review.act(dispatch_id, "approve", EDITOR, languages=list(languages) or None)
