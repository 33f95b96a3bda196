"""Build podium's bundled F1 alias table (Ergast ids and Wikipedia links) and its report.

    python scripts/make_ergast_ids.py TABLES_SQL F1DB_DATA
    # e.g. git -C jolpica-f1 show HEAD:tests/fixtures/db/tables.sql > /tmp/tables.sql
    #      python scripts/make_ergast_ids.py /tmp/tables.sql /work/shared/f1db/data

TABLES_SQL is `tests/fixtures/db/tables.sql` of jolpica/jolpica-f1 (Apache-2.0): Jolpica's
drivers, teams, circuits, rounds and team-drivers with their Ergast references and Wikipedia
links. F1DB_DATA is F1DB's `data` folder. The script matches each F1DB thing to a Jolpica
one, the way a person would:

- drivers: date of birth and surname; else date of birth and given name; else full name
  alone (accents and punctuation ignored); else born that day with one name inside the
  other; else the one driver of that surname born
  within two years (the sources disagree on some dates of birth);
- races: season and date; else season and round number;
- circuits: the Jolpica circuit of the races matched at that F1DB circuit (most races win);
- constructors (podium's `<constructor>-<engine maker>`, e.g. `mclaren-mercedes`): the
  Jolpica team that the same drivers drove for in the same seasons (Jolpica's
  team-drivers), most driver-seasons winning, a tie broken by the closer name. Jolpica
  keeps Ergast's choice: one id per chassis maker from the 1970s on (`mclaren`, `red_bull`)
  and, before, one per chassis-engine pair where Ergast has it (`cooper-climax`);
- constructors carry Jolpica's team name and nationality (`Red Bull`, `Austrian`), which
  the Ergast routes show instead of F1DB's chassis-engine name (`Red Bull-Honda RBPT`);
- seasons: every F1DB season, with its Wikipedia link from Jolpica's seasons;
- statuses: Ergast's status ids (Jolpica's `status_mapping.py`, copied as data below from
  the list that file holds), to the status texts themselves.

It writes `src/podium/data/f1/ergast-ids.csv` (podium's aliases.csv format) and
`src/podium/data/f1/ergast-ids-report.md` (counts, what is unmatched, and every podium id
whose matches disagree across seasons, with the choice made). Nationalities as Ergast
writes them ("British") are podium.web.countries' table, which agrees with Jolpica's drivers
and teams on every country F1DB's drivers and constructors have.
"""

from __future__ import annotations

import csv
import html
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
OUT = Path(__file__).resolve().parent.parent / "src" / "podium" / "data"

# Ergast's statuses (id -> text), as Jolpica's jolpica_api/ergastapi/status_mapping.py lists
# them; podium's Ergast routes write these texts, so the podium id of a status is its text.
STATUSES_FILE = "status_mapping.py"


