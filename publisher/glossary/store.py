"""Glossaries in the database: one per language pair, its version bumped on every edit.

Functions take the caller's session, so an edit joins the caller's transaction (an import is
all its good rows or nothing). Rules: a source term has at most one do-not-translate or
forced entry (a new one replaces it), any number of forbidden renderings, and no rendering
both forced and forbidden.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Glossary, GlossaryTerm
from publisher.errors import NotFound
from publisher.glossary.model import MAX_TERMS, GlossaryError, LanguagePair, Term, TermKind

_PROTECTED = (TermKind.DNT, TermKind.FORCED)


class Outcome(enum.StrEnum):
    ADDED = "added"
    UPDATED = "updated"  # same rule, new note or case sensitivity
    REPLACED = "replaced"  # a new rendering for the term
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class GlossarySnapshot:
    """The terms of a pair as one version: what translation and the checks use."""

    source_lang: str
    target_lang: str
    version: int
    terms: tuple[Term, ...]

    @property
    def fingerprint(self) -> str:
        """Changes whenever the glossary does: part of a dismissed flag's fingerprint."""
        return f"{self.source_lang}-{self.target_lang}:v{self.version}"


@dataclass(frozen=True)
class GlossaryInfo:
    pair: str
    source_lang: str
    target_lang: str
    version: int
    counts: dict[str, int]
    updated_at: datetime


def _term(row: GlossaryTerm) -> Term:
    return Term(row.source, row.target, TermKind(row.kind), row.note or "", row.case_sensitive)


def _find(session: Session, pair: LanguagePair) -> Glossary | None:
    return session.scalars(
        select(Glossary)
        .where(Glossary.source_lang == pair.source, Glossary.target_lang == pair.target)
        .options(selectinload(Glossary.terms))
    ).first()


def snapshot(session: Session, source_lang: str, target_lang: str) -> GlossarySnapshot:
    """The glossary of a pair (version 0 and no terms when it has none)."""
    glossary = session.scalars(
        select(Glossary)
        .where(Glossary.source_lang == source_lang, Glossary.target_lang == target_lang)
        .options(selectinload(Glossary.terms))
    ).first()
    if glossary is None:
        return GlossarySnapshot(source_lang, target_lang, 0, ())
    terms = tuple(_term(row) for row in glossary.terms)
    return GlossarySnapshot(source_lang, target_lang, glossary.version, terms)


def list_glossaries(session: Session, pair: LanguagePair | None = None) -> list[GlossaryInfo]:
    query = select(Glossary).options(selectinload(Glossary.terms))
    if pair is not None:
        query = query.where(
            Glossary.source_lang == pair.source, Glossary.target_lang == pair.target
        )
    infos = []
    for glossary in session.scalars(query.order_by(Glossary.source_lang, Glossary.target_lang)):
        counts = Counter(row.kind for row in glossary.terms)
        infos.append(
            GlossaryInfo(
                f"{glossary.source_lang}-{glossary.target_lang}",
                glossary.source_lang,
                glossary.target_lang,
                glossary.version,
                {kind.value: counts.get(kind.value, 0) for kind in TermKind},
                glossary.updated_at,
            )
        )
    return infos


