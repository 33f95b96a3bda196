"""F1DB's source YAML on disk: parsed once, fast, and located by file and line on error.

F1DB (https://github.com/f1db/f1db, CC BY 4.0) keeps one YAML file per driver, constructor,
engine manufacturer, circuit, country and grand prix, and per season a folder of races, each
with its classifications:

    data/drivers/<driverId>.yml             data/countries/<countryId>.yml
    data/constructors/<constructorId>.yml   data/circuits/<circuitId>.yml
    data/engine-manufacturers/<id>.yml      data/grands-prix/<grandPrixId>.yml
    data/entrants/<entrantId>.yml           data/chassis/<id>.yml  data/engines/<id>.yml
    data/seasons/<year>/entrants.yml
    data/seasons/<year>/races/<NN-slug>/race.yml, race-results.yml, qualifying-results.yml, ...

Files are parsed with PyYAML's C loader into plain dicts and lists (no line bookkeeping, which
would cost more than the parse). Line numbers are recovered only when something is wrong: F1DB
writes each list item at column 0 (`- position: 1`), so item i of a file starts at the i-th
such line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from podium.errors import Problem, ValidationError
from podium.files.folder import is_file, read_bytes
from podium.files.yamlsrc import check_shape

_Base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Longer integers stay text: int() raises past 4,300 digits, and no F1DB count needs 40.
_MAX_INT_TEXT = 40


class _Loader(_Base):  # type: ignore[misc]
    """The C loader, where two scalars that PyYAML would raise on stay text instead.

    A date such as 2021-02-30 or an integer of thousands of digits would stop the whole
    import with a ValueError; as text, the field that holds it reports it with its line.
    """


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


def _integer(loader: Any, node: yaml.ScalarNode) -> Any:
    if len(str(node.value)) > _MAX_INT_TEXT:
        return str(node.value)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _integer)
_ITEM = re.compile(r"^- ", re.MULTILINE)

# The shared reference folders, one file per item.
DRIVERS = "drivers"
CONSTRUCTORS = "constructors"
ENGINE_MANUFACTURERS = "engine-manufacturers"
ENTRANTS = "entrants"
CIRCUITS = "circuits"
COUNTRIES = "countries"
GRANDS_PRIX = "grands-prix"
CHASSIS = "chassis"
ENGINES = "engines"


def find_data_folder(root: Path) -> Path:
    """F1DB's `data` folder: `root` itself, or `root/data`."""
    root = Path(root)
    for candidate in (root, root / "data"):
        if (candidate / "seasons").is_dir() and (candidate / DRIVERS).is_dir():
            return candidate
    raise ValidationError(
        [
            Problem(
                str(root),
                None,
                "-",
                "not an F1DB data folder (expected seasons/ and drivers/ in it or in data/)",
            )
        ]
    )


def parse_yaml(path: Path, shown: str | None = None) -> Any:
    """One YAML file as plain Python data; a syntax error becomes a Problem with its line."""
    name = shown or str(path)
    # A folder, device or FIFO where a file should be is a Problem, not an OSError.
    return parse_text(read_bytes(path, name), name)


