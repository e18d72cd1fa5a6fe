"""What digest books and bulk exports read: published versions by language and period.

Days are counted in each language's own time zone, as the digest pages count them. Items are
read a chunk at a time (``reading.iter_published``), so a long period never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from publisher.db import Publication, Revision
from publisher.errors import ConfigError
from publisher.export.book import Book
from publisher.export.model import ExportItem, export_item
from publisher.publication import READABLE
from publisher.reading import iter_published

MAX_DAYS = 3660  # ten years: a longer period is a typing mistake, not a digest


def check_period(since: date, until: date) -> None:
    """Raises ConfigError for a period that ends before it starts or is longer than MAX_DAYS."""
    if until < since:
        raise ConfigError(f"--until {until} is before --since {since}")
    if (until - since).days >= MAX_DAYS:
        raise ConfigError(f"a period of at most {MAX_DAYS} days, please")


def bounds(since: date, until: date, zone: str) -> tuple[datetime, datetime]:
    """The instants that open ``since`` and close ``until`` (inclusive) in ``zone``."""
    tz = ZoneInfo(zone)
    start = datetime.combine(since, time.min, tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _readable_in(
    language: str, start: datetime | None, end: datetime | None
) -> ColumnElement[bool]:
    when = func.coalesce(Revision.published_at, Revision.ingested_at)
    condition = and_(READABLE, Publication.language == language)
    if start is not None:
        condition = and_(condition, when >= start)
    if end is not None:
        condition = and_(condition, when < end)
    return condition


def count(
    session: Session,
    language: str,
    start: datetime | None = None,
    end: datetime | None = None,
    dispatch_ids: Sequence[int] | None = None,
) -> int:
    """How many versions in ``language`` an export of this period would hold."""
    condition = _readable_in(language, start, end)
    if dispatch_ids is not None:
        condition = and_(condition, Publication.dispatch_id.in_(list(dispatch_ids)))
    query = (
        select(func.count())
        .select_from(Publication)
        .join(Revision, Revision.id == Publication.revision_id)
        .where(condition)
    )
    return int(session.scalar(query) or 0)


def published_period(session: Session, language: str, zone: str) -> tuple[date, date] | None:
    """The first and last day (in ``zone``) anything is published in ``language``."""
    when = func.coalesce(Revision.published_at, Revision.ingested_at)
    first, last = session.execute(
        select(func.min(when), func.max(when))
        .select_from(Publication)
        .join(Revision, Revision.id == Publication.revision_id)
        .where(_readable_in(language, None, None))
    ).one()
    if first is None or last is None:
        return None
    tz = ZoneInfo(zone)
    return _aware(first).astimezone(tz).date(), _aware(last).astimezone(tz).date()


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):  # SQLite returns an aggregate of datetimes as text
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def modified(session: Session, language: str, start: datetime, end: datetime) -> datetime:
    """The latest publication among this period's versions, else the period's start: the
    date a book carries, so the same content makes the same file."""
    latest = session.scalar(
        select(func.max(Publication.published_at))
        .join(Revision, Revision.id == Publication.revision_id)
        .where(_readable_in(language, start, end))
    )
    return _aware(latest).astimezone(UTC) if latest is not None else start.astimezone(UTC)


def items(
    session: Session,
    language: str,
    start: datetime | None = None,
    end: datetime | None = None,
    dispatch_ids: Sequence[int] | None = None,
) -> Iterator[ExportItem]:
    """The published versions in ``language`` of this period, oldest first, as export items."""
    for item in iter_published(session, language, start=start, end=end, dispatch_ids=dispatch_ids):
        yield export_item(item)


def book(session: Session, language: str, since: date, until: date, zone: str) -> Book:
    """The digest of ``language`` from ``since`` to ``until`` (inclusive, days of ``zone``)."""
    check_period(since, until)
    start, end = bounds(since, until, zone)
    return Book(
        language=language,
        since=since,
        until=until,
        modified=modified(session, language, start, end),
        items=items(session, language, start, end),
    )
