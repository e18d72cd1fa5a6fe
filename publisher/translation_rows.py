"""Stored translations by language: count them, and drop the rows of a language.

Older versions stored whatever ``translate --to`` was given (``klingon`` stayed pending
forever and made every later ``run`` exit 1); :func:`drop_translations` removes such rows and
the failed jobs that went with them. No Flask and no click here: the CLI is a thin shell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from publisher.db import Job, Publication, Store, Translation
from publisher.errors import ConfigError
from publisher.languages import Language, UnknownLanguage

STATUSES = ("pending", "done", "failed")
# What `drop` removes unless told otherwise: never finished work.
UNFINISHED = ("pending", "failed")


@dataclass(frozen=True)
class LanguageRows:
    """The stored translations of one language code, counted by status."""

    language: str
    counts: dict[str, int] = field(default_factory=dict)
    # our normal form of the code; None when the code is no language at all
    normal: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def note(self) -> str:
        """Why the code needs attention, or "" when it is a language in its normal form."""
        if self.normal is None:
            return f"not a language code: publisher translations drop --lang {self.language}"
        if self.normal != self.language:
            return f"stored by an older version; the code is written {self.normal} now"
        return ""

    def to_json(self) -> dict[str, object]:
        return {
            "language": self.language,
            "counts": {status: self.counts.get(status, 0) for status in STATUSES},
            "total": self.total,
            "valid": self.normal is not None,
            "normal": self.normal,
        }


@dataclass(frozen=True)
class DropReport:
    language: str
    statuses: tuple[str, ...]
    translations: int
    jobs: int


def _normal(code: str) -> str | None:
    try:
        return Language.parse(code)
    except UnknownLanguage:
        return None


def count_translations(store: Store) -> list[LanguageRows]:
    """Every language code found in stored translations, with its rows counted by status."""
    with store.session() as session:
        rows = session.execute(
            select(Translation.language, Translation.status, func.count()).group_by(
                Translation.language, Translation.status
            )
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for language, status, count in rows:
        counts.setdefault(language, {})[status] = int(count)
    return [
        LanguageRows(language, by_status, _normal(language))
        for language, by_status in sorted(counts.items())
    ]


def statuses_to_drop(status: str | None) -> tuple[str, ...]:
    """The statuses ``--status`` names: one of STATUSES, ``any``, or None for the unfinished.

    Raises ConfigError for anything else.
    """
    if status is None:
        return UNFINISHED
    if status == "any":
        return STATUSES
    if status not in STATUSES:
        raise ConfigError(f"--status: {status!r} is not one of {', '.join((*STATUSES, 'any'))}")
    return (status,)


def drop_translations(store: Store, language: str, statuses: Iterable[str]) -> DropReport:
    """Delete the translations stored under exactly ``language`` with one of ``statuses``.

    The failed jobs of those translations go with them; when finished ones are dropped, the
    published versions in that language are taken off the reader site and out of the search
    index too, all in one transaction. Raises ConfigError for an empty code.
    """
    code = language.strip()
    if not code:
        raise ConfigError("--lang: give the language code the translations are stored under")
    wanted = tuple(statuses)
    match = (Translation.language == code, Translation.status.in_(wanted))
    with store.session() as session:
        doomed = session.execute(
            select(Translation.revision_id, Translation.status).where(*match)
        ).all()
        if not doomed:
            return DropReport(code, wanted, 0, 0)
        # subqueries, not lists of ids: a desk can hold more rows than a statement has room
        # for parameters
        failed_jobs = (
            Job.status == "failed",
            Job.language == code,
            Job.revision_id.in_(select(Translation.revision_id).where(*match)),
        )
        jobs = session.scalar(select(func.count()).select_from(Job).where(*failed_jobs))
        session.execute(
            delete(Job).where(*failed_jobs).execution_options(synchronize_session=False)
        )
        session.execute(
            delete(Translation).where(*match).execution_options(synchronize_session=False)
        )
        if any(status == "done" for _revision_id, status in doomed):
            # finished translations were readable: what readers saw of them goes too
            from publisher.search import sync_index

            session.execute(delete(Publication).where(Publication.language == code))
            sync_index(session)
    return DropReport(code, wanted, len(doomed), int(jobs or 0))
