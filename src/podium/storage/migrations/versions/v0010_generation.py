"""generation: one counter of season writes, read by servers to drop what a write made stale

Revision ID: 0010_generation
Revises: 0009_ergast_values
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_generation"
down_revision = "0009_ergast_values"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generation")),
    )
    # The one row, there from the start: a write only ever updates it.
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade() -> None:
    op.drop_table("generation")
