"""full texts published: a publication may carry the whole text in its language

Revision ID: 0010_books
Revises: 0008_engine_detail
Create Date: 2026-12-02 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_books"
down_revision = "0008_engine_detail"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("full_sentences", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("full_source_indexes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("full_engine", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("full_provenance", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_column("full_provenance")
        batch_op.drop_column("full_engine")
        batch_op.drop_column("full_source_indexes")
        batch_op.drop_column("full_sentences")
