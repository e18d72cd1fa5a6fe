"""derived: the fields ingest made up for a revision (a headline from the summary), by origin

Revision ID: 0011_derived
Revises: 0010_books
Create Date: 2026-12-02 02:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_derived"
down_revision = "0010_books"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("derived", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_column("derived")
