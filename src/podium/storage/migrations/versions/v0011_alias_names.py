"""alias names: a constructor's Ergast name and nationality beside its Ergast id

Revision ID: 0011_alias_names
Revises: 0010_generation
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_alias_names"
down_revision = "0010_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: a season stored before this revision keeps F1DB's constructor
    # names in the Ergast routes until it is imported again.
    with op.batch_alter_table("aliases") as batch:
        batch.add_column(sa.Column("name", sa.String(), nullable=True))
        batch.add_column(sa.Column("nationality", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aliases") as batch:
        batch.drop_column("nationality")
        batch.drop_column("name")
