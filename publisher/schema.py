"""The database schema's revisions: Alembic, run from code (the revisions are in
publisher/migrations/versions; there is no alembic.ini).

The desk never creates tables itself. ``upgrade`` moves a database to a revision, and adopts a
database made before migrations existed (its tables are there, ``alembic_version`` is not) by
stamping it ``0001_baseline`` first. ``prepare`` is the start-up rule of the desk: SQLite, the
embedded single-process default, is upgraded on the spot; a PostgreSQL database, shared by
several machines, is only checked, and one behind head refuses every command but ``publisher db``.

``python -m publisher.schema revision -m MESSAGE`` writes a new revision (see
publisher/migrations/env.py).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError

from publisher.db import Store, search_state
from publisher.errors import DatabaseUnreachable, SchemaError
from publisher.search_tables import create_index_tables, is_index_table

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"
VERSION_TABLE = "alembic_version"
# The tables of 0001_baseline that every database made before migrations has: the desk ran
# create_all on each start. The search tables came later, on first use, so they may be missing.
LEGACY_TABLES = (
    "dispatches",
    "revisions",
    "sentences",
    "summaries",
    "translations",
    "translation_memory",
    "jobs",
)
UPGRADE_HINT = "run publisher db upgrade"
# pg_advisory_xact_lock key: two machines upgrading at once take turns ("publ" in ASCII)
_LOCK_KEY = 0x7075626C
_LOCKED_PATIENCE = 30.0  # seconds, as db's busy_timeout


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its revision (None when it has none) against this code's head."""

    revision: str | None
    head: str
    legacy: bool = False  # tables from before migrations, no revision yet

    @property
    def is_current(self) -> bool:
        return self.revision == self.head

    @property
    def known(self) -> bool:
        """Whether this code knows the database's revision (False: newer code moved it on)."""
        return self.revision is None or self.revision in _revision_ids()

    def describe(self) -> str:
        if self.revision is not None:
            return f"database is at revision {self.revision}"
        if self.legacy:
            return "database has tables from before schema revisions"
        return "database is empty"


class Upgrade(NamedTuple):
    """What an upgrade did: the revisions before and after, and whether it adopted a database
    from before migrations (then ``before`` is None and the baseline was stamped first)."""

    before: str | None
    after: str | None
    adopted: bool = False


@dataclass(frozen=True)
class RevisionInfo:
    revision: str
    down_revision: str | None
    message: str
    is_head: bool

    def to_json(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "down_revision": self.down_revision,
            "message": self.message,
            "head": self.is_head,
        }