def parse_text(text: bytes, name: str) -> Any:
    """YAML text as plain Python data; a syntax error becomes a Problem with its line."""
    loader = _Loader(text)
    try:
        if b"*" not in text:  # no alias: nothing to expand, the fast path (every F1DB file)
            found = loader.get_single_node()
            return None if found is None else _plain(loader, found)
        node = loader.get_single_node()
        if node is None:
            return None
        check_shape(node, name)
        return loader.construct_document(node)
    except RecursionError:
        raise ValidationError([Problem(name, None, "-", "nested too deeply")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ValidationError([Problem(name, line, "-", f"invalid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(name, None, "-", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _plain(loader: Any, node: yaml.Node) -> Any:
    """What `get_single_data` builds from `node`, built directly: plain lists and mappings
    of scalars (all F1DB has) without PyYAML's generator machinery, which took half the time
    of reading a file. Anything else (a merge key, a key that is not a scalar, another tag)
    goes to PyYAML's own constructor, which also says what is wrong with it."""
    if isinstance(node, yaml.ScalarNode):
        constructors = loader.yaml_constructors
        return constructors.get(node.tag, constructors[None])(loader, node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_plain(loader, item) for item in node.value]
    if (
        isinstance(node, yaml.MappingNode)
        and node.tag == _MAP
        and all(
            isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge"
            for k, _ in node.value
        )
    ):
        return {_plain(loader, k): _plain(loader, v) for k, v in node.value}
    return loader.construct_object(node, deep=True)


def item_line(path: Path, index: int, key: str | None = None) -> int | None:
    """The line of list item `index` of a top-level YAML list (of `key` inside it, if given)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    starts = [m.start() for m in _ITEM.finditer(text)]
    if index >= len(starts):
        return None
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    line = text.count("\n", 0, start) + 1
    if key is not None:
        found = re.compile(rf"^(?:- |\s+){re.escape(key)}:", re.MULTILINE).search(text, start, end)
        if found is not None:
            return text.count("\n", 0, found.start()) + 1
    return line


def key_line(path: Path, key: str) -> int | None:
    """The line of a top-level `key:` of a YAML mapping file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.compile(rf"^{re.escape(key)}:", re.MULTILINE).search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


class F1DBSource:
    """An F1DB `data` folder; each shared file is parsed at most once, when first needed."""

    def __init__(self, root: Path, *, skip: Iterable[str] = (), keep: Iterable[str] = ()) -> None:
        self.data = find_data_folder(root)
        self._items: dict[tuple[str, str], dict[str, Any] | None] = {}
        # A reader that needs only some sessions (verify) names the race folders' files not
        # to read at all (`skip`), and those whose parsed rows it wants back (`keep`): the
        # importer reads them anyway, and a second parse would cost as much as the first.
        self.skip: frozenset[str] = frozenset(skip)
        self.kept_files: frozenset[str] = frozenset(keep)
        self.kept: dict[Path, list[Any]] = {}

    def keep(self, path: Path, rows: list[Any]) -> None:
        """Hold on to a race folder file's parsed rows if it is one of `keep`."""
        if path.name in self.kept_files:
            self.kept[path] = rows

    def shown(self, path: Path) -> str:
        """How a file is named in messages: its path as given by the user."""
        return str(path)

    def seasons_folder(self) -> Path:
        return self.data / "seasons"

    def years(self) -> list[int]:
        """Every season F1DB holds."""
        # isdigit() alone is true of '²', which int() refuses; a year has four digits.
        return sorted(
            int(p.name)
            for p in self.seasons_folder().iterdir()
            if p.is_dir() and p.name.isascii() and p.name.isdigit() and len(p.name) <= 4
        )

    def season_folder(self, year: int) -> Path:
        return self.seasons_folder() / str(year)

    def race_folders(self, year: int) -> Iterator[Path]:
        races = self.season_folder(year) / "races"
        if races.is_dir():
            yield from sorted(p for p in races.iterdir() if p.is_dir())

    def item(self, folder: str, ident: str) -> dict[str, Any] | None:
        """A shared item such as drivers/<id>.yml; None if F1DB has no such file."""
        key = (folder, ident)
        if key in self._items:
            return self._items[key]
        path = self.data / folder / f"{ident}.yml"
        found: dict[str, Any] | None = None
        # is_file() from files.folder: a name too long for the system is no file, not an OSError
        if "/" not in ident and is_file(path):
            parsed = parse_yaml(path, self.shown(path))
            if not isinstance(parsed, dict):
                raise ValidationError([Problem(self.shown(path), 1, "-", "expected a mapping")])
            found = parsed
        self._items[key] = found
        return found

    def alpha3(self, country_id: Any) -> str | None:
        """A country's ISO 3166 alpha-3 code (GBR), as podium prints nationalities."""
        if not isinstance(country_id, str):
            return None
        country = self.item(COUNTRIES, country_id)
        if country is None:
            return None
        code = country.get("alpha3Code")
        return str(code) if code else None

    def name_of(self, folder: str, ident: str) -> str:
        """An item's name; for an item F1DB has no file for, a name made from its id."""
        item = self.item(folder, ident)
        if item is None or not item.get("name"):
            return name_from_id(ident)
        return str(item["name"])


def name_from_id(ident: str) -> str:
    """`scuderia-ferrari` -> "Scuderia Ferrari", `rrc-walker-racing-team` -> "RRC Walker ..."

    Some F1DB snapshots lack files that entrants.yml names; their id is all there is.
    """
    words = []
    for word in ident.split("-"):
        if word in _TITLES or len(word) == 1:
            words.append(word.capitalize())
        elif word in _ROMAN or not any(c in "aeiouy" for c in word):
            words.append(word.upper())  # initials, numerals: RRC, KG, III
        else:
            words.append(word.capitalize())
    return " ".join(w for w in words if w)


_TITLES = frozenset({"dr", "jr", "sr", "mr", "st"})
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii"})
