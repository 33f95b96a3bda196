"""seasons.terms: the series' own words for its competitors and vehicles (riders, bikes)

Revision ID: 0006
Revises: 0005
Create Date: 2025-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: a season stored before this revision holds NULL, which reads as
    # the default words (driver, car), exactly what it printed before.
    with op.batch_alter_table("seasons") as batch:
        batch.add_column(sa.Column("terms", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seasons") as batch:
        batch.drop_column("terms")