def _apply(session: Session, glossary: Glossary, term: Term) -> Outcome:
    same_source = [row for row in glossary.terms if row.source == term.source]
    if term.kind in _PROTECTED:
        if any(r.kind == TermKind.FORBIDDEN and r.target == term.target for r in same_source):
            raise GlossaryError(
                f"{term.target!r} is a forbidden rendering of {term.source!r}; remove that first"
            )
        existing = [row for row in same_source if TermKind(row.kind) in _PROTECTED]
    else:
        if any(TermKind(r.kind) in _PROTECTED and r.target == term.target for r in same_source):
            raise GlossaryError(
                f"{term.target!r} is the glossary's own rendering of {term.source!r}"
            )
        existing = [
            row for row in same_source if row.kind == term.kind and row.target == term.target
        ]
    for row in existing:
        if row.kind == term.kind and row.target == term.target:
            if (row.note or "") == term.note and row.case_sensitive == term.case_sensitive:
                return Outcome.UNCHANGED
            row.note, row.case_sensitive = term.note or None, term.case_sensitive
            return Outcome.UPDATED
    outcome = Outcome.REPLACED if existing else Outcome.ADDED
    for row in existing:
        glossary.terms.remove(row)
        session.delete(row)
    if outcome is Outcome.ADDED and len(glossary.terms) >= MAX_TERMS:
        raise GlossaryError(f"the glossary already holds {MAX_TERMS:,} terms, the most it may")
    glossary.terms.append(
        GlossaryTerm(
            kind=term.kind.value,
            source=term.source,
            target=term.target,
            note=term.note or None,
            case_sensitive=term.case_sensitive,
        )
    )
    session.flush()
    return outcome


def _glossary(session: Session, pair: LanguagePair) -> Glossary:
    glossary = _find(session, pair)
    if glossary is None:
        glossary = Glossary(source_lang=str(pair.source), target_lang=str(pair.target), version=0)
        session.add(glossary)
        session.flush()
    return glossary


def add_terms(session: Session, pair: LanguagePair, terms: Iterable[Term]) -> list[Outcome]:
    """Add (or update, or replace) terms; the version goes up once if anything changed.

    Raises GlossaryError for a term that breaks a rule; the caller's transaction then
    writes nothing.
    """
    glossary = _glossary(session, pair)
    outcomes = [_apply(session, glossary, term) for term in terms]
    if any(outcome is not Outcome.UNCHANGED for outcome in outcomes):
        glossary.version += 1
    return outcomes


def remove_terms(
    session: Session,
    pair: LanguagePair,
    source: str,
    kind: TermKind | None = None,
    target: str | None = None,
) -> int:
    """Remove the entries of ``source`` (of one kind, or one rendering); return how many.

    Raises NotFound when nothing matches.
    """
    glossary = _find(session, pair)
    wanted = " ".join(source.split())
    rows = [
        row
        for row in (glossary.terms if glossary is not None else [])
        if row.source == wanted
        and (kind is None or row.kind == kind.value)
        and (target is None or row.target == " ".join(target.split()))
    ]
    if glossary is None or not rows:
        raise NotFound(f"no such term in the {pair} glossary: {wanted[:80]!r}")
    for row in rows:
        glossary.terms.remove(row)
        session.delete(row)
    glossary.version += 1
    return len(rows)


@dataclass(frozen=True)
class RowError:
    """A row of an imported file that was skipped, and why (``where``: a line or an id)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportReport:
    outcomes: Counter[str]
    errors: list[RowError]
    version: int

    @property
    def changed(self) -> int:
        return sum(n for name, n in self.outcomes.items() if name != Outcome.UNCHANGED)


def import_terms(
    session: Session, pair: LanguagePair, rows: Iterable[tuple[str, Term]]
) -> ImportReport:
    """Add parsed rows (``where``, term); a row that breaks a rule is reported and skipped.

    Every rule is checked before anything of that row changes, so a skipped row leaves no
    trace; a later row of the same file conflicting with an earlier one is skipped too (the
    file does not silently overwrite itself).
    """
    glossary = _glossary(session, pair)
    outcomes: Counter[str] = Counter()
    errors: list[RowError] = []
    seen: dict[tuple[str, str], str] = {}
    for where, term in rows:
        if term.kind in _PROTECTED:
            earlier = seen.get((term.source, "protected"))
            if earlier is not None:
                errors.append(
                    RowError(where, f"{term.source!r} already has a rendering at {earlier}")
                )
                continue
            seen[(term.source, "protected")] = where
        try:
            outcomes[_apply(session, glossary, term).value] += 1
        except GlossaryError as error:
            errors.append(RowError(where, str(error)))
    if any(name != Outcome.UNCHANGED for name in outcomes):
        glossary.version += 1
    return ImportReport(outcomes, errors, glossary.version)
