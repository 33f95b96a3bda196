"""Standings and classifications as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from podium.model.result import Result
from podium.model.season import Season
from podium.model.session import Session
from podium.standings.results import (
    AmendedResult,
    amended_results,
    amendment_text,
    decision_data,
    is_amended,
)
from podium.standings.table import StandingsTable, format_points

FORMATS = ("table", "json", "csv")

# CSV injection (OWASP): a spreadsheet opening the file reads a cell starting with one of
# these as a formula, so a driver called `=HYPERLINK("http://x")` becomes a link or worse.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number or time as written (`-5`, `+1.880`, `1:23.456`) calls no function and
# refers to no cell: it stays as it is, so gaps and deductions stay numbers.
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,:]*")
# The results columns that hold text from the data, neutralised in CSV (see docs/cli.md);
# the others are numbers podium counted, or words of its own (`position_text`, `status`).
RESULT_TEXT_COLUMNS = ("car", "drivers", "team", "time", "gap", "fastest_lap", "amendment")


def text_cell(value: object) -> str:
    """A text cell from the data as CSV for spreadsheets: one that would start a formula
    gets a leading `'` (OWASP's advice), which spreadsheets show as the text itself."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def standings_table(
    table: StandingsTable, width: int | None = None, season: Season | None = None
) -> Table:
    """A Rich table with the per-round breakdown; dropped scores in brackets.

    Given the terminal's `width`, the round columns are left out when they would not fit:
    a squeezed table with every name cut to one letter helps nobody (CSV has them all).
    Given the `season`, the name column is headed with the series' own word ("Rider",
    `terms:` in season.yaml) where it has one, else "Name". A total a decision changed is
    marked (`74*`), with a footnote under the table for each decision that touched it.
    """
    where = f"after {table.after_round} of {table.rounds_total}"
    if table.after_session is not None:
        # Inside a round: "after 2 of 3" alone would read as the whole of round 2.
        where = (
            f"round {table.after_round} of {table.rounds_total} after session {table.after_session}"
        )
    title = f"{table.classification_name} — {table.series_name} {table.season} ({where})"
    rounds = sorted({r.round for row in table.rows for r in row.rounds})
    if width is not None:
        name = max((len(r.name) for r in table.rows), default=4)
        needed = 4 + (name + 3) + 6 + 8 + 7 + sum(len(f"R{n}") + 4 for n in rounds)
        if needed > width:
            rounds = []
            title += " — per-round points hidden: widen the terminal or use --format csv"
    notes = table.footnotes()
    out = Table(
        title=title,
        title_justify="left",
        caption="\n".join(notes) if notes else None,
        caption_justify="left",
    )
    out.add_column("Pos", justify="right", no_wrap=True)
    out.add_column(_name_heading(table, season), no_wrap=True)
    out.add_column("Nat", no_wrap=True)
    out.add_column("Pts", justify="right", style="bold", no_wrap=True)
    out.add_column("Wins", justify="right", no_wrap=True)
    for number in rounds:
        out.add_column(f"R{number}", justify="right")
    for row in table.rows:
        by_round = {r.round: r for r in row.rounds}
        cells = []
        for number in rounds:
            score = by_round.get(number)
            if score is None:
                cells.append("")
                continue
            shown = format_points(score.points, row.decimals)
            cells.append(f"({shown})" if score.dropped else shown)
        out.add_row(
            row.position_text,
            row.name,
            row.nationality or "",
            row.marked_points_text,
            str(row.wins),
            *cells,
        )
    return out


def _name_heading(table: StandingsTable, season: Season | None) -> str:
    if season is None or table.classification not in season.rules.classifications:
        return "Name"
    kind = season.rules.classifications[table.classification].competitor
    own = season.terms.own_word(kind)
    return own.title if own is not None else "Name"


