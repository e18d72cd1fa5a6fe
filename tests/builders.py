"""Small builders that put records straight into a Store, for tests of the read side."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone

from publisher.db import Dispatch, Revision, Sentence, Store, Summary, Translation
from publisher.publication import Provenance, publish
from publisher.search import sync_index

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
    publish_original: bool = True,
    search_index: bool = True,
    full_texts: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """Store one dispatch with sentences, a summary and translations; return its id.

    ``translations`` maps a language to (headline, summary sentences); each translated
    sentence is aligned with ``summary_indexes``. ``review_state`` says what became of them:
    ``machine`` published as unreviewed machine output (the ``auto`` policy), ``approved``
    published as reviewed, anything else (``draft``, ``rejected``) left unpublished. The
    original is published when it has a summary, unless ``publish_original`` is false.
    ``full_texts`` maps a language to the translation of every sentence, stored as a done
    full-text translation (published with that language's summary when it is published).
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
                    review_state="draft" if review_state == "machine" else review_state,
                )
            )
        for target, translated in (full_texts or {}).items():
            session.add(
                Translation(
                    revision_id=revision.id,
                    language=target,
                    full_text=True,
                    status="done",
                    engine="test",
                    model_version="test-1",
                    headline=None,
                    sentences=list(translated),
                    source_indexes=list(range(len(sentences))),
                    review_state="draft",
                )
            )
        session.flush()
        if summary_indexes is not None and publish_original:
            publish(session, revision.id, language)
        if review_state in PUBLISHED_AS:
            for target in translations or {}:
                publish(session, revision.id, target, provenance=PUBLISHED_AS[review_state])
        if search_index:  # as the desk does after every publication
            sync_index(session)
        return dispatch.id


PUBLISHED_AS = {"machine": Provenance.MACHINE, "approved": Provenance.REVIEWED}
