"""sessions.status and sessions.result_declared: a cancelled session, a result not declared

Revision ID: 0005
Revises: 0004
Create Date: 2025-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sessions stored before this revision ran as planned and scored: the defaults say so.
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column(
                "status", sa.String(), server_default=sa.text("'scheduled'"), nullable=False
            )
        )
        batch.add_column(
            sa.Column(
                "result_declared", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("result_declared")
        batch.drop_column("status")