def alembic_config(
    connection: Connection | None = None, *, script_location: Path = MIGRATIONS_DIR
) -> Config:
    """Alembic's configuration for our revisions, built in code; ``connection`` is the one
    env.py migrates."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    # the revision id is the file name: 0002_add_publications.py ("%%": ConfigParser escaping)
    config.set_main_option("file_template", "%%(rev)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def include_object(
    obj: Any,  # noqa: ARG001
    name: str | None,
    type_: str,
    reflected: bool,  # noqa: ARG001
    compare_to: Any,  # noqa: ARG001
) -> bool:
    """Leave the search index tables (FTS5 and its shadow tables, the tsvector table) alone:
    they are made by raw DDL, not by the models."""
    return not (type_ == "table" and name is not None and is_index_table(name))


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


@cache
def _revision_ids() -> frozenset[str]:
    return frozenset(script.revision for script in _script().walk_revisions())


def head() -> str:
    """The revision this version of publisher needs."""
    try:
        revision = _script().get_current_head()
    except CommandError as error:  # two revisions on the same parent, e.g. after a merge
        raise SchemaError(f"{error} (alembic merge joins them)") from error
    if revision is None:  # only a broken checkout has no revisions
        raise SchemaError(f"no schema revisions found in {MIGRATIONS_DIR}")
    return revision


def history() -> list[RevisionInfo]:
    """Every revision, oldest first."""
    newest = head()
    return [
        RevisionInfo(
            script.revision,
            script.down_revision if isinstance(script.down_revision, str) else None,
            (script.doc or "").strip(),
            script.revision == newest,
        )
        for script in reversed(list(_script().walk_revisions()))
    ]


@contextmanager
def _connect(store: Store) -> Iterator[Connection]:
    """A connection to ``store``; raises DatabaseUnreachable, one line, when there is none."""
    deadline = time.monotonic() + _LOCKED_PATIENCE
    while True:
        try:
            connection = store.engine.connect()
            break
        except OperationalError as error:
            # A new SQLite file is switched to WAL by its first connection (db._sqlite_pragmas);
            # a second process connecting meanwhile is refused at once, without a busy wait.
            locked = store.dialect == "sqlite" and "database is locked" in str(error.orig)
            if locked and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            _unreachable(store, error)
    with connection:
        yield connection


def _unreachable(store: Store, error: OperationalError) -> NoReturn:
    reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else "?"
    where = store.engine.url.render_as_string(hide_password=True)
    raise DatabaseUnreachable(f"cannot reach the database {where}: {reason}") from error


def _stored_revision(connection: Connection) -> str | None:
    """The revision in alembic_version; None when the table is missing or empty.

    Outside a transaction this is one query: a missing table is the rare case, answered by the
    error. Inside one (an upgrade), a failed query would abort it on PostgreSQL, so look first.
    """
    query = text(f"SELECT version_num FROM {VERSION_TABLE}")
    if connection.in_transaction():
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.execute(query).scalar()
    missing_table = OperationalError if connection.dialect.name == "sqlite" else ProgrammingError
    try:
        return connection.execute(query).scalar()
    except missing_table:
        connection.rollback()
        if inspect(connection).has_table(VERSION_TABLE):
            raise  # the table is there: this is some other failure, let it show
        connection.rollback()
        return None


def _state(connection: Connection) -> SchemaState:
    revision = _stored_revision(connection)
    if revision is not None:
        return SchemaState(revision, head())
    tables = set(inspect(connection).get_table_names())
    legacy = any(name in tables for name in LEGACY_TABLES)
    return SchemaState(None, head(), legacy=legacy)


def state(store: Store) -> SchemaState:
    """Where ``store``'s database stands. Raises DatabaseUnreachable."""
    with _connect(store) as connection:
        return _state(connection)


def current(store: Store) -> str | None:
    """The database's revision; None for an empty database or one from before migrations."""
    return state(store).revision


def is_current(store: Store) -> bool:
    """Whether the database is at this code's head revision: one query of alembic_version."""
    with _connect(store) as connection:
        return _stored_revision(connection) == head()


def _refuse_unknown(found: SchemaState) -> None:
    if not found.known:
        raise SchemaError(
            f"{found.describe()}, which this version of publisher does not know "
            f"(it needs {found.head}): a newer publisher has upgraded it"
        )


def check(store: Store) -> None:
    """Raise SchemaError, one line saying what to run, unless the database is at head."""
    with _connect(store) as connection:
        if _stored_revision(connection) == head():
            return
        found = _state(connection)
    _refuse_unknown(found)
    raise SchemaError(f"{found.describe()}, this version needs {found.head}: {UPGRADE_HINT}")


def prepare(store: Store) -> None:
    """The desk's start-up rule: upgrade SQLite to head, refuse a PostgreSQL database behind it.

    Raises SchemaError, or DatabaseUnreachable."""
    if store.dialect == "sqlite":
        if not is_current(store):
            upgrade(store)
    else:
        check(store)


