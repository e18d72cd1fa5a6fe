"""engine detail: each machine text's score and known failure, for the quality flags

Revision ID: 0008_engine_detail
Revises: 0007_glossary
Create Date: 2026-12-02 01:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_engine_detail"
down_revision = "0007_glossary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("engine_scores", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("engine_problems", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.drop_column("engine_problems")
        batch_op.drop_column("engine_scores")
