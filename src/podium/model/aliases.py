"""A series' other names for its things: the Ergast identifiers and reference links.

Ergast clients (and their users' code) name drivers, constructors, circuits and races by
Ergast's ids (`max_verstappen`, `red_bull`, `albert_park`); podium names them by its own
(`max-verstappen`, `red-bull`, `melbourne`). An `Aliases` table maps one to the other, per
series, so the Ergast routes can answer with Ergast's ids and accept either form, while
podium's own API keeps podium's ids.

Kinds and what their podium id is:

- `driver`, `constructor`: the key in the season's drivers / teams (`Season.drivers`).
- `circuit`: `Round.circuit_id` (F1: F1DB's circuit id, `melbourne`).
- `race`: `"<year>/<round number>"`, the round number without padding (`"2008/1"`), as
  `race_id` writes it; the Ergast id of a race is Ergast's raceId.
- `status`: the status text the Ergast routes write (`Finished`, `Gearbox`, `+1 Lap`);
  its Ergast id is Ergast's statusId (`1`, `5`, `11`).
- `season`: the year (`2021`); its Ergast id is the year too, the row carries the url.

A constructor's row may also carry Ergast's `name` and `nationality` for it: F1DB (and so
podium) names the chassis-engine pair (`Red Bull-Honda RBPT`, Austrian by its country),
Ergast the chassis maker (`Red Bull`, `Austrian`). The Ergast routes use them where a row
has them; podium's own API keeps the season's names.

A thing without a row keeps its podium id in the Ergast routes (`ergast_id` falls back to
it), so a series without any aliases (`Aliases()`) is served as it is. One Ergast id may
name several podium things (F1's `mclaren` is `mclaren-ford`, `mclaren-mercedes`, ...):
`podium_ids` gives them all.

Where the rows come from: a season folder's `aliases.csv` and F1's bundled table
(formats/aliases.py); `Season.aliases` holds a season's, `Database.aliases(series)` a
series' (docs/api.md, "Identifiers").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = ("driver", "constructor", "circuit", "race", "status", "season")
# The kinds whose rows may carry Ergast's name and nationality (the rest take theirs from
# the season's own data, as Ergast writes them already).
NAMED_KINDS = ("constructor",)


def race_id(year: int, round_number: int) -> str:
    """The podium id of a race for the alias table: `2008/1`."""
    return f"{year}/{round_number}"


@dataclass(frozen=True, slots=True)
class Alias:
    kind: str
    ergast_id: str
    podium_id: str
    url: str | None = None
    name: str | None = None  # Ergast's name for it (a constructor's: `Red Bull`)
    nationality: str | None = None  # Ergast's nationality (a constructor's: `Austrian`)


@dataclass(frozen=True)
class Aliases:
    """Rows of (kind, Ergast id, podium id, url, name, nationality); look-ups in either
    direction."""

    rows: tuple[Alias, ...] = ()
    _to_ergast: dict[tuple[str, str], Alias] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _to_podium: dict[tuple[str, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _many: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        to_ergast: dict[tuple[str, str], Alias] = {}
        to_podium: dict[tuple[str, str], str] = {}
        many: dict[tuple[str, str], list[str]] = {}
        for row in self.rows:
            to_ergast.setdefault((row.kind, row.podium_id), row)
            to_podium.setdefault((row.kind, row.ergast_id), row.podium_id)
            named = many.setdefault((row.kind, row.ergast_id), [])
            if row.podium_id not in named:
                named.append(row.podium_id)
        # A podium id is itself accepted, unless it is some other thing's Ergast id
        # (an Ergast id wins: that is what an Ergast client means by it).
        for row in self.rows:
            to_podium.setdefault((row.kind, row.podium_id), row.podium_id)
        object.__setattr__(self, "_to_ergast", to_ergast)
        object.__setattr__(self, "_to_podium", to_podium)
        object.__setattr__(self, "_many", {key: tuple(ids) for key, ids in many.items()})

    @classmethod
    def of(cls, rows: Iterable[tuple[str | None, ...]]) -> Aliases:
        """Built from plain (kind, ergast_id, podium_id, url[, name[, nationality]])
        tuples; an empty text is no value."""
        out: list[Alias] = []
        for row in rows:
            kind, ergast_id, podium_id, *rest = row
            url, name, nationality = (*(value or None for value in rest), None, None, None)[:3]
            out.append(Alias(str(kind), str(ergast_id), str(podium_id), url, name, nationality))
        return cls(tuple(out))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def ergast_id(self, kind: str, podium_id: str) -> str:
        """The Ergast id of a podium thing; its podium id when the table has none."""
        row = self._to_ergast.get((kind, podium_id))
        return row.ergast_id if row is not None else podium_id

    def podium_id(self, kind: str, any_id: str) -> str | None:
        """The podium id named by an Ergast or podium id; None if the table knows neither.
        Where one Ergast id names several podium things, the first (see `podium_ids`).

        A caller that also serves things without aliases tries `any_id` as a podium id
        itself when this is None.
        """
        return self._to_podium.get((kind, any_id))

    def podium_ids(self, kind: str, any_id: str) -> tuple[str, ...]:
        """Every podium id an Ergast id (or a podium id) names, in the table's order.

        Several podium things can share one Ergast id: F1's podium constructors are chassis
        maker + engine (`mclaren-ford`, `mclaren-mercedes`), Ergast's from the 1970s on the
        chassis maker alone (`mclaren`). A filter such as `/constructors/mclaren/` means
        all of them. Empty if the table knows neither.
        """
        found = self._many.get((kind, any_id))
        if found:
            return found
        return (any_id,) if (kind, any_id) in self._to_ergast else ()

    def url(self, kind: str, podium_id: str) -> str | None:
        """The reference link (Wikipedia, for F1) of a podium thing, if the table has one."""
        row = self._to_ergast.get((kind, podium_id))
        return row.url if row is not None else None

    def name(self, kind: str, podium_id: str) -> str | None:
        """Ergast's name for a podium thing (`Red Bull` for `red-bull-honda-rbpt`), if the
        table has one; the caller keeps its own name otherwise."""
        row = self._to_ergast.get((kind, podium_id))
        return row.name if row is not None else None

    def nationality(self, kind: str, podium_id: str) -> str | None:
        """Ergast's nationality for a podium thing (`Austrian`), if the table has one."""
        row = self._to_ergast.get((kind, podium_id))
        return row.nationality if row is not None else None

    def of_kind(self, kind: str) -> tuple[Alias, ...]:
        return tuple(row for row in self.rows if row.kind == kind)
