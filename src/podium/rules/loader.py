"""Read a rules file: resolve `extends`, validate against the JSON Schema, build `Rules`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.folder import Folder, Outside, is_file
from podium.files.schemacheck import schema_problems
from podium.files.yamlsrc import LineDict, field_name, load_yaml, locate
from podium.model.result import Status
from podium.model.session import SessionEnd, SessionKind
from podium.model.values import (
    MAX_COUNT,
    MAX_POINTS,
    BadValue,
    NotANumber,
    number,
    shown,
    whole_value,
)
from podium.rules.model import (
    COMPETITOR_SYNONYMS,
    Bonus,
    CarsRule,
    ClassificationRules,
    DropBlock,
    DropRule,
    Eligibility,
    Listing,
    ListingRule,
    Override,
    Rules,
    Scale,
    ScoringItem,
    SessionSelector,
    ShortenedBand,
    ShortenedPolicy,
    TieKind,
    TieStep,
)

BUNDLED_PREFIX = "podium:"
_MAX_EXTENDS = 20
MAX_FACTOR = 100  # points multiplied: double points is 2; a hundredfold is no real season's
_BUNDLED_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*")


def rules_schema() -> dict[str, Any]:
    text = resources.files("podium").joinpath("schemas/rules.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def bundled_rules_dir() -> Path:
    return Path(str(resources.files("podium").joinpath("rules/library")))


def load_rules(
    path: Path, display_name: str | None = None, within: Folder | None = None
) -> Rules:
    """Load a rules file and everything it extends.

    Every file it extends must lie inside `within` (default: the rules file's own folder),
    or be bundled with podium (`podium:NAME`).
    """
    folder = within if within is not None else Folder(path.parent)
    document = _resolve(path, display_name or str(path), depth=0, within=folder)
    return parse_rules(document, display_name or str(path))


def _resolve(path: Path, name: str, depth: int, within: Folder) -> LineDict:
    raw = load_yaml(path, name)
    if not isinstance(raw, LineDict):
        raise ValidationError([Problem(name, 1, "-", "a rules file must be a mapping")])
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str):
        line = raw.where.get("extends", (name, None))[1]
        raise ValidationError([Problem(name, line, "extends", "must be a path")])
    if depth >= _MAX_EXTENDS:
        raise ValidationError([Problem(name, raw.where["extends"][1], "extends", "too deep")])
    line = raw.where["extends"][1]
    if parent.startswith(BUNDLED_PREFIX):
        bundled = parent.removeprefix(BUNDLED_PREFIX)
        if not _BUNDLED_NAME.fullmatch(bundled) or ".." in bundled.split("/"):
            raise ValidationError(
                [Problem(name, line, "extends", f"{parent!r} is not a bundled rules name")]
            )
        parent_within = Folder(bundled_rules_dir())
        parent_name = parent
        try:
            parent_path = parent_within.inside(f"{bundled}.yaml")
        except Outside:
            raise ValidationError(
                [Problem(name, line, "extends", f"{parent!r} is not a bundled rules name")]
            ) from None
    else:
        parent_within = within
        parent_name = str(Path(name).parent / parent)
        try:
            parent_path = within.inside(parent, path.parent)
        except Outside as exc:
            raise ValidationError(
                [Problem(name, line, "extends", f"must name a rules file in the folder: {exc}")]
            ) from None
    if not is_file(parent_path):
        raise ValidationError([Problem(name, line, "extends", f"no rules file {parent!r}")])
    base = _resolve(parent_path, parent_name, depth + 1, parent_within)
    merged: LineDict = merge(base, raw)
    merged.pop("extends", None)
    return merged


def merge(base: Any, child: Any) -> Any:
    """Child keys override base keys; mappings merge deeply, lists are replaced whole."""
    if not (isinstance(base, dict) and isinstance(child, dict)):
        return child
    out = LineDict(base)
    out.where = dict(getattr(base, "where", {}))
    out.origin = getattr(child, "origin", getattr(base, "origin", ("", 0)))
    for key, value in child.items():
        if value is None and key in out:
            del out[key]  # `null` removes what was inherited: a classification, drops, `when`
        else:
            out[key] = merge(out[key], value) if key in out else value
        child_where = getattr(child, "where", {})
        if key in child_where:
            out.where[key] = child_where[key]
    return out


def parse_rules(document: dict[str, Any], source: str) -> Rules:
    """Validate a resolved rules document and build the typed rules."""
    problems = schema_problems(rules_schema(), document, (source, 1))
    if problems:
        raise ValidationError(problems)
    builder = _Builder(document, source)
    rules = builder.build()
    if builder.problems:
        raise ValidationError(builder.problems)
    return rules


# A round list is a few numbers and ranges; thousands of parts are not a season's.
_MAX_ROUND_PARTS = 500


def parse_rounds(value: Any) -> frozenset[int]:
    """`3`, `[1, 2]`, or `"1-6,9"` to a set of round numbers, each from 1 to MAX_COUNT.

    Bounded before anything is expanded: `"1-99999999999"` would otherwise build a set of
    billions. Raises ValueError saying what is wrong.
    """
    if isinstance(value, list):
        return frozenset(_round(v, shown(v)) for v in value)
    if not isinstance(value, str):
        return frozenset({_round(value, shown(value))})
    parts = value.split(",")
    if len(parts) > _MAX_ROUND_PARTS:
        raise ValueError(f"more than {_MAX_ROUND_PARTS} rounds or ranges")
    out: set[int] = set()
    for part in parts:
        first, _, last = part.partition("-")
        start, stop = _round(first, shown(part)), _round(last or first, shown(part))
        if stop < start:
            raise ValueError(f"range {shown(part)} runs backwards")
        out.update(range(start, stop + 1))
    return frozenset(out)


def _round(value: Any, part: str) -> int:
    try:
        return whole_value(value, 1, MAX_COUNT)
    except NotANumber:
        raise ValueError(f"{part} is not a round number or a range such as 1-6") from None
    except BadValue:
        raise ValueError(f"{part}: a round number is from 1 to {MAX_COUNT}") from None


class _Builder:
    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.doc = document
        self.source = source
        self.problems: list[Problem] = []
        self.scales: dict[str, Scale] = {
            name: self.scale(values, ["scales", name])
            for name, values in (document.get("scales") or {}).items()
        }

    def number(
        self,
        value: Any,
        path: list[Any],
        low: Fraction | int = -MAX_POINTS,
        high: Fraction | int = MAX_POINTS,
    ) -> Fraction:
        """An exact number in its bounds; a bad one is reported and read as 0.

        The schema admits `.nan` (a float) and any digits; the engine needs neither.
        """
        try:
            return number(value, low, high)
        except BadValue as exc:
            self.problem(path, str(exc))
            return Fraction(0)

    def fraction_of_distance(self, value: Any, path: list[Any]) -> Fraction:
        return self.number(value, path, 0, 1)

    def scale(self, values: Any, path: list[Any]) -> Scale:
        return tuple(self.number(v, [*path, i]) for i, v in enumerate(values))

    def problem(self, path: list[Any], message: str) -> None:
        file, line = locate(self.doc, path, (self.source, 1))
        self.problems.append(Problem(file, line, field_name(path), message))

    def build(self) -> Rules:
        defaults = self.doc.get("defaults") or {}
        shared_overrides = list(self.doc.get("overrides") or [])
        classifications: dict[str, ClassificationRules] = {}
        for cid, own in (self.doc.get("classifications") or {}).items():
            if own is None:
                continue
            spec = merge(defaults, own)
            path: list[Any] = ["classifications", cid]
            if "competitor" not in spec:
                self.problem(path, "'competitor' is required")
                continue
            classifications[cid] = self.classification(cid, spec, path, shared_overrides)
        plain = json.loads(json.dumps(self.doc))
        return Rules(classifications=classifications, document=plain)

    def points(self, value: Any, path: list[Any]) -> Scale:
        if isinstance(value, str):
            if value not in self.scales:
                known = ", ".join(sorted(self.scales)) or "none"
                self.problem(path, f"unknown scale {value!r} (scales: {known})")
                return ()
            return self.scales[value]
        return self.scale(value, path)

    def selector(self, value: Any) -> SessionSelector:
        if isinstance(value, str):
            if value in SessionKind._value2member_map_:
                return SessionSelector(kind=SessionKind(value))
            return SessionSelector(ids=frozenset({value}))
        ids = value.get("id")
        return SessionSelector(
            kind=SessionKind(value["kind"]) if "kind" in value else None,
            ids=frozenset([ids] if isinstance(ids, str) else ids) if ids is not None else None,
            segment=value.get("segment"),
        )

    def rounds(self, value: Any, path: list[Any]) -> frozenset[int]:
        try:
            return parse_rounds(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return frozenset()

    def shortened(self, value: Any, path: list[Any]) -> ShortenedPolicy:
        if value is None or value == "none":
            return ShortenedPolicy()
        bands = tuple(
            ShortenedBand(
                self.fraction_of_distance(b["below"], [*path, "bands", i, "below"]),
                self.points(b["points"], [*path, "bands", i, "points"]),
            )
            for i, b in enumerate(value.get("bands", []))
        )
        when = value.get("when")
        return ShortenedPolicy(
            below=(
                self.fraction_of_distance(value["below"], [*path, "below"])
                if "below" in value
                else None
            ),
            factor=self.number(value.get("factor", 1), [*path, "factor"], 0, MAX_FACTOR),
            min_laps=int(value.get("min_laps", 0)),
            bands=tuple(sorted(bands, key=lambda b: b.below)),
            when=frozenset(SessionEnd(w) for w in when) if when is not None else None,
            bonuses=bool(value.get("bonuses", True)),
        )

    def override(self, value: Any, path: list[Any]) -> Override:
        return Override(
            rounds=self.rounds(value["rounds"], [*path, "rounds"]),
            session=self.selector(value["session"]) if "session" in value else None,
            factor=(
                self.number(value["factor"], [*path, "factor"], 0, MAX_FACTOR)
                if "factor" in value
                else None
            ),
            points=self.points(value["points"], [*path, "points"]) if "points" in value else None,
            excluded=bool(value.get("excluded", False)),
            shortened=(
                self.shortened(value["shortened"], [*path, "shortened"])
                if "shortened" in value
                else None
            ),
            bonuses=value.get("bonuses"),
        )

    def selectors(self, value: Any) -> tuple[SessionSelector, ...]:
        """One selector or a list of them."""
        return tuple(self.selector(v) for v in (value if isinstance(value, list) else [value]))

    def tie_step(self, value: Any) -> TieStep:
        if isinstance(value, str):
            return TieStep(kind=value)  # type: ignore[arg-type]
        if "best_grid" in value:
            return TieStep(kind="best_grid", grids=self.selectors(value["best_grid"]["sessions"]))
        kind: TieKind = "most_recent_best" if "most_recent_best" in value else "countback"
        return TieStep(
            kind=kind,
            places=value[kind],
            session=self.selector(value["session"]) if "session" in value else None,
            max_place=value.get("max_place"),
            all_cars=bool(value.get("all_cars", False)),
        )

    def listing(self, spec: Any, path: list[Any]) -> Listing:
        value = spec.get("listing", "scorers")
        if isinstance(value, str):
            return value  # type: ignore[return-value]  # the schema admits only the three
        # Whether each selector matches a session is a check of the season (formats/checks.py):
        # the rules alone do not know the sessions.
        return ListingRule(
            sessions=self.selectors(value["sessions"]),
            statuses=frozenset(Status(v) for v in value["statuses"]),
        )

    def count_as(self, spec: Any, path: list[Any]) -> dict[str, str]:
        mapping: dict[str, str] = dict(spec.get("count_as") or {})
        if not mapping:
            return {}
        if spec.get("competitor") not in ("team", "constructor", "manufacturer"):
            self.problem(
                [*path, "count_as"],
                "only an organisation classification (competitor team, constructor or "
                "manufacturer) counts one organisation as another",
            )
        for brand, parent in mapping.items():
            if parent != brand and parent in mapping and mapping[parent] != parent:
                self.problem(
                    [*path, "count_as", brand],
                    f"{parent!r} is itself counted as {mapping[parent]!r}: "
                    f"count {brand!r} as {mapping[parent]!r}",
                )
        return mapping

    def drops(self, value: Any, path: list[Any]) -> DropRule | None:
        if value is None:
            return None
        blocks: list[DropBlock] = []
        if "best" in value:
            blocks.append(DropBlock(None, int(value["best"])))
        for i, block in enumerate(value.get("blocks", [])):
            rounds = self.rounds(block["rounds"], [*path, "blocks", i, "rounds"])
            blocks.append(DropBlock(rounds, int(block["best"])))
        if not blocks:
            self.problem(path, "give 'best' or 'blocks'")
        return DropRule(blocks=tuple(blocks), unit=value.get("unit", "round"))

    def classification(
        self, cid: str, spec: dict[str, Any], path: list[Any], shared: list[Any]
    ) -> ClassificationRules:
        def each(key: str, make: Callable[[Any, list[Any]], Any]) -> tuple[Any, ...]:
            return tuple(make(v, [*path, key, i]) for i, v in enumerate(spec.get(key) or []))

        elig = spec.get("eligible") or {}
        cars = spec.get("cars", "all")
        overrides = tuple(self.override(v, ["overrides", i]) for i, v in enumerate(shared)) + each(
            "overrides", self.override
        )
        kwargs: dict[str, Any] = {}
        if "tie_break" in spec:
            kwargs["tie_break"] = tuple(self.tie_step(v) for v in spec["tie_break"])
        if "listing_session" in spec:
            kwargs["listing_session"] = self.selector(spec["listing_session"])
        return ClassificationRules(
            id=cid,
            name=spec.get("name", cid),
            short_name=spec.get("short_name"),
            competitor=COMPETITOR_SYNONYMS.get(spec["competitor"], spec["competitor"]),
            eligibility=Eligibility(
                flags_all=frozenset(elig.get("flags_all", [])),
                flags_none=frozenset(elig.get("flags_none", [])),
            ),
            scoring=each(
                "scoring",
                lambda v, p: ScoringItem(
                    session=self.selector(v["session"]),
                    points=self.points(v["points"], [*p, "points"]),
                    basis=v.get("basis", "overall"),
                    countback=v.get("countback"),
                ),
            ),
            bonuses=each(
                "bonuses",
                lambda v, p: Bonus(
                    name=v["name"],
                    session=self.selector(v["session"]),
                    points=self.number(v["points"], [*p, "points"]),
                    holder=v.get("holder", "fastest_lap"),
                    among=v.get("among", "all"),
                    award=v.get("award"),
                    top=v.get("top"),
                    classified=bool(v.get("classified", False)),
                    min_distance=(
                        self.fraction_of_distance(v["min_distance"], [*p, "min_distance"])
                        if "min_distance" in v
                        else None
                    ),
                    ties=v.get("ties", "split"),
                ),
            ),
            shared_car=spec.get("shared_car", "split"),
            multi_car=spec.get("multi_car", "sum"),
            cars=CarsRule() if cars == "all" else CarsRule(cars.get("best"), cars.get("flag")),
            count_as=self.count_as(spec, path),
            shortened=self.shortened(spec.get("shortened"), [*path, "shortened"]),
            drops=self.drops(spec.get("drops"), [*path, "drops"]),
            listing=self.listing(spec, path),
            shared_place=spec.get("shared_place", "equals"),
            decimals=int(spec.get("decimals", 2)),
            overrides=overrides,
            **kwargs,
        )
