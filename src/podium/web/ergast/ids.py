"""The names the Ergast routes use: a series' Ergast ids where its alias table has them,
podium's own ids otherwise; paths may name things either way.

Status ids: the alias table's (Ergast's statusId, for F1); else Ergast's own numbers for the
texts podium writes itself (`Finished` 1, `+1 Lap` 11, ...); else a stable number made from
the text (1000 and above), so that a client that reads `statusId` as a number always can.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

from podium.model.aliases import Aliases
from podium.model.calendar import Round

# Ergast's statusIds for the texts podium's own shapes write (ergast.com's status table).
ERGAST_STATUS = {
    "Finished": "1",
    "Disqualified": "2",
    "Withdrew": "54",
    "Not classified": "62",
    "Did not qualify": "81",
    "Excluded": "96",
    "Did not prequalify": "97",
    "Retired": "31",
    "Did not start": "142",
    "Lapped": "143",
}
_LAPS = re.compile(r"^\+(\d+) Laps?$")


def slug(text: str) -> str:
    """`Nürburgring Nordschleife` -> `nurburgring_nordschleife` (Ergast's id style)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_") or "unknown"


@dataclass(frozen=True)
class Ids:
    aliases: Aliases

    def shown(self, kind: str, podium_id: str) -> str:
        return self.aliases.ergast_id(kind, podium_id)

    def url(self, kind: str, podium_id: str) -> str | None:
        return self.aliases.url(kind, podium_id)

    def name(self, kind: str, podium_id: str) -> str | None:
        """Ergast's name for it where the alias table has one (F1: `Red Bull`)."""
        return self.aliases.name(kind, podium_id)

    def nationality(self, kind: str, podium_id: str) -> str | None:
        return self.aliases.nationality(kind, podium_id)

    def names(self, kind: str, podium_id: str, asked: str) -> bool:
        """Whether a path's `asked` id names this podium thing (in either form, any case
        for podium's own ids)."""
        if asked == podium_id or asked == self.shown(kind, podium_id):
            return True
        return self.aliases.podium_id(kind, asked) == podium_id

    def status_id(self, text: str) -> str:
        aliased = self.aliases.ergast_id("status", text)
        if aliased != text:
            return aliased
        known = ERGAST_STATUS.get(text)
        if known is not None:
            return known
        laps = _LAPS.match(text)
        if laps is not None and 1 <= int(laps.group(1)) <= 9:
            return str(10 + int(laps.group(1)))  # Ergast: +1 Lap is 11 ... +9 Laps is 19
        return str(1000 + zlib.crc32(text.encode("utf-8")) % 9000)

    def circuit(self, rnd: Round) -> tuple[str, str]:
        """(podium id, shown id) of a round's circuit: the reference data's circuit id when
        the round has one, else its name; shown as the alias table's Ergast id, else as
        the podium id (a name in Ergast's style: `motorland_aragon`)."""
        podium_id = rnd.circuit_id or rnd.circuit or rnd.venue or rnd.name
        aliased = self.aliases.ergast_id("circuit", podium_id)
        if aliased != podium_id:
            return podium_id, aliased
        return podium_id, rnd.circuit_id or slug(podium_id)

    def names_circuit(self, rnd: Round, asked: str) -> bool:
        podium_id, shown = self.circuit(rnd)
        return asked in (podium_id, shown) or self.aliases.podium_id("circuit", asked) == podium_id
