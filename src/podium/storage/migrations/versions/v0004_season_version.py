"""seasons.version: a counter of writes, for optimistic locking of read-modify-writes

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Seasons stored before this revision start at 1, as a newly imported season does.
    with op.batch_alter_table("seasons") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("seasons") as batch:
        batch.drop_column("version")
