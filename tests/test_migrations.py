"""Schema migrations: the baseline is the schema from before them, databases made then upgrade in
place with every row, the models and the revisions agree, and the start-up rule by backend."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner, Result
from sqlalchemy import Column, ForeignKey, Integer, Table, create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from publisher import schema
from publisher.cli import cli
from publisher.db import Base, Store, UTCDateTime
from publisher.errors import SchemaError
from publisher.search import sync_index
from publisher.web import create_app
from tests.conftest import need

LEGACY = Path(__file__).parent / "data" / "legacy"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
HEADLINES = {
    1: "Busan port opens automated container terminal to ease congestion",
    2: "Seoul, Gyeonggi agree to extend suburban express rail line",
    3: "South Korea's chip exports rise for fifth month on server demand",
    4: "전주 한지 축제 개막…외국인 관광객 작년보다 두 배",
}
# rows in the legacy databases (tests/data/legacy/README.md)
ROWS = {
    "dispatches": 4,
    "revisions": 5,
    "sentences": 26,
    "summaries": 4,
    "translations": 8,
    "translation_memory": 29,
    "jobs": 15,
    "search_state": 10,
}


# -- databases ------------------------------------------------------------------------------


@pytest.fixture
def new_postgres() -> Iterator[Any]:
    """Makes fresh PostgreSQL databases for one test (returning their URLs), dropped afterwards."""
    admin = create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT")
    names: list[str] = []

    def make() -> str:
        name = f"publisher_{uuid.uuid4().hex[:12]}"
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        except OperationalError:
            need(False, "PostgreSQL on 127.0.0.1:5432")
            raise
        names.append(name)
        return f"{POSTGRES}/{name}"

    yield make
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_url(new_postgres: Any) -> str:
    url: str = new_postgres()
    return url


def sqlite_url(instance: Path) -> str:
    """The desk's default database in ``instance``."""
    return f"sqlite:///{(instance / 'publisher.db').resolve()}"


def load_legacy_sqlite(instance: Path) -> str:
    path = instance / "publisher.db"
    connection = sqlite3.connect(path)
    connection.executescript((LEGACY / "legacy.sqlite.sql").read_text(encoding="utf-8"))
    connection.close()  # .dump writes the FTS5 table into sqlite_schema: reopening reads it
    return sqlite_url(instance)


def load_legacy_postgres(url: str) -> str:
    dump = (LEGACY / "legacy.postgresql.sql").read_text(encoding="utf-8")
    # psql meta-commands (\restrict, \unrestrict) are not SQL
    statements = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute(statements.encode())
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, instance: Path) -> str:
    """An empty database of each backend, named by its URL."""
    if request.param == "sqlite":
        return sqlite_url(instance)
    url: str = request.getfixturevalue("postgres_url")
    return url


def load_legacy(url: str, instance: Path) -> str:
    return load_legacy_sqlite(instance) if url.startswith("sqlite") else load_legacy_postgres(url)


def counts(url: str) -> dict[str, int]:
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            return {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in [
                    *ROWS,
                    "search_fts" if store.dialect == "sqlite" else "search_documents",
                ]
            }
    finally:
        store.dispose()


def describe(url: str) -> dict[str, Any]:
    """Every table with its columns, keys, indexes and constraints, as the database reports them."""
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            inspector = inspect(connection)
            tables = sorted(set(inspector.get_table_names()) - {schema.VERSION_TABLE})
            return {
                table: {
                    "columns": [
                        (c["name"], str(c["type"]), c["nullable"])
                        for c in inspector.get_columns(table)
                    ],
                    "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
                    "foreign_keys": sorted(
                        (tuple(fk["constrained_columns"]), fk["referred_table"], str(fk["options"]))
                        for fk in inspector.get_foreign_keys(table)
                    ),
                    "indexes": sorted(
                        (i["name"] or "", tuple(i["column_names"]), bool(i["unique"]))
                        for i in inspector.get_indexes(table)
                    ),
                    "unique": sorted(
                        tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
                    ),
                }
                for table in tables
            }
    finally:
        store.dispose()


