"""The values Ergast's answers need and the alias table: drivers' split names, birth dates
and permanent numbers; circuits' ids, full names and positions, the weekend's timetable;
qualifying segment times, retirement reasons and fastest-lap laps; pit stops; aliases

Revision ID: 0009_ergast_values
Revises: 0008_amended_classifications
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_ergast_values"
down_revision = "0008_amended_classifications"
branch_labels = None
depends_on = None

_NULLABLE_JSON = sa.JSON(none_as_null=True)


def upgrade() -> None:
    # Nullable, no default: a season stored before this revision reads as it did (none of
    # these values known), until it is imported again.
    with op.batch_alter_table("drivers") as batch:
        batch.add_column(sa.Column("given_name", sa.String(), nullable=True))
        batch.add_column(sa.Column("family_name", sa.String(), nullable=True))
        batch.add_column(sa.Column("born", sa.Date(), nullable=True))
        batch.add_column(sa.Column("permanent_number", sa.String(), nullable=True))
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("circuit_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("circuit_name", sa.String(), nullable=True))
        batch.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Double(), nullable=True))
        batch.add_column(sa.Column("schedule", _NULLABLE_JSON, nullable=True))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("segment_times", _NULLABLE_JSON, nullable=True))
        batch.add_column(sa.Column("reason", sa.String(), nullable=True))
        batch.add_column(sa.Column("fastest_lap_lap", sa.Integer(), nullable=True))
    op.create_table(
        "pit_stops",
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("car", sa.String(), nullable=False),
        sa.Column("driver", sa.String(), nullable=False),
        sa.Column("stop", sa.Integer(), nullable=False),
        sa.Column("lap", sa.Integer(), nullable=False),
        sa.Column("duration", sa.String(), nullable=True),
        sa.Column("time_of_day", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["season_id", "round_number"],
            ["rounds.season_id", "rounds.number"],
            name=op.f("fk_pit_stops_season_id_round_number_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("season_id", "round_number", "seq", name=op.f("pk_pit_stops")),
    )
    op.create_table(
        "aliases",
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("ergast_id", sa.String(), nullable=False),
        sa.Column("podium_id", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["season_id"],
            ["seasons.id"],
            name=op.f("fk_aliases_season_id_seasons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("season_id", "seq", name=op.f("pk_aliases")),
        sa.UniqueConstraint(
            "season_id", "kind", "podium_id", name=op.f("uq_aliases_season_id_kind_podium_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("aliases")
    op.drop_table("pit_stops")
    with op.batch_alter_table("results") as batch:
        for column in ("fastest_lap_lap", "reason", "segment_times"):
            batch.drop_column(column)
    with op.batch_alter_table("rounds") as batch:
        for column in ("schedule", "longitude", "latitude", "circuit_name", "circuit_id"):
            batch.drop_column(column)
    with op.batch_alter_table("drivers") as batch:
        for column in ("permanent_number", "born", "family_name", "given_name"):
            batch.drop_column(column)
