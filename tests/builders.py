"""Small builders that put records straight into a Store, for tests of the read side."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone

from publisher.db import Dispatch, Revision, Sentence, Store, Summary, Translation

_counter = itertools.count(1)
KST = timezone(timedelta(hours=9))


def make_dispatch(
    store: Store,
    *,
    headline: str = "Port city opens a new ferry terminal",
    sentences: Sequence[str] = (
        "Busan opened a new ferry terminal on Monday.",
        "The terminal can handle four ships at once.",
        "Officials expect passenger numbers to double by next year.",
        "Local shops welcomed the news.",
    ),
    language: str = "en",
    agency: str | None = "Desk Wire",
    dateline: str | None = "Busan, Nov 10",
    published: datetime | None = None,
    summary_indexes: Sequence[int] | None = (0, 2),
    translations: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    review_state: str = "machine",
    topics: Sequence[str] = (),
) -> int:
    """Store one dispatch with sentences, a summary and translations; return its id.

    ``translations`` maps a language to (headline, summary sentences); each translated
    sentence is aligned with ``summary_indexes``.
    """
    serial = next(_counter)
    published = published or datetime(2025, 11, 12, 14, 30, tzinfo=KST) - timedelta(minutes=serial)
    with store.session() as session:
        dispatch = Dispatch(story_key=f"test:{serial}:{headline}", agency=agency)
        session.add(dispatch)
        session.flush()
        revision = Revision(
            dispatch_id=dispatch.id,
            number=1,
            content_hash=hashlib.sha256(f"{serial}{headline}".encode()).hexdigest(),
            source_format="wire",
            source_name=f"test-{serial}",
            language=language,
            headline=headline,
            agency=agency,
            dateline=dateline,
            topics=list(topics),
            published_at=published,
            published_iso=published.isoformat(),
            updated_iso=None,
            paragraphs=[" ".join(sentences)],
        )
        session.add(revision)
        session.flush()
        dispatch.current_revision_id = revision.id
        for index, text in enumerate(sentences):
            session.add(Sentence(revision_id=revision.id, index=index, paragraph=0, text=text))
        if summary_indexes is not None:
            session.add(
                Summary(
                    revision_id=revision.id,
                    method="default",
                    sentence_indexes=list(summary_indexes),
                )
            )
        for target, (translated_headline, translated) in (translations or {}).items():
            session.add(
                Translation(
                    revision_id=revision.id,
                    language=target,
                    status="done",
                    engine="test",
                    model_version="test-1",
                    headline=translated_headline,
                    sentences=list(translated),
                    source_indexes=list(summary_indexes or []),
                    review_state=review_state,
                )
            )
        return dispatch.id
