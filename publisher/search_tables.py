"""The search index tables, which SQLAlchemy's models cannot describe: DDL by backend.

SQLite keeps an FTS5 virtual table with the ``trigram`` tokenizer (FTS5 adds shadow tables named
``search_fts_*``); PostgreSQL keeps a table with a ``tsvector`` column under a GIN index. The
baseline migration creates them through these helpers and ``publisher.search.rebuild_index``
drops and recreates them, so a change here changes what ``0001_baseline`` creates: alter the
index tables in a new revision instead, and change these helpers with it.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

FTS_TABLE = "search_fts"
DOCUMENTS_TABLE = "search_documents"

_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "headline, summary, revision_id UNINDEXED, language UNINDEXED, tokenize='trigram')",
)
_POSTGRES_DDL = (
    f"CREATE TABLE IF NOT EXISTS {DOCUMENTS_TABLE} ("
    "revision_id integer NOT NULL, language varchar(16) NOT NULL, "
    "headline text NOT NULL, summary text NOT NULL, document tsvector NOT NULL, "
    "PRIMARY KEY (revision_id, language))",
    f"CREATE INDEX IF NOT EXISTS search_documents_document ON {DOCUMENTS_TABLE} "
    "USING gin (document)",
)


def index_table(dialect: str) -> str:
    """The table that holds the search documents on ``dialect``."""
    return FTS_TABLE if dialect == "sqlite" else DOCUMENTS_TABLE


def create_index_tables(connection: Connection) -> None:
    """Create the backend's index tables unless they exist."""
    statements = _SQLITE_DDL if connection.dialect.name == "sqlite" else _POSTGRES_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_index_tables(connection: Connection) -> None:
    """Drop the backend's index tables (the GIN index and FTS5 shadow tables go with them)."""
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index_table(connection.dialect.name)}")


def is_index_table(name: str) -> bool:
    """Whether ``name`` belongs to the search index rather than to the models (the FTS5 table
    and its shadow tables, or PostgreSQL's documents table): autogenerate leaves these alone."""
    return name in {FTS_TABLE, DOCUMENTS_TABLE} or name.startswith(f"{FTS_TABLE}_")
