"""workflow: review states per language version and per sentence, and the audit log

Revision ID: 0005_workflow
Revises: 0004_accounts
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_workflow"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "language_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("approved_revision_id", sa.Integer(), nullable=True),
        sa.Column("seen_revision_id", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatches.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dispatch_id", "language"),
    )
    with op.batch_alter_table("language_versions", schema=None) as batch_op:
        for column in (
            "dispatch_id",
            "language",
            "revision_id",
            "state",
            "created_at",
            "updated_at",
        ):
            batch_op.create_index(
                batch_op.f(f"ix_language_versions_{column}"), [column], unique=False
            )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        for column in ("at", "actor", "dispatch_id"):
            batch_op.create_index(batch_op.f(f"ix_audit_log_{column}"), [column], unique=False)
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headline", sa.Text(), nullable=True))
        for name in ("headline_state", "headline_origin", "selection_origin"):
            default = "initial" if name == "headline_state" else "machine"
            batch_op.add_column(
                sa.Column(name, sa.String(length=16), server_default=default, nullable=False)
            )
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentence_states", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sentence_origins", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "headline_state", sa.String(length=16), server_default="initial", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "headline_origin", sa.String(length=16), server_default="machine", nullable=False
            )
        )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision_kind", sa.String(length=16), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("notice", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_column("notice")
        batch_op.drop_column("revision_kind")
    with op.batch_alter_table("translations", schema=None) as batch_op:
        for name in ("headline_origin", "headline_state", "sentence_origins", "sentence_states"):
            batch_op.drop_column(name)
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        for name in ("selection_origin", "headline_origin", "headline_state", "headline"):
            batch_op.drop_column(name)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        for column in ("dispatch_id", "actor", "at"):
            batch_op.drop_index(batch_op.f(f"ix_audit_log_{column}"))
    op.drop_table("audit_log")
    with op.batch_alter_table("language_versions", schema=None) as batch_op:
        for column in (
            "updated_at",
            "created_at",
            "state",
            "revision_id",
            "language",
            "dispatch_id",
        ):
            batch_op.drop_index(batch_op.f(f"ix_language_versions_{column}"))
    op.drop_table("language_versions")