def read_copy_tables(path: Path) -> dict[str, list[dict[str, str | None]]]:
    """Every `COPY table (cols) FROM stdin;` block of a pg_dump file, as rows of dicts."""
    tables: dict[str, list[dict[str, str | None]]] = {}
    head = re.compile(r"^COPY public\.(\w+) \((.*)\) FROM stdin;$")
    current: list[str] | None = None
    rows: list[dict[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if current is None:
            match = head.match(line)
            if match:
                current = [c.strip().strip('"') for c in match.group(2).split(",")]
                rows = tables.setdefault(match.group(1), [])
            continue
        if line == "\\.":
            current = None
            continue
        values = [None if v == "\\N" else html.unescape(v) for v in line.split("\t")]
        rows.append(dict(zip(current, values, strict=True)))
    return tables


def fold(text: str | None) -> str:
    """Lower-case letters only, accents dropped: `Pérez` and `Perez` are one name."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def load_folder(folder: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yml")):
        out[path.stem] = yaml.load(path.read_bytes(), Loader=Loader) or {}
    return out


def ergast_statuses(sql_path: Path) -> dict[int, str]:
    """Ergast's status ids, from status_mapping.py beside tables.sql's repository, if given."""
    path = sql_path.parent / STATUSES_FILE
    if not path.is_file():
        return {}
    found = re.findall(r'^\s*(\d+): "([^"]*)",', path.read_text(encoding="utf-8"), re.M)
    return {int(i): text for i, text in found}


def _years_apart(one: str | None, other: str) -> int:
    if not one or not other:
        return 99
    return abs(int(one[:4]) - int(other[:4]))


class Matcher:
    def __init__(self, sql: Path, data: Path) -> None:
        self.tables = read_copy_tables(sql)
        self.data = data
        self.statuses = ergast_statuses(sql)
        self.f1db_drivers = load_folder(data / "drivers")
        self.f1db_circuits = load_folder(data / "circuits")
        self.f1db_constructors = load_folder(data / "constructors")
        self.f1db_engines = load_folder(data / "engine-manufacturers")
        self.j_drivers = {r["id"]: r for r in self.tables["formula_one_driver"]}
        self.j_teams = {r["id"]: r for r in self.tables["formula_one_team"]}
        self.j_circuits = {r["id"]: r for r in self.tables["formula_one_circuit"]}
        self.j_seasons = {r["id"]: int(r["year"] or 0) for r in self.tables["formula_one_season"]}
        # (kind, ergast_id, podium_id, url, name, nationality): "" for no value
        self.rows: list[tuple[str, str, str, str, str, str]] = []
        self.report: list[str] = []
        self.conflicts: list[str] = []
        self.driver_match: dict[str, str] = {}  # F1DB driver id -> Jolpica driver row id

    # -- drivers --------------------------------------------------------------------------

    def drivers(self) -> None:
        by_dob: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.j_drivers.values():
            by_dob[row["date_of_birth"] or ""].append(row)
            by_name[fold(f"{row['forename']}{row['surname']}")].append(row)
        unmatched: list[str] = []
        taken: dict[str, str] = {}
        # Drivers who took part in a race weekend: the rest only drove in Friday practice.
        raced: set[str] = set()
        for name in ("race-results.yml", "qualifying-results.yml"):
            for path in (self.data / "seasons").glob(f"*/races/*/{name}"):
                raced.update(re.findall(r"^  driverId: (\S+)$", path.read_text("utf-8"), re.M))
        for ident, item in self.f1db_drivers.items():
            dob = str(item.get("dateOfBirth") or "")
            first, last = fold(item.get("firstName")), fold(item.get("lastName"))
            same_day = by_dob.get(dob, []) if dob else []
            found = [r for r in same_day if fold(r["surname"]) == last]
            if len(found) != 1:
                found = [r for r in same_day if fold(r["forename"]) == first]
            if len(found) != 1:
                found = by_name.get(fold(f"{item.get('firstName')}{item.get('lastName')}"), [])
            if len(found) != 1:
                # Born that day and one name within the other ("Prince Bira", "B. Bira").
                whole = fold(f"{item.get('fullName')}{item.get('name')}")
                found = [
                    r
                    for r in same_day
                    if fold(r["surname"]) in whole or last in fold(r["forename"] + r["surname"])
                ]
            if len(found) != 1:
                # A date of birth that the sources disagree on: the same surname, born
                # within a year or two, and no one else like that.
                found = [
                    r
                    for r in self.j_drivers.values()
                    if fold(r["surname"]) == last and _years_apart(r["date_of_birth"], dob) <= 2
                ]
            if len(found) != 1:
                seen = " - in F1DB's race or qualifying results" if ident in raced else ""
                unmatched.append(f"{ident} ({item.get('name')}, born {dob or '?'}){seen}")
                continue
            row = found[0]
            if row["id"] in taken:
                unmatched.append(
                    f"{ident}: its match {row['reference']} is also {taken[row['id']]}"
                )
                continue
            taken[row["id"]] = ident
            self.driver_match[ident] = row["id"]
            self.rows.append(("driver", row["reference"], ident, row["wikipedia"] or "", "", ""))
        left = [
            f"{r['reference']} ({r['forename']} {r['surname']}, born {r['date_of_birth']})"
            for r in self.j_drivers.values()
            if r["id"] not in taken
        ]
        self.section("drivers", len(taken), unmatched, left)

    # -- races and circuits -------------------------------------------------------------------

    def races_and_circuits(self) -> None:
        j_by_date: dict[tuple[int, str], dict[str, Any]] = {}
        j_by_number: dict[tuple[int, int], dict[str, Any]] = {}
        for row in self.tables["formula_one_round"]:
            year = self.j_seasons[row["season_id"]]
            j_by_date[(year, row["date"] or "")] = row
            j_by_number[(year, int(row["number"] or 0))] = row
        circuit_votes: dict[str, Counter[str]] = defaultdict(Counter)
        unmatched: list[str] = []
        matched: set[str] = set()
        for race_yml in sorted((self.data / "seasons").glob("*/races/*/race.yml")):
            info = yaml.load(race_yml.read_bytes(), Loader=Loader) or {}
            year, number = int(race_yml.parts[-4]), int(info["round"])
            row = j_by_date.get((year, str(info.get("date"))))
            row = row or j_by_number.get((year, number))
            if row is None:
                unmatched.append(f"{year}/{number} ({race_yml.parent.name})")
                continue
            matched.add(row["id"])
            ergast = f"{year}/{row['number']}"
            url = row["wikipedia"] or ""
            self.rows.append(("race", ergast, f"{year}/{number}", url, "", ""))
            circuit_votes[str(info["circuitId"])][row["circuit_id"]] += 1
        left = [
            f"{self.j_seasons[r['season_id']]}/{r['number']} ({r['name']})"
            for r in self.tables["formula_one_round"]
            if r["id"] not in matched
        ]
        self.section("races", len(matched), unmatched, left)
        unmatched_circuits = []
        chosen: set[str] = set()
        for ident in self.f1db_circuits:
            votes = circuit_votes.get(ident)
            if not votes:
                unmatched_circuits.append(f"{ident} (no race there in F1DB)")
                continue
            (best, _), *rest = votes.most_common()
            if rest:
                self.conflicts.append(
                    f"- circuit {ident}: races at {dict(votes)} Jolpica circuits; chose {best}"
                )
            circuit = self.j_circuits[best]
            chosen.add(best)
            url = circuit["wikipedia"] or ""
            self.rows.append(("circuit", circuit["reference"], ident, url, "", ""))
        left = [
            f"{r['reference']} ({r['name']})"
            for r in self.j_circuits.values()
            if r["id"] not in chosen
        ]
        self.section("circuits", len(chosen), unmatched_circuits, left)

    # -- constructors -------------------------------------------------------------------------

    def constructors(self) -> None:
        # Jolpica: (year, Jolpica driver) -> teams that driver drove for that year.
        drove: dict[tuple[int, str], set[str]] = defaultdict(set)
        for row in self.tables["formula_one_teamdriver"]:
            drove[(self.j_seasons[row["season_id"]], row["driver_id"])].add(row["team_id"])
        # F1DB: podium constructor key -> (year, driver) that drove it, from every result file.
        crews: dict[str, set[tuple[int, str]]] = defaultdict(set)
        for path in sorted((self.data / "seasons").glob("*/races/*/*-results.yml")):
            year = int(path.parts[-4])
            for row in yaml.load(path.read_bytes(), Loader=Loader) or []:
                key = f"{row['constructorId']}-{row['engineManufacturerId']}"
                crews[key].add((year, str(row["driverId"])))
        unmatched: list[str] = []
        chosen: set[str] = set()
        for key in sorted(crews):
            per_year: dict[int, Counter[str]] = defaultdict(Counter)
            for year, driver in crews[key]:
                j_driver = self.driver_match.get(driver)
                for team in drove.get((year, j_driver), set()) if j_driver else set():
                    per_year[year][team] += 1
            if not per_year:
                unmatched.append(f"{key} ({self.constructor_name(key)})")
                continue
            # Each year elects its team (most drivers, then the closer name); most years win.
            year_choice = {y: self.pick(key, votes) for y, votes in per_year.items()}
            overall = Counter(year_choice.values())
            # Ties go to the closer name, then to the team of the earliest season (the
            # name the constructor started under): never to set order, which varies by run.
            first = {t: min(y for y, c in year_choice.items() if c == t) for t in overall}
            best = max(overall, key=lambda t: (overall[t], -self.distance(key, t), -first[t]))
            if len(overall) > 1:
                others = ", ".join(
                    f"{self.j_teams[t]['reference']} in "
                    + ",".join(str(y) for y in sorted(y for y, c in year_choice.items() if c == t))
                    for t in overall
                    if t != best
                )
                self.conflicts.append(
                    f"- constructor {key}: {self.j_teams[best]['reference']} "
                    f"({overall[best]} seasons); also {others}"
                )
            team = self.j_teams[best]
            chosen.add(best)
            self.rows.append(
                (
                    "constructor",
                    team["reference"],
                    key,
                    team["wikipedia"] or "",
                    team["name"] or "",
                    team["nationality"] or "",
                )
            )
        left = [
            f"{r['reference']} ({r['name']})"
            for r in self.j_teams.values()
            if r["id"] not in chosen
        ]
        self.section("constructors", len(crews) - len(unmatched), unmatched, left)

    def constructor_name(self, key: str) -> str:
        for ident, item in self.f1db_constructors.items():
            if key.startswith(ident + "-") and key[len(ident) + 1 :] in self.f1db_engines:
                engine = key[len(ident) + 1 :]
                name = str(item.get("name"))
                if engine == ident:
                    return name
                return f"{name}-{self.f1db_engines[engine].get('name')}"
        return key

    def distance(self, key: str, team_id: str) -> int:
        """How far a Jolpica team's name is from the F1DB name (0: the same letters)."""
        mine, theirs = fold(self.constructor_name(key)), fold(self.j_teams[team_id]["name"])
        if mine == theirs:
            return 0
        if theirs and (mine.startswith(theirs) or theirs.startswith(mine)):
            return 1
        return 2

    def pick(self, key: str, votes: Counter[str]) -> str:
        return max(votes, key=lambda t: (votes[t], -self.distance(key, t), -int(t)))

    # -- statuses ---------------------------------------------------------

    def seasons(self) -> None:
        """Every F1DB season Jolpica has, with its Wikipedia link."""
        links = {str(r["year"]): r["wikipedia"] or "" for r in self.tables["formula_one_season"]}
        years = sorted(p.name for p in (self.data / "seasons").iterdir() if p.name.isdigit())
        found = [y for y in years if links.get(y)]
        for year in found:
            self.rows.append(("season", year, year, links[year], "", ""))
        missing = [y for y in years if not links.get(y)]
        self.report.append(f"\nseasons: {len(found)} with a link; without one: {missing}")

    def status_rows(self) -> None:
        for number, text in sorted(self.statuses.items()):
            self.rows.append(("status", str(number), text, "", "", ""))
        self.report.append(f"\nstatuses: {len(self.statuses)} Ergast status ids")

    # -- output -------------------------------------------------------------------------------

    def section(self, what: str, matched: int, unmatched: list[str], left: list[str]) -> None:
        self.report.append(f"\n## {what}: {matched} matched")
        self.report.append(f"\nF1DB {what} without a Jolpica match ({len(unmatched)}):\n")
        self.report.extend(f"- {u}" for u in unmatched)
        self.report.append(f"\nJolpica {what} matched by no F1DB one ({len(left)}):\n")
        self.report.extend(f"- {u}" for u in left)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    matcher = Matcher(Path(argv[1]), Path(argv[2]))
    matcher.drivers()
    matcher.races_and_circuits()
    matcher.constructors()
    matcher.seasons()
    matcher.status_rows()
    rows = sorted(set(matcher.rows), key=lambda r: (r[0], r[2], r[1]))
    with (OUT / "f1" / "ergast-ids.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "ergast_id", "podium_id", "url", "name", "nationality"])
        writer.writerows(rows)
    counts = Counter(r[0] for r in rows)
    head = [
        "# The bundled F1 alias table: how it was matched",
        "",
        "Written by `scripts/make_ergast_ids.py` from jolpica/jolpica-f1's",
        "`tests/fixtures/db/tables.sql` (Apache-2.0) and F1DB (CC BY 4.0).",
        "",
        "Rows: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())),
        "",
        "## Podium ids whose matches differ by season (the choice made)",
        "",
    ]
    (OUT / "f1" / "ergast-ids-report.md").write_text(
        "\n".join(head + matcher.conflicts + matcher.report) + "\n", encoding="utf-8"
    )
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
