"""Full-text search over headlines and summaries in every language (no Flask here).

SQLite keeps an FTS5 table with the ``trigram`` tokenizer, which matches inside words and so
works for Korean, Japanese and Chinese, which do not put spaces between words; terms shorter
than three characters fall back to LIKE on the same table. PostgreSQL keeps a ``tsvector``
column (the ``simple`` configuration, as the text comes in many languages) and matches terms
written in CJK scripts with ILIKE. Both sit behind the same functions.

The index holds one document per published version (revision, language), written from the
publications (publisher.publication) whenever the desk publishes or takes something down.
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
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Publication, Revision, Store, search_state
from publisher.publication import READABLE, VersionState
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


def _documents(session: Session, keys: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The searchable rows of these (revision, language) keys: their published text."""
    wanted = set(keys)
    revision_ids = sorted({rid for rid, _lang in keys})
    rows: list[dict[str, Any]] = []
    for start in range(0, len(revision_ids), _BATCH):
        chunk = revision_ids[start : start + _BATCH]
        for publication in session.scalars(
            select(Publication).where(READABLE, Publication.revision_id.in_(chunk))
        ):
            if (publication.revision_id, publication.language) not in wanted:
                continue
            rows.append(
                {
                    "revision_id": publication.revision_id,
                    "language": publication.language,
                    "headline": publication.headline,
                    "summary": " ".join(publication.sentences or []),
                    "stamp": publication.updated_at,
                }
            )
    return rows


def _drop_documents(session: Session, keys: list[tuple[int, str]]) -> None:
    if not keys:
        return
    table = index_table(_dialect(session))
    for revision_id, language in keys:
        params = {"revision_id": revision_id, "language": language}
        session.execute(
            text(f"DELETE FROM {table} WHERE revision_id = :revision_id AND language = :language"),
            params,
        )
        session.execute(
            delete(search_state).where(
                search_state.c.revision_id == revision_id, search_state.c.language == language
            )
        )


def _write_documents(session: Session, keys: list[tuple[int, str]]) -> int:
    _drop_documents(session, keys)
    rows = _documents(session, keys)
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
            selectinload(Revision.dispatch).selectinload(Dispatch.publications),
        )
    )
    return list(session.scalars(query))


def _stale_documents(session: Session) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Published versions whose documents are missing or older than the publication, and
    indexed documents that are no longer published."""
    published = (
        select(
            Publication.revision_id.label("revision_id"),
            Publication.language.label("language"),
            Publication.updated_at.label("stamp"),
        )
        .where(READABLE)
        .subquery()
    )
    state = search_state
    stale = (
        select(published.c.revision_id, published.c.language)
        .outerjoin(
            state,
            and_(
                state.c.revision_id == published.c.revision_id,
                state.c.language == published.c.language,
            ),
        )
        .where(or_(state.c.stamp.is_(None), state.c.stamp != published.c.stamp))
    )
    gone = (
        select(state.c.revision_id, state.c.language)
        .outerjoin(
            published,
            and_(
                published.c.revision_id == state.c.revision_id,
                published.c.language == state.c.language,
            ),
        )
        .where(published.c.revision_id.is_(None))
    )
    return (
        [(int(r), str(lang)) for r, lang in session.execute(stale)],
        [(int(r), str(lang)) for r, lang in session.execute(gone)],
    )


def sync_index(session: Session) -> int:
    """Index what was published or taken down since the last indexing; return how many
    documents were (re)indexed.

    Cheap when nothing changed: one query compares the index's stamps with the publications.
    Called by the desk whenever it publishes, never on a reader's request.
    """
    stale, gone = _stale_documents(session)
    _drop_documents(session, gone)
    for start in range(0, len(stale), _BATCH):
        _write_documents(session, stale[start : start + _BATCH])
    return len(stale)


def rebuild_index(store: Store) -> int:
    """Empty the search index and build it again from the publications; return the documents
    written."""
    with store.session() as session:
        drop_index_tables(session.connection())
        create_index_tables(session.connection())
        session.execute(delete(search_state))
    with store.session() as session:
        return sync_index(session)


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


# The index may lag a take-down by a moment; the publication itself has the last word.
_PUBLISHED = """EXISTS (
  SELECT 1 FROM publications p
  WHERE p.revision_id = f.revision_id AND p.language = f.language AND p.state = :published
)"""


def search(
    session: Session,
    query: str,
    *,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Published dispatches whose headline or summary in any language (or in ``language``)
    contains every term of ``query``, best match first.

    Raises nothing for odd input: quotes and operators in ``query`` are searched for as text.
    """
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms, total=0)
    if not terms:
        return results
    params: dict[str, Any] = {
        "published": VersionState.PUBLISHED.value,
        "limit": limit,
        "offset": offset,
    }
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
    # MATERIALIZED keeps SQLite from folding the ranking function into the aggregate below,
    # where FTS5 refuses to run it.
    source = (
        f"WITH f AS MATERIALIZED (SELECT revision_id, language, {rank} AS rank FROM {table} "
        f"WHERE {' AND '.join(conditions)}) "
        "SELECT {columns} FROM f "
        f"JOIN revisions r ON r.id = f.revision_id WHERE {_PUBLISHED}"
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
