"""season_changes: the audit trail, one row per write of a season

Revision ID: 0007_season_changes
Revises: 0006
Create Date: 2025-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_season_changes"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Seasons stored before this revision have no trail: their first entry is the next write.
    op.create_table(
        "season_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("series_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("via", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_changes")),
    )
    op.create_index(
        op.f("ix_season_changes_series_id"), "season_changes", ["series_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_season_changes_series_id"), table_name="season_changes")
    op.drop_table("season_changes")
