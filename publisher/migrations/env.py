"""Alembic's environment for publisher: run by publisher.schema, which passes the connection.

Adding a revision (in a source checkout, after changing the models in publisher/db.py):

    python -m publisher.schema revision -m "add publications"

upgrades a throwaway SQLite database to head, compares it with the models and writes
publisher/migrations/versions/0002_add_publications.py (ids are numbered, so the order of the
files is the order of the revisions). Add ``--database-url postgresql+psycopg://...`` to compare
against a PostgreSQL database at head instead, and ``--empty`` for a revision to fill in by hand
(data migrations). Read what autogenerate wrote: it does not see renames, server defaults or
the search index tables (publisher/search_tables.py), which it is told to leave alone. Then
`publisher db upgrade` (or any command on SQLite) applies it, and tests/test_migrations.py checks
that the models and the revisions still agree on both backends.

There is no alembic.ini: the configuration is built in code (publisher.schema.alembic_config),
and the database is the one the desk's settings name.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from publisher.db import Base, UTCDateTime
from publisher.schema import include_object


def render_item(
    type_: str,
    obj: Any,
    autogen_context: AutogenContext,  # noqa: ARG001
) -> str | Literal[False]:
    """Write our UTCDateTime as the column type it creates, so a revision stays valid however
    the Python type changes later."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_item=render_item,
        # SQLite alters tables by copying them; batch mode writes revisions that way
        render_as_batch=connection.dialect.name == "sqlite",
    )
    # publisher.schema has begun the transaction (and taken the lock); this joins it
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if context.is_offline_mode() or not isinstance(connection, Connection):
    raise RuntimeError(
        "run migrations through publisher.schema (`publisher db upgrade`), which passes the "
        "database connection; offline SQL scripts are not supported"
    )
run_migrations(connection)
