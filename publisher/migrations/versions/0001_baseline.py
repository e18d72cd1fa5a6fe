"""Baseline: the schema from before migrations.

Exactly what publisher created before it had migrations (create_all and the search set-up), on
SQLite and PostgreSQL; databases made by that code are stamped with this revision.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.search_tables import create_index_tables, drop_index_tables

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dispatches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_key", sa.String(length=512), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("current_revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_dispatches_current_revision_id", "dispatches", ["current_revision_id"], unique=False
    )
    op.create_index("ix_dispatches_story_key", "dispatches", ["story_key"], unique=True)
    op.create_index("ix_dispatches_updated_at", "dispatches", ["updated_at"], unique=False)

    op.create_table(
        "search_state",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("stamp", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("revision_id", "language"),
    )
    op.create_table(
        "translation_memory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=128), nullable=False),
        sa.Column("source_lang", sa.String(length=16), nullable=False),
        sa.Column("target_lang", sa.String(length=16), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("engine", "model_version", "source_lang", "target_lang", "source_hash"),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_format", sa.String(length=32), nullable=False),
        sa.Column("source_name", sa.String(length=1024), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("guid", sa.String(length=1024), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("byline", sa.String(length=500), nullable=True),
        sa.Column("dateline", sa.String(length=200), nullable=True),
        sa.Column("update_tag", sa.String(length=64), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_iso", sa.String(length=40), nullable=True),
        sa.Column("updated_iso", sa.String(length=40), nullable=True),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dispatch_id", "number"),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatches.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_revisions_content_hash", "revisions", ["content_hash"], unique=True)
    op.create_index("ix_revisions_dispatch_id", "revisions", ["dispatch_id"], unique=False)
    op.create_index("ix_revisions_ingested_at", "revisions", ["ingested_at"], unique=False)
    op.create_index("ix_revisions_published_at", "revisions", ["published_at"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stage", "revision_id", "language"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_jobs_revision_id", "jobs", ["revision_id"], unique=False)

    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("revision_id", "index"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_sentences_revision_id", "sentences", ["revision_id"], unique=False)

    op.create_table(
        "summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("sentence_indexes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("revision_id"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_summaries_created_at", "summaries", ["created_at"], unique=False)

    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("full_text", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("engine", sa.String(length=64), nullable=True),
        sa.Column("model_version", sa.Text(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("source_indexes", sa.JSON(), nullable=False),
        sa.Column("sentences", sa.JSON(), nullable=False),
        sa.Column("review_state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("revision_id", "language", "full_text"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_translations_language", "translations", ["language"], unique=False)
    op.create_index("ix_translations_revision_id", "translations", ["revision_id"], unique=False)
    op.create_index("ix_translations_updated_at", "translations", ["updated_at"], unique=False)
    # the search index (FTS5 on SQLite, a tsvector table under GIN on PostgreSQL)
    create_index_tables(op.get_bind())


def downgrade() -> None:
    drop_index_tables(op.get_bind())
    op.drop_table("translations")
    op.drop_table("summaries")
    op.drop_table("sentences")
    op.drop_table("jobs")
    op.drop_table("revisions")
    op.drop_table("translation_memory")
    op.drop_table("search_state")
    op.drop_table("dispatches")
