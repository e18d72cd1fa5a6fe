"""Alembic revisions of the database schema (run by publisher.schema)."""
