"""initial schema: series, seasons and everything a season holds

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _season_fk(table: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_season_id_seasons")
    return sa.ForeignKeyConstraint(["season_id"], ["seasons.id"], name=name, ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "series",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
    )
    op.create_table(
        "seasons",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("series_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_seasons_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seasons")),
        sa.UniqueConstraint("series_id", "year", name=op.f("uq_seasons_series_id_year")),
    )
    op.create_table(
        "rounds",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("circuit", sa.String(), nullable=True),
        sa.Column("venue", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("folder", sa.String(), nullable=False),
        sa.Column("announced", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        _season_fk("rounds"),
        sa.PrimaryKeyConstraint("season_id", "number", name=op.f("pk_rounds")),
    )
    op.create_table(
        "sessions",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("round_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("segment", sa.String(), nullable=True),
        sa.Column("scheduled_laps", sa.Integer(), nullable=True),
        sa.Column("completed_laps", sa.Integer(), nullable=True),
        sa.Column("ended", sa.String(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("awards", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id", "round_number"],
            ["rounds.season_id", "rounds.number"],
            name=op.f("fk_sessions_season_id_round_number_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("season_id", "round_number", "id", name=op.f("pk_sessions")),
    )
    op.create_table(
        "results",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("round_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("car", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("drivers", sa.JSON(), nullable=False),
        sa.Column("laps", sa.Integer(), nullable=True),
        sa.Column("time", sa.String(), nullable=True),
        sa.Column("gap", sa.String(), nullable=True),
        sa.Column("grid", sa.Integer(), nullable=True),
        sa.Column("fastest_lap", sa.String(), nullable=True),
        sa.Column("fastest_lap_rank", sa.Integer(), nullable=True),
        sa.Column("shares", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["season_id", "round_number", "session_id"],
            ["sessions.season_id", "sessions.round_number", "sessions.id"],
            name=op.f("fk_results_season_id_round_number_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "season_id", "round_number", "session_id", "seq", name=op.f("pk_results")
        ),
    )
    op.create_table(
        "drivers",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("nationality", sa.String(), nullable=True),
        sa.Column("abbreviation", sa.String(), nullable=True),
        _season_fk("drivers"),
        sa.PrimaryKeyConstraint("season_id", "id", name=op.f("pk_drivers")),
    )
    op.create_table(
        "teams",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("nationality", sa.String(), nullable=True),
        _season_fk("teams"),
        sa.PrimaryKeyConstraint("season_id", "id", name=op.f("pk_teams")),
    )
    op.create_table(
        "entries",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("car", sa.String(), nullable=False),
        sa.Column("drivers", sa.JSON(), nullable=False),
        sa.Column("team", sa.String(), nullable=True),
        sa.Column("constructor", sa.String(), nullable=True),
        sa.Column("manufacturer", sa.String(), nullable=True),
        sa.Column("chassis", sa.String(), nullable=True),
        sa.Column("engine", sa.String(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("rounds", sa.JSON(none_as_null=True), nullable=True),
        _season_fk("entries"),
        sa.PrimaryKeyConstraint("season_id", "seq", name=op.f("pk_entries")),
    )
    op.create_table(
        "decisions",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("classification", sa.String(), nullable=True),
        sa.Column("competitor", sa.String(), nullable=True),
        sa.Column("car", sa.String(), nullable=True),
        sa.Column("session", sa.String(), nullable=True),
        sa.Column("points", sa.String(), nullable=False),
        sa.Column("keep_points", sa.Boolean(), nullable=False),
        sa.Column("position_text", sa.String(), nullable=False),
        sa.Column("final_only", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        _season_fk("decisions"),
        sa.PrimaryKeyConstraint("season_id", "seq", name=op.f("pk_decisions")),
    )
    op.create_table(
        "tie_orders",
        sa.Column("season_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("classification", sa.String(), nullable=False),
        sa.Column("after_round", sa.Integer(), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        _season_fk("tie_orders"),
        sa.PrimaryKeyConstraint("season_id", "seq", name=op.f("pk_tie_orders")),
    )


def downgrade() -> None:
    for table in (
        "tie_orders",
        "decisions",
        "entries",
        "teams",
        "drivers",
        "results",
        "sessions",
        "rounds",
        "seasons",
        "series",
    ):
        op.drop_table(table)
