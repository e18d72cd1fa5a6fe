"""presence: which editor has which dispatch's review page open, shared by every web worker

Revision ID: 0012_presence
Revises: 0011_derived
Create Date: 2026-12-02 02:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_presence"
down_revision = "0011_derived"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editor_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=False),
        sa.Column("editor", sa.String(length=320), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatches.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dispatch_id", "editor"),
    )
    with op.batch_alter_table("editor_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_editor_presence_dispatch_id"), ["dispatch_id"])
        batch_op.create_index(batch_op.f("ix_editor_presence_seen_at"), ["seen_at"])


def downgrade() -> None:
    with op.batch_alter_table("editor_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editor_presence_seen_at"))
        batch_op.drop_index(batch_op.f("ix_editor_presence_dispatch_id"))
    op.drop_table("editor_presence")