def standings_csv(
    tables: Sequence[StandingsTable], by_session: bool = False, season: Season | None = None
) -> str:
    """One row per standing: a column per round (`r3`) and, `by_session`, after each round's
    column one per session that scored in it (`r3 sprint`, `r3 race`), in the round's session
    order when the `season` is given (else in the order the rows first show them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rounds = sorted({r.round for t in tables for row in t.rows for r in row.rounds})
    columns: list[tuple[int, str | None]] = []
    for n in rounds:
        columns.append((n, None))
        if by_session:
            columns.extend((n, sid) for sid in _sessions_scored(tables, n, season))
    writer.writerow(
        [
            "classification",
            "after_round",
            "position",
            "position_text",
            "id",
            "name",
            "nationality",
            "points",
            "points_exact",
            "wins",
            *(f"r{n}" if sid is None else f"r{n} {sid}" for n, sid in columns),
            "adjustments",
        ]
    )
    for table in tables:
        for row in table.rows:
            data = row.as_dict()
            by_round = {r.round: r for r in row.rounds}
            cells = []
            for n, sid in columns:
                score = by_round.get(n)
                if score is None or (sid is not None and sid not in score.sessions):
                    cells.append("")
                else:
                    value = score.points if sid is None else score.sessions[sid]
                    cells.append(format_points(value, row.decimals))
            writer.writerow(
                [
                    text_cell(table.classification),
                    table.after_round,
                    row.position or "",
                    row.position_text,  # podium's own: "3", "=3" (a shared place), "EX"
                    text_cell(row.competitor),
                    text_cell(row.name),
                    text_cell(row.nationality),
                    data["points"],
                    data["points_exact"],
                    row.wins,
                    *cells,
                    text_cell(row.adjustments_cell()),
                ]
            )
    return buffer.getvalue()


def _sessions_scored(
    tables: Sequence[StandingsTable], number: int, season: Season | None
) -> list[str]:
    found: dict[str, None] = {}
    for table in tables:
        for row in table.rows:
            for score in row.rounds:
                if score.round == number:
                    found.update(dict.fromkeys(score.sessions))
    if season is not None and any(r.number == number for r in season.rounds):
        order = {s.id: i for i, s in enumerate(season.round(number).sessions)}
        return sorted(found, key=lambda sid: order.get(sid, len(order)))
    return list(found)


def standings_json(tables: Sequence[StandingsTable]) -> str:
    shown = [t.as_dict(sessions=True) for t in tables]
    payload: Any = shown[0] if len(shown) == 1 else shown
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _crew(season: Season, result: Result, round_number: int) -> str:
    entry = season.entry_for(result.car, round_number)
    ids = result.drivers or (entry.drivers if entry else ())
    return " / ".join(season.competitor_name(d) for d in ids)


def _team(season: Season, result: Result, round_number: int) -> str:
    entry = season.entry_for(result.car, round_number)
    return season.competitor_name(entry.team) if entry and entry.team else ""


def _lines(
    season: Season, round_number: int, session: Session
) -> list[tuple[AmendedResult, dict[str, Any]]]:
    """The session as amended (`amended_results`), each line with its row: a result struck
    out reads DSQ, with the place it crossed the line in under `crossed`; the cars behind it
    moved up; times and gaps are the amended ones. `original_position` is the place as
    published (both orders, for every line), `amendment` the decision's words
    (`amendment_text`)."""
    rows = []
    for line in amended_results(season, round_number, session.id):
        r = line.result
        row = {
            "position": r.position,
            "position_text": r.position_text,
            "status": r.status.value,
            "car": r.car,
            "drivers": _crew(season, r, round_number),
            "team": _team(season, r, round_number),
            "laps": r.laps,
            "time": r.time,
            "gap": r.gap,
            "grid": r.grid,
            "fastest_lap": r.fastest_lap,
            "crossed": line.crossed,
            "original_position": line.original_position,
            "amendment": amendment_text(line),
        }
        rows.append((line, row))
    return rows


def results_rows(season: Season, round_number: int, session: Session) -> list[dict[str, Any]]:
    """The session's rows as JSON and CSV give them (see `_lines`)."""
    return [row for _, row in _lines(season, round_number, session)]


def results_table(season: Season, round_number: int, session: Session) -> Table:
    """The session as amended; Time/Gap is then the amended figure. When a decision changed
    it, a `Crossed` column gives the place each car crossed the line in (the published
    order), a car a decision was taken against is marked (`4*`) and the decision is a note
    under the table, in the words of `amendment_text`."""
    rnd = season.round(round_number)
    lines = _lines(season, round_number, session)
    changed = is_amended(tuple(line for line, _ in lines))
    notes = [
        f"* Car {row['car']} ({row['drivers']}): {row['amendment']}"
        for _, row in lines
        if row["amendment"]
    ]
    # An order kept for the record only (an abandoned race): say so, it scored nothing.
    note = "" if session.result_declared else " (no result declared)"
    state = f" ({session.state.value.replace('_', ' ')})" if session.state is not None else ""
    out = Table(
        title=f"{season.name} — round {round_number}, {rnd.name}: {session.name}{note}{state}",
        title_justify="left",
        caption="\n".join(notes) if notes else None,
        caption_justify="left",
    )
    # The crew column in the series' word: Driver, Rider (`terms:` in season.yaml).
    crew = season.terms.words.competitor.title
    columns = ["Pos", "No", crew, "Team", "Laps", "Time/Gap", "Grid"]
    if changed:
        columns.append("Crossed")
    for column in columns:
        out.add_column(
            column,
            justify="right" if column in ("Pos", "No", "Laps", "Grid", "Crossed") else "left",
            no_wrap=column in ("Pos", "Time/Gap"),
        )
    for line, row in lines:
        cells = [
            row["position_text"] + ("*" if row["amendment"] else ""),
            row["car"],
            row["drivers"],
            row["team"],
            "" if row["laps"] is None else str(row["laps"]),
            row["time"] or row["gap"] or "",
            "" if row["grid"] is None else str(row["grid"]),
        ]
        if changed:
            cells.append(line.original.position_text)
        out.add_row(*cells)
    return out


def results_payload(season: Season, round_number: int, session: Session) -> dict[str, Any]:
    rnd = season.round(round_number)
    return {
        "series": season.series.id,
        "season": season.year,
        "round": round_number,
        "round_name": rnd.name,
        "session": session.id,
        "session_name": session.name,
        "kind": session.kind.value,
        "status": session.status.value,
        "result_declared": session.result_declared,
        "state": session.state.value if session.state is not None else None,
        "published": session.published.isoformat() if session.published is not None else None,
        "results": [
            {**row, "decisions": [decision_data(d) for d in line.decisions]}
            for line, row in _lines(season, round_number, session)
        ],
    }


def results_csv(season: Season, round_number: int, session: Session) -> str:
    rows = results_rows(season, round_number, session)
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(rows[0]) if rows else ["position"], lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: text_cell(v) if k in RESULT_TEXT_COLUMNS else v for k, v in row.items()}
        )
    return buffer.getvalue()