def revision_of(url: str) -> str | None:
    store = Store(url)
    try:
        if schema.is_current(store):  # the cheap check agrees with the full one
            assert schema.current(store) == schema.head()
        return schema.current(store)
    finally:
        store.dispose()


def model_differences(url: str) -> list[Any]:
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": schema.include_object, "compare_type": True}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        store.dispose()


def run(instance: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--instance", str(instance), *args])


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(url: str) -> None:
        if not url.startswith("sqlite"):
            monkeypatch.setenv("PUBLISHER_DATABASE_URL", url)

    return use


# -- the baseline ----------------------------------------------------------------------------


def test_baseline_creates_exactly_the_schema_of_before(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    legacy_instance = tmp_path / "legacy"
    legacy_instance.mkdir()
    if backend.startswith("sqlite"):
        legacy = load_legacy_sqlite(legacy_instance)
    else:
        legacy = load_legacy_postgres(request.getfixturevalue("new_postgres")())
    store = Store(backend)
    assert schema.upgrade(store, schema.BASELINE) == schema.Upgrade(None, schema.BASELINE)
    store.dispose()
    assert describe(backend) == describe(legacy)
    if backend.startswith("sqlite"):
        # on SQLite even the statements are the same, the FTS5 table included
        def statements(url: str) -> set[str]:
            with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
                rows = connection.execute("SELECT name, sql FROM sqlite_master").fetchall()
            return {sql for name, sql in rows if name != schema.VERSION_TABLE}

        assert statements(backend) == statements(legacy)
    else:
        store = Store(backend)
        with store.engine.connect() as connection:
            method = connection.execute(
                text(
                    "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relname = 'search_documents_document'"
                )
            ).scalar()
        store.dispose()
        assert method == "gin"


# -- legacy databases upgrade in place -------------------------------------------------------


def test_legacy_database_upgrades_with_every_row_readable(
    backend: str, instance: Path, use_database: Any
) -> None:
    url = load_legacy(backend, instance)
    use_database(url)
    before = counts(url)
    assert {table: before[table] for table in ROWS} == ROWS
    assert before["search_fts" if url.startswith("sqlite") else "search_documents"] == 10
    assert revision_of(url) is None

    if url.startswith("sqlite"):
        result = run(instance, "list")  # the embedded database upgrades itself
    else:
        assert run(instance, "list").exit_code == 1  # a shared one waits for the upgrade
        result = run(instance, "db", "upgrade")
        assert result.exit_code == 0, result.output
        assert result.output == (
            f"adopted the tables from before migrations as {schema.BASELINE}\n"
            f"upgraded database from nothing to {schema.head()}\n"
        )
        result = run(instance, "list")
    assert result.exit_code == 0, result.output
    assert counts(url) == before
    assert revision_of(url) == schema.head()
    assert model_differences(url) == []
    store = Store(url)
    with store.session() as session:
        # the upgrade indexed the published versions, with the stamps the desk compares
        assert sync_index(session) == 0
    store.dispose()

    for dispatch_id, headline in HEADLINES.items():
        assert headline[:60] in result.output
        shown = run(instance, "show", str(dispatch_id), "--json")
        assert shown.exit_code == 0, shown.output
        view = json.loads(shown.output)
        assert view["headline"] == headline
        assert view["summary"]["sentence_indexes"]
    rail = json.loads(run(instance, "show", "2", "--json").output)
    assert rail["revision"] == 2
    assert rail["translations"]["ko"]["status"] == "done"
    assert rail["translations"]["ko"]["headline"] == f"[ko] {HEADLINES[2]}"
    korean = json.loads(run(instance, "show", "4", "--json").output)
    assert korean["translations"]["es"]["status"] == "pending"

    app = create_app({"instance": str(instance), "TESTING": True})
    client = app.test_client()
    page = client.get("/en/dispatch/1")
    assert page.status_code == 200
    assert HEADLINES[1] in page.get_data(as_text=True)
    korean_page = client.get("/ko/dispatch/1")
    assert korean_page.status_code == 200
    assert f"[ko] {HEADLINES[1]}" in korean_page.get_data(as_text=True)
    # what readers could find before the upgrade they find after it (marked up in the page)
    found = client.get("/en/search?q=container+terminal").get_data(as_text=True)
    assert 'href="/en/dispatch/1"' in found and "<mark>container</mark>" in found
    found = client.get("/ko/search?q=한지").get_data(as_text=True)
    assert 'href="/ko/dispatch/4"' in found and "<mark>한지</mark>" in found
    app.extensions["publisher.desk"].close()


def test_legacy_database_without_search_tables_gets_them(instance: Path) -> None:
    """A desk that never searched had no search tables: adopting it creates them."""
    url = load_legacy_sqlite(instance)
    with sqlite3.connect(instance / "publisher.db") as connection:
        connection.execute("DROP TABLE search_fts")
        connection.execute("DROP TABLE search_state")
    store = Store(url)
    assert schema.upgrade(store) == schema.Upgrade(None, schema.head(), adopted=True)
    store.dispose()
    assert model_differences(url) == []
    # 0002 writes the index from the published versions it snapshots
    assert counts(url)["search_fts"] == 10
    # and the desk runs on it
    result = run(instance, "list")
    assert result.exit_code == 0


def test_a_database_with_only_some_of_the_tables_is_refused(instance: Path) -> None:
    url = load_legacy_sqlite(instance)
    with sqlite3.connect(instance / "publisher.db") as connection:
        connection.execute("DROP TABLE jobs")
    result = run(instance, "list")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: database has some of publisher's tables but not jobs: "
        "not a database this version can upgrade"
    ]
    assert revision_of(url) is None  # nothing was stamped


# -- models and revisions agree ---------------------------------------------------------------


def test_models_and_migrations_agree(backend: str) -> None:
    store = Store(backend)
    schema.upgrade(store)
    store.dispose()
    assert model_differences(backend) == []


def test_differences_are_seen(instance: Path) -> None:
    """The comparison above can fail: a column the revisions do not create shows up."""
    url = sqlite_url(instance)
    store = Store(url)
    schema.upgrade(store)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_jobs_revision_id")
        connection.exec_driver_sql("ALTER TABLE jobs ADD COLUMN extra INTEGER")
    store.dispose()
    kinds = sorted(difference[0] for difference in model_differences(url))
    assert kinds == ["add_index", "remove_column"]


# -- the start-up rule --------------------------------------------------------------------------


def test_postgres_behind_head_refuses_until_upgraded(
    postgres_url: str, instance: Path, use_database: Any
) -> None:
    use_database(postgres_url)
    line = f"database is empty, this version needs {schema.head()}: run publisher db upgrade"
    for args in (["list"], ["show", "1"], ["jobs"], ["serve"], ["worker"]):
        result = run(instance, *args)
        assert result.exit_code == 1, args
        assert result.output == f"Error: {line}\n", args
    with pytest.raises(SchemaError) as refused:
        create_app({"instance": str(instance), "TESTING": True})
    assert str(refused.value) == line

    current = run(instance, "db", "current")
    assert current.exit_code == 0
    assert current.output == f"none: database is empty (this version needs {schema.head()})\n"
    assert json.loads(run(instance, "db", "current", "--json").output) == {
        "revision": None,
        "head": schema.head(),
        "current": False,
        "legacy": False,
    }
    upgraded = run(instance, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert run(instance, "list").exit_code == 0
    assert run(instance, "db", "current").output == f"{schema.head()} (head)\n"
    assert run(instance, "db", "upgrade").output == f"database already at {schema.head()}\n"
    app = create_app({"instance": str(instance), "TESTING": True})
    app.extensions["publisher.desk"].close()


def test_postgres_names_its_revision_and_the_one_needed(
    postgres_url: str, instance: Path, use_database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(postgres_url)
    store = Store(postgres_url)
    schema.upgrade(store)
    store.dispose()
    # as if this code had a revision the database has not had yet
    real_head = schema.head()
    monkeypatch.setattr(schema, "head", lambda: "0099_from_the_future")
    result = run(instance, "list")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: database is at revision {real_head}, this version needs 0099_from_the_future: "
        "run publisher db upgrade\n"
    )


def test_legacy_postgres_refuses_with_the_command_to_run(
    postgres_url: str, instance: Path, use_database: Any
) -> None:
    use_database(load_legacy_postgres(postgres_url))
    result = run(instance, "list")
    assert result.exit_code == 1
    assert result.output == (
        "Error: database has tables from before schema revisions, this version needs "
        f"{schema.head()}: run publisher db upgrade\n"
    )


def test_sqlite_upgrades_by_itself(instance: Path) -> None:
    assert revision_of(sqlite_url(instance)) is None
    result = run(instance, "list")
    assert result.exit_code == 0, result.output
    assert revision_of(sqlite_url(instance)) == schema.head()


def test_a_revision_this_version_does_not_know_is_refused(backend: str, instance: Path) -> None:
    store = Store(backend)
    schema.upgrade(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    with pytest.raises(SchemaError, match="0099_from_the_future, which this version"):
        schema.prepare(store)
    with pytest.raises(SchemaError, match="a newer publisher has upgraded it"):
        schema.upgrade(store)
    store.dispose()
    if backend.startswith("sqlite"):
        result = run(instance, "list")
        assert result.exit_code == 1 and len(result.output.splitlines()) == 1


def test_db_history_and_an_unknown_target(instance: Path) -> None:
    history = run(instance, "db", "history")
    assert history.exit_code == 0
    lines = history.output.splitlines()
    assert lines[0].startswith("0001_baseline")
    assert lines[-1].startswith(f"{schema.head()} (head)  ")
    listed = json.loads(run(instance, "db", "history", "--json").output)
    assert [r["revision"] for r in listed] == [r.revision for r in schema.history()]
    assert listed[0]["down_revision"] is None and listed[-1]["head"] is True

    result = run(instance, "db", "upgrade", "0042_nothing")
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith("Error: cannot upgrade to 0042_nothing: ")


def test_an_upgrade_to_the_baseline_then_head(instance: Path) -> None:
    store = Store(sqlite_url(instance))
    assert schema.upgrade(store, schema.BASELINE) == schema.Upgrade(None, schema.BASELINE)
    assert schema.upgrade(store) == schema.Upgrade(schema.BASELINE, schema.head())
    store.dispose()


# -- writing revisions ----------------------------------------------------------------------------


def copy_of_revisions(tmp_path: Path) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    return scripts


def test_next_revision_is_numbered_and_empty_when_models_agree(tmp_path: Path) -> None:
    scripts = copy_of_revisions(tmp_path)
    path = schema.write_revision("Add reviews!", script_location=scripts)
    following = int(schema.head().split("_", 1)[0]) + 1
    assert path.name == f"{following:04d}_add_reviews.py"
    written = path.read_text(encoding="utf-8")
    assert f'down_revision = "{schema.head()}"' in written  # tidied by ruff
    assert "op." not in written  # nothing differs, so nothing to do


def test_a_model_change_becomes_a_revision_that_brings_databases_along(
    tmp_path: Path, instance: Path
) -> None:
    table = Table(
        "probe_publications",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("dispatch_id", ForeignKey("dispatches.id", ondelete="CASCADE"), index=True),
        Column("published_at", UTCDateTime(), nullable=False),
    )
    try:
        scripts = copy_of_revisions(tmp_path)
        path = schema.write_revision("probe publications", script_location=scripts)
        written = path.read_text(encoding="utf-8")
        assert 'op.create_table(\n        "probe_publications"' in written
        assert "sa.DateTime(timezone=True)" in written and "publisher.db" not in written
        store = Store(load_legacy_sqlite(instance))
        schema.upgrade(store)
        assert model_differences(store.url) != []  # the model is ahead of the database
        upgrade_with(store, scripts)
        assert model_differences(store.url) == []
        store.dispose()
    finally:
        Base.metadata.remove(table)


# -- how revisions run ----------------------------------------------------------------------------

REBUILD_REVISIONS = '''"""Rebuild revisions by copying it, as SQLite batch operations do."""

import sqlalchemy as sa
from alembic import op

revision = "9000_rebuild"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revisions", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    {after}


def downgrade() -> None:
    pass
'''


def scripts_with(tmp_path: Path, after: str = "pass") -> Path:
    """A copy of our revisions plus one after head that rebuilds the revisions table."""
    scripts = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_rebuild.py").write_text(
        REBUILD_REVISIONS.replace("{after}", after).replace("{down}", schema.head()),
        encoding="utf-8",
    )
    return scripts


def upgrade_with(store: Store, scripts: Path) -> None:
    with schema._migration_transaction(store) as connection:
        command.upgrade(schema.alembic_config(connection, script_location=scripts), "head")


def test_sqlite_table_rebuilds_keep_the_rows_that_refer_to_the_table(
    instance: Path, tmp_path: Path
) -> None:
    url = load_legacy_sqlite(instance)
    store = Store(url)
    schema.upgrade(store)
    before = counts(url)
    scripts = scripts_with(tmp_path)
    upgrade_with(store, scripts)
    assert counts(url) == before
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on
        assert connection.exec_driver_sql("SELECT count(note) FROM revisions").scalar() == 0
    store.dispose()

    # the same revision with foreign keys on, as every other connection has them, loses rows
    again = tmp_path / "again"
    again.mkdir()
    store = Store(load_legacy_sqlite(again))
    schema.upgrade(store)
    with store.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection, script_location=scripts), "head")
    store.dispose()
    assert counts(sqlite_url(again))["sentences"] == 0


