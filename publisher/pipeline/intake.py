"""Storing parsed dispatches: dedupe exact repeats, turn later versions into revisions."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from publisher.db import Dispatch, Revision, Store, utcnow
from publisher.errors import StorageFailure
from publisher.ingest import ParsedDispatch, detect_language, same_story
from publisher.ingest.model import describe_error, failure_of

log = logging.getLogger(__name__)

# How far back an agency update ("(2nd LD)", "UPDATE 2") may reach to find its story.
UPDATE_WINDOW = timedelta(days=3)
# Transactions tried for one item when others store the same story at the same moment; each
# waits a little longer (with jitter, so that racing processes spread out), at most RETRY_WAIT.
STORE_ATTEMPTS = 12
RETRY_WAIT = 0.5
# PostgreSQL's serialization failure and deadlock: the transaction may simply be tried again.
_RETRIED_SQLSTATES = frozenset({"40001", "40P01"})


@dataclass(frozen=True)
class IntakeOutcome:
    """What happened to one input item."""

    source_name: str
    # added | revised | duplicate | failed; or, for no item stored and none lost, ignored (not
    # a text item) | warning (about the whole input, e.g. a feed read leniently)
    status: str
    dispatch_id: int | None = None
    revision: int | None = None
    reason: str | None = None
    headline: str | None = None
    # what ingest dropped from the item (e.g. an unsafe source URL): stored, but worth a word
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def _find_story(session: Session, item: ParsedDispatch) -> Dispatch | None:
    dispatch = session.scalars(
        select(Dispatch).where(Dispatch.story_key == item.story_key())
    ).first()
    if dispatch is not None or not item.update_tag:
        return dispatch
    # An agency update of a story with no stable id: same agency, near-identical headline.
    since = utcnow() - UPDATE_WINDOW
    candidates = session.execute(
        select(Dispatch, Revision.headline)
        .join(Revision, Revision.id == Dispatch.current_revision_id)
        .where(Dispatch.agency == item.agency, Revision.ingested_at >= since)
        .order_by(Revision.ingested_at.desc())
        .limit(200)
    ).all()
    for candidate, headline in candidates:
        if same_story(headline, item.headline):
            return candidate
    return None


def store_dispatch(store: Store, item: ParsedDispatch) -> IntakeOutcome:
    """Store one parsed dispatch in its own transaction; never leaves a partial dispatch.

    Processes storing revisions of the same story at once all succeed: a transaction that
    loses a race (the same story key, revision number or content stored meanwhile) is tried
    again in a fresh one, which then numbers the revision after the last one stored, or finds
    the item a duplicate. Any other failure with this item is its own failed outcome.

    Raises StorageFailure when the database cannot store anything (read-only, disk full,
    server unreachable): that is no item's fault, and the next items would fail alike.
    """
    try:
        language = item.language or detect_language(" ".join([item.headline, *item.paragraphs[:3]]))
        content_hash = item.content_hash()
    except Exception as error:  # noqa: BLE001 - at the edge of one item, any failure is its own
        return _failed(item, failure_of(error, item.source_name).reason)
    for attempt in range(STORE_ATTEMPTS):
        try:
            return _store_once(store, item, language, content_hash)
        except (IntegrityError, OperationalError) as error:
            if not _worth_retrying(error):
                if isinstance(error, OperationalError):
                    raise _storage_failure(store, error) from error
                return _failed(item, f"cannot be stored: {_first_line(error)}")
            log.debug("%s: retrying after %s", item.source_name, _first_line(error))
            time.sleep(min(RETRY_WAIT, 0.01 * 2**attempt) * random.uniform(0.5, 1.5))  # noqa: S311
        except DBAPIError as error:
            if error.connection_invalidated:
                raise _storage_failure(store, error) from error
            return _failed(item, f"cannot be stored: {_first_line(error)}")
        except Exception as error:  # noqa: BLE001 - at the edge of one item, any failure is its own
            log.debug("%s: storing failed", item.source_name, exc_info=error)
            return _failed(item, f"cannot be stored ({describe_error(error)})")
    return _failed(
        item,
        f"cannot be stored: other processes kept storing the same story ({STORE_ATTEMPTS} tries)",
    )


def _worth_retrying(error: DBAPIError) -> bool:
    """Whether a fresh transaction may succeed where this one failed."""
    if isinstance(error, IntegrityError):
        return True  # a unique key taken meanwhile: the next transaction sees who took it
    if getattr(error.orig, "sqlstate", None) in _RETRIED_SQLSTATES:
        return True
    # SQLite in WAL mode refuses at once a writer whose snapshot is stale (no busy wait).
    return "database is locked" in str(error.orig)


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig).strip()
    return text.splitlines()[0] if text else type(error.orig).__name__


def _storage_failure(store: Store, error: DBAPIError) -> StorageFailure:
    where = store.engine.url.render_as_string(hide_password=True)
    return StorageFailure(f"cannot store in the database {where}: {_first_line(error)}")


def _failed(item: ParsedDispatch, reason: str) -> IntakeOutcome:
    return IntakeOutcome(
        item.source_name,
        "failed",
        reason=reason,
        headline=item.headline,
        warnings=tuple(item.warnings),
    )


def _store_once(
    store: Store, item: ParsedDispatch, language: str, content_hash: str
) -> IntakeOutcome:
    """One transaction storing ``item``; raises what the database raises."""
    with store.session() as session:
        existing = session.scalars(
            select(Revision).where(Revision.content_hash == content_hash)
        ).first()
        if existing is not None:
            return IntakeOutcome(
                item.source_name,
                "duplicate",
                existing.dispatch_id,
                existing.number,
                headline=item.headline,
                warnings=tuple(item.warnings),
            )
        dispatch = _find_story(session, item)
        if dispatch is None:
            dispatch = Dispatch(story_key=item.story_key(), agency=item.agency)
            session.add(dispatch)
            session.flush()
            number = 1
        else:
            number = 1 + max(
                session.scalars(select(Revision.number).where(Revision.dispatch_id == dispatch.id)),
                default=0,
            )
        revision = Revision(
            dispatch_id=dispatch.id,
            number=number,
            content_hash=content_hash,
            source_format=item.source_format,
            source_name=item.source_name,
            url=item.url,
            guid=item.guid,
            language=language,
            headline=item.headline,
            agency=item.agency,
            byline=item.byline,
            dateline=item.dateline,
            update_tag=item.update_tag,
            topics=list(item.topics),
            published_at=item.published or item.updated,
            published_iso=item.published.isoformat() if item.published else None,
            published_inferred=item.published_inferred,
            updated_iso=item.updated.isoformat() if item.updated else None,
            paragraphs=list(item.paragraphs),
            derived=dict(item.derived) or None,
        )
        session.add(revision)
        session.flush()
        dispatch.current_revision_id = revision.id
        dispatch.agency = item.agency or dispatch.agency
        status = "added" if number == 1 else "revised"
        return IntakeOutcome(
            item.source_name,
            status,
            dispatch.id,
            number,
            headline=item.headline,
            warnings=tuple(item.warnings),
        )
