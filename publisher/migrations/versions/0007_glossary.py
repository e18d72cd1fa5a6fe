"""glossaries per language pair, and the editors' translation memory

Revision ID: 0007_glossary
Revises: 0006_quality
Create Date: 2026-12-02 01:00:00

Glossaries (do-not-translate, forced and forbidden terms) are applied at translation time and
checked by the quality flags; the editors' memory holds approved sentences, kept apart from
``translation_memory``, which only caches machine output.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_glossary"
down_revision = "0006_quality"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_lang", sa.String(length=16), nullable=False),
        sa.Column("target_lang", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_lang", "target_lang"),
    )
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("glossary_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["glossary_id"], ["glossaries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("glossary_id", "kind", "source", "target"),
    )
    with op.batch_alter_table("glossary_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_glossary_terms_glossary_id"), ["glossary_id"], unique=False
        )
    op.create_table(
        "editor_memory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_lang", sa.String(length=16), nullable=False),
        sa.Column("target_lang", sa.String(length=16), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("editor", sa.String(length=320), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_by", sa.String(length=320), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("editor_memory", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_editor_memory_source_hash"), ["source_hash"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("editor_memory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editor_memory_source_hash"))
    op.drop_table("editor_memory")
    with op.batch_alter_table("glossary_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_glossary_terms_glossary_id"))
    op.drop_table("glossary_terms")
    op.drop_table("glossaries")