def test_a_failing_revision_changes_nothing(instance: Path, tmp_path: Path) -> None:
    store = Store(sqlite_url(instance))
    schema.upgrade(store)
    scripts = scripts_with(tmp_path, after='raise RuntimeError("revision failed")')
    with pytest.raises(RuntimeError, match="revision failed"):
        upgrade_with(store, scripts)
    with store.engine.connect() as connection:
        columns = [c["name"] for c in inspect(connection).get_columns("revisions")]
    assert "note" not in columns
    assert schema.current(store) == schema.head()
    store.dispose()


def test_flask_command_line_refuses_in_one_line(postgres_url: str, instance: Path) -> None:
    environment = {
        **os.environ,
        "PUBLISHER_INSTANCE": str(instance),
        "PUBLISHER_DATABASE_URL": postgres_url,
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "publisher", "list"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: database is empty, this version needs {schema.head()}: run publisher db upgrade\n"
    )


def test_an_unreachable_database_is_one_line(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "PUBLISHER_DATABASE_URL", "postgresql+psycopg://postgres:secret@127.0.0.1:1/nothing"
    )
    for args in (["list"], ["db", "current"], ["db", "upgrade"]):
        result = run(instance, *args)
        assert result.exit_code == 1, args
        lines = result.output.splitlines()
        assert len(lines) == 1, result.output
        assert lines[0].startswith(
            "Error: cannot reach the database postgresql+psycopg://postgres:***@127.0.0.1:1/nothing: "
        )
        assert "secret" not in result.output


@pytest.mark.timeout(120)  # without the upgrade's lock the two wait on each other
def test_two_processes_upgrading_at_once_take_turns(backend: str) -> None:
    """Two desks starting together on an empty database (or two deployments running
    `publisher db upgrade`): one creates the schema, the other waits and finds it done."""
    stores = [Store(backend), Store(backend)]
    results: list[schema.Upgrade] = []
    errors: list[BaseException] = []

    def upgrade(store: Store) -> None:
        try:
            results.append(schema.upgrade(store))
        except BaseException as error:  # noqa: BLE001 - collected and re-raised by the test
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.dispose()
    assert not errors
    assert sorted(results, key=str) == sorted(
        [schema.Upgrade(None, schema.head()), schema.Upgrade(schema.head(), schema.head())],
        key=str,
    )
    assert model_differences(backend) == []
