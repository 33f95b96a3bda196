"""Amended classifications: a session's state and publication, decisions' ids, date-times,
penalties (seconds, places) and reinstatements (cancels)

Revision ID: 0008_amended_classifications
Revises: 0007_season_changes
Create Date: 2025-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_amended_classifications"
down_revision = "0007_season_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: rows stored before this revision read as they did (a session in
    # no stated state, decisions dated by day with no id, penalty or reinstatement).
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("state", sa.String(), nullable=True))
        batch.add_column(sa.Column("published", sa.String(), nullable=True))
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("effective", sa.String(), nullable=True))
        batch.add_column(sa.Column("decision_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("seconds", sa.String(), nullable=True))
        batch.add_column(sa.Column("places", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("cancels", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        for column in ("cancels", "places", "seconds", "decision_id", "effective"):
            batch.drop_column(column)
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("published")
        batch.drop_column("state")