@contextmanager
def _migration_transaction(store: Store) -> Iterator[Connection]:
    """One connection and one transaction for a whole upgrade, held by one process at a time."""
    with _connect(store) as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                yield connection
            return
        # Batch operations copy a table and drop the old one; with foreign keys on, dropping a
        # table deletes the rows of the tables that refer to it (ON DELETE CASCADE). SQLite
        # ignores this pragma inside a transaction, so it is set before, and the keys are checked
        # at the end instead.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                # the driver would not put DDL in a transaction by itself; IMMEDIATE takes the
                # write lock at once, so a second process waits here and then finds the work done
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise SchemaError(
                        f"the upgrade would leave rows of {broken[0]} pointing at missing "
                        f"rows of {broken[2]}; nothing was changed"
                    )
        finally:
            connection.rollback()  # a no-op after the commit; ends a failed transaction
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _adopt_legacy(connection: Connection, config: Config) -> None:
    """Bring a database made before migrations to exactly 0001_baseline and stamp it so."""
    tables = set(inspect(connection).get_table_names())
    missing = [name for name in LEGACY_TABLES if name not in tables]
    if missing:
        raise SchemaError(
            f"database has some of publisher's tables but not {', '.join(missing)}: "
            "not a database this version can upgrade"
        )
    # created by the search on first use, so a desk that never searched lacks them
    search_state.create(connection, checkfirst=True)
    create_index_tables(connection)
    command.stamp(config, BASELINE)


def upgrade(store: Store, revision: str = "head") -> Upgrade:
    """Upgrade the database to ``revision``; return its revisions before and after.

    A database from before migrations is stamped 0001_baseline first. Raises SchemaError for a
    revision that does not exist or is not ahead of the database."""
    with _migration_transaction(store) as connection:
        found = _state(connection)
        _refuse_unknown(found)
        config = alembic_config(connection)
        if found.legacy:
            _adopt_legacy(connection, config)
        try:
            command.upgrade(config, revision)
        except CommandError as error:
            raise SchemaError(f"cannot upgrade to {revision}: {error}") from error
        return Upgrade(found.revision, _stored_revision(connection), found.legacy)


# -- writing revisions (a developer's tool, in a source checkout) -------------------------------


def _next_revision_id(message: str, scripts: ScriptDirectory) -> str:
    revisions = [script.revision for script in scripts.walk_revisions()]
    numbers = [int(m.group(1)) for r in revisions if (m := re.match(r"(\d+)_", r))]
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40] or "revision"
    return f"{max(numbers, default=0) + 1:04d}_{slug}"


def _formatting_hooks(config: Config) -> None:
    """Have ruff tidy what autogenerate writes, when ruff is installed beside Python."""
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        return
    config.set_section_option("post_write_hooks", "hooks", "ruff_fix, ruff_format")
    # imports sorted only: a revision to fill in by hand keeps its (still unused) op and sa
    for name, arguments in (("ruff_fix", "check --fix --select I"), ("ruff_format", "format")):
        config.set_section_option("post_write_hooks", f"{name}.type", "exec")
        config.set_section_option("post_write_hooks", f"{name}.executable", str(ruff))
        config.set_section_option(
            "post_write_hooks", f"{name}.options", f"{arguments} REVISION_SCRIPT_FILENAME"
        )


def write_revision(
    message: str,
    *,
    database_url: str | None = None,
    empty: bool = False,
    script_location: Path = MIGRATIONS_DIR,
) -> Path:
    """Write the next revision file, autogenerated against a database upgraded to head (a
    throwaway SQLite one unless ``database_url``); return its path."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(database_url or f"sqlite:///{Path(scratch) / 'head.db'}")
        try:
            upgrade(store)
            with store.engine.begin() as connection:
                config = alembic_config(connection, script_location=script_location)
                _formatting_hooks(config)
                script = command.revision(
                    config,
                    message=message,
                    autogenerate=not empty,
                    rev_id=_next_revision_id(message, ScriptDirectory.from_config(config)),
                )
        finally:
            store.dispose()
    if script is None or isinstance(script, list):
        raise SchemaError("alembic wrote no single revision")
    return Path(script.path)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m publisher.schema")
    commands = parser.add_subparsers(dest="command", required=True)
    revision = commands.add_parser("revision", help="write the next revision")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument(
        "--database-url",
        help="compare with this database, upgraded to head first (default: a "
        "throwaway SQLite database)",
    )
    revision.add_argument("--empty", action="store_true", help="no autogenerate")
    args = parser.parse_args(argv)
    try:
        path = write_revision(args.message, database_url=args.database_url, empty=args.empty)
    except SchemaError as error:
        sys.exit(f"error: {error}")
    print(path)


if __name__ == "__main__":
    main()
