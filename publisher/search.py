"""Full-text search over headlines and summaries in every language (no Flask here).

SQLite keeps an FTS5 table with the ``trigram`` tokenizer, which matches inside words and so
works for Korean, Japanese and Chinese, which do not put spaces between words; terms shorter
than three characters fall back to LIKE on the same table. PostgreSQL keeps a ``tsvector``
column (the ``simple`` configuration, as the text comes in many languages) and matches terms
written in CJK scripts with ILIKE. Both sit behind the same functions.

The index holds one document per (revision, language). What is published is decided when
searching, so a review that publishes or withdraws a translation needs no re-indexing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Revision, Store, Summary, Translation, search_state
from publisher.reading import DispatchView, view_of
from publisher.search_tables import create_index_tables, drop_index_tables, index_table

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
_BATCH = 500


@dataclass
class SearchHit:
    """One dispatch that matched, with the languages whose text matched."""

    dispatch: DispatchView
    languages: list[str]
    score: float


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    total: int
    hits: list[SearchHit] = field(default_factory=list)


def query_terms(query: str) -> list[str]:
    """Split a query into at most MAX_TERMS whitespace-separated terms."""
    return [term[:MAX_TERM_LENGTH] for term in query.split()[:MAX_TERMS]]


def is_cjk(term: str) -> bool:
    """Whether ``term`` contains Hangul, kana or Han characters (written without spaces)."""
    return any(
        "\u1100" <= ch <= "\u11ff"
        or "\u3040" <= ch <= "\u30ff"
        or "\u3130" <= ch <= "\u318f"
        or "\u3400" <= ch <= "\u4dbf"
        or "\u4e00" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7af"
        or "\uf900" <= ch <= "\ufaff"
        for ch in term
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _documents(revision: Revision) -> list[dict[str, Any]]:
    """The searchable rows of one loaded revision: its own language and each translation."""
    rows: list[dict[str, Any]] = []
    if revision.summary is not None:
        by_index = {s.index: s.text for s in revision.sentences}
        summary = " ".join(by_index[i] for i in revision.summary.sentence_indexes if i in by_index)
        rows.append(
            {
                "language": revision.language,
                "headline": revision.headline,
                "summary": summary,
                "stamp": revision.summary.created_at,
            }
        )
    for translation in revision.translations:
        if translation.full_text or translation.status != "done":
            continue
        rows.append(
            {
                "language": translation.language,
                "headline": translation.headline or "",
                "summary": " ".join(translation.sentences or []),
                "stamp": translation.updated_at,
            }
        )
    return rows


def _drop_documents(session: Session, revision_ids: list[int]) -> None:
    if not revision_ids:
        return
    table = index_table(_dialect(session))
    for start in range(0, len(revision_ids), _BATCH):
        chunk = revision_ids[start : start + _BATCH]
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        params = {f"r{i}": rid for i, rid in enumerate(chunk)}
        session.execute(text(f"DELETE FROM {table} WHERE revision_id IN ({marks})"), params)
        session.execute(delete(search_state).where(search_state.c.revision_id.in_(chunk)))


def _write_documents(session: Session, revisions: list[Revision]) -> int:
    _drop_documents(session, [r.id for r in revisions])
    rows = [
        {"revision_id": revision.id, **document}
        for revision in revisions
        for document in _documents(revision)
    ]
    if not rows:
        return 0
    if _dialect(session) == "sqlite":
        statement = (
            "INSERT INTO search_fts (headline, summary, revision_id, language) "
            "VALUES (:headline, :summary, :revision_id, :language)"
        )
    else:
        statement = (
            "INSERT INTO search_documents (revision_id, language, headline, summary, document) "
            "VALUES (:revision_id, :language, :headline, :summary, "
            "to_tsvector('simple', :headline || ' ' || :summary)) "
            # another machine may index the same revision at the same moment
            "ON CONFLICT (revision_id, language) DO UPDATE SET headline = EXCLUDED.headline, "
            "summary = EXCLUDED.summary, document = EXCLUDED.document"
        )
    session.execute(text(statement), [{k: v for k, v in r.items() if k != "stamp"} for r in rows])
    stamps = [
        {"revision_id": r["revision_id"], "language": r["language"], "stamp": r["stamp"]}
        for r in rows
    ]
    upsert = (
        sqlite_insert(search_state) if _dialect(session) == "sqlite" else pg_insert(search_state)
    )
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=["revision_id", "language"], set_={"stamp": upsert.excluded.stamp}
        ),
        stamps,
    )
    return len(rows)


def _load_revisions(session: Session, revision_ids: list[int]) -> list[Revision]:
    query = (
        select(Revision)
        .where(Revision.id.in_(revision_ids))
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
        )
    )
    return list(session.scalars(query))


def index_revision(session: Session, revision_id: int) -> int:
    """(Re)index one revision's headline and summary in every language; return the rows written.

    Call it after a summary or a translation of the revision changes. A revision that does not
    exist leaves nothing in the index.
    """
    revisions = _load_revisions(session, [revision_id])
    if not revisions:
        _drop_documents(session, [revision_id])
        return 0
    return _write_documents(session, revisions)


def _stale_revisions(session: Session) -> tuple[list[int], list[int]]:
    """Current revisions whose documents are missing or older than their source, and indexed
    revisions that are no longer current."""
    current = Dispatch.current_revision_id == Revision.id
    originals = (
        select(
            Revision.id.label("revision_id"),
            Revision.language.label("language"),
            Summary.created_at.label("stamp"),
        )
        .join(Dispatch, current)
        .join(Summary, Summary.revision_id == Revision.id)
    )
    translated = (
        select(Translation.revision_id, Translation.language, Translation.updated_at)
        .join(Dispatch, Dispatch.current_revision_id == Translation.revision_id)
        .where(Translation.status == "done", Translation.full_text.is_(False))
    )
    documents = union_all(originals, translated).subquery()
    state = search_state
    stale = (
        select(documents.c.revision_id)
        .outerjoin(
            state,
            and_(
                state.c.revision_id == documents.c.revision_id,
                state.c.language == documents.c.language,
            ),
        )
        .where(or_(state.c.stamp.is_(None), state.c.stamp != documents.c.stamp))
        .distinct()
    )
    gone = (
        select(state.c.revision_id)
        .outerjoin(Dispatch, Dispatch.current_revision_id == state.c.revision_id)
        .where(Dispatch.id.is_(None))
        .distinct()
    )
    return list(session.scalars(stale)), list(session.scalars(gone))


def sync_index(session: Session) -> int:
    """Index what changed since the last indexing; return how many revisions were (re)indexed.

    Cheap when nothing changed: one query compares the index's stamps with the source rows.
    """
    stale, gone = _stale_revisions(session)
    _drop_documents(session, gone)
    for start in range(0, len(stale), _BATCH):
        _write_documents(session, _load_revisions(session, stale[start : start + _BATCH]))
    return len(stale)


def rebuild_index(store: Store) -> int:
    """Drop the search index and build it again from the database; return the documents written."""
    with store.session() as session:
        drop_index_tables(session.connection())
        create_index_tables(session.connection())
        session.execute(delete(search_state))
        revision_ids = list(
            session.scalars(
                select(Dispatch.current_revision_id).where(
                    Dispatch.current_revision_id.is_not(None)
                )
            )
        )
    written = 0
    for start in range(0, len(revision_ids), _BATCH):
        with store.session() as session:
            chunk = [rid for rid in revision_ids[start : start + _BATCH] if rid is not None]
            written += _write_documents(session, _load_revisions(session, chunk))
    return written


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _match_sqlite(terms: list[str], params: dict[str, Any]) -> tuple[list[str], bool]:
    conditions: list[str] = []
    phrases = ['"' + term.replace('"', '""') + '"' for term in terms if len(term) >= 3]
    if phrases:
        params["match"] = " AND ".join(phrases)
        conditions.append("search_fts MATCH :match")
    for i, term in enumerate(t for t in terms if len(t) < 3):
        params[f"like{i}"] = _like(term)
        conditions.append(
            f"(headline LIKE :like{i} ESCAPE '\\' OR summary LIKE :like{i} ESCAPE '\\')"
        )
    return conditions, bool(phrases)


def _match_postgres(terms: list[str], params: dict[str, Any]) -> tuple[list[str], bool]:
    conditions: list[str] = []
    words = [term for term in terms if not is_cjk(term)]
    if words:
        params["words"] = " ".join(words)
        conditions.append("document @@ plainto_tsquery('simple', :words)")
    for i, term in enumerate(t for t in terms if is_cjk(t)):
        params[f"like{i}"] = _like(term)
        conditions.append(
            f"(headline ILIKE :like{i} ESCAPE '\\' OR summary ILIKE :like{i} ESCAPE '\\')"
        )
    return conditions, bool(words)


_PUBLISHED = """(
  (f.language = r.language AND EXISTS (SELECT 1 FROM summaries s WHERE s.revision_id = r.id))
  OR EXISTS (
    SELECT 1 FROM translations t
    WHERE t.revision_id = f.revision_id AND t.language = f.language
      AND t.full_text = :no AND t.status = 'done' AND t.review_state IN ({states})
  )
)"""


def search(
    session: Session,
    query: str,
    *,
    language: str | None = None,
    auto_publish: bool = True,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Published dispatches whose headline or summary in any language (or in ``language``)
    contains every term of ``query``, best match first.

    ``auto_publish`` counts unreviewed machine translations as published. Raises nothing for
    odd input: quotes and operators in ``query`` are searched for as text.
    """
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms, total=0)
    if not terms:
        return results
    params: dict[str, Any] = {"no": False, "limit": limit, "offset": offset}
    if _dialect(session) == "sqlite":
        table = "search_fts"
        conditions, ranked = _match_sqlite(terms, params)
        rank = "bm25(search_fts)" if ranked else "0.0"
    else:
        table = "search_documents"
        conditions, ranked = _match_postgres(terms, params)
        rank = "-ts_rank(document, plainto_tsquery('simple', :words))" if ranked else "0.0"
    if language is not None:
        params["language"] = language
        conditions.append("language = :language")
    states = ["approved", "machine"] if auto_publish else ["approved"]
    state_marks = ", ".join(f":state{i}" for i in range(len(states)))
    params.update({f"state{i}": state for i, state in enumerate(states)})
    # MATERIALIZED keeps SQLite from folding the ranking function into the aggregate below,
    # where FTS5 refuses to run it.
    source = (
        f"WITH f AS MATERIALIZED (SELECT revision_id, language, {rank} AS rank FROM {table} "
        f"WHERE {' AND '.join(conditions)}) "
        "SELECT {columns} FROM f JOIN dispatches d ON d.current_revision_id = f.revision_id "
        f"JOIN revisions r ON r.id = f.revision_id WHERE {_PUBLISHED.format(states=state_marks)}"
    )
    results.total = int(
        session.scalar(text(source.format(columns="count(DISTINCT f.revision_id)")), params) or 0
    )
    if results.total == 0:
        return results
    rows = session.execute(
        text(
            source.format(
                columns="f.revision_id, min(f.rank) AS score, "
                "max(coalesce(r.published_at, r.ingested_at)) AS sort_time"
            )
            + " GROUP BY f.revision_id ORDER BY score, sort_time DESC, f.revision_id DESC"
            " LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    ids = [int(row.revision_id) for row in rows]
    matched = _matched_languages(session, ids, source, params)
    revisions = {revision.id: revision for revision in _load_revisions(session, ids)}
    results.hits = [
        SearchHit(
            dispatch=view_of(revisions[row.revision_id]),
            languages=sorted(matched.get(int(row.revision_id), [])),
            score=float(row.score or 0.0),
        )
        for row in rows
        if row.revision_id in revisions
    ]
    return results


def _matched_languages(
    session: Session, ids: list[int], source: str, params: dict[str, Any]
) -> dict[int, list[str]]:
    if not ids:
        return {}
    marks = ", ".join(f":id{i}" for i in range(len(ids)))
    scoped = {**params, **{f"id{i}": rid for i, rid in enumerate(ids)}}
    rows = session.execute(
        text(
            source.format(columns="f.revision_id, f.language") + f" AND f.revision_id IN ({marks})"
        ),
        scoped,
    ).all()
    matched: dict[int, list[str]] = {}
    for row in rows:
        matched.setdefault(int(row.revision_id), []).append(str(row.language))
    return matched
