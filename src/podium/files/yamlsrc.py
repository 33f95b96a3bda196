"""YAML that remembers where each value came from, so messages can name file and line.

It is also guarded for what a hostile file can do to a YAML reader: aliases that expand a
few hundred bytes into billions of values ("billion laughs"), nesting deep enough to break
the recursion of whatever walks the result, integers of thousands of digits, and `.nan` or
`.inf` where a number is meant. Each is refused with the line it came from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from podium.errors import Problem, ValidationError
from podium.files.folder import read_text

Location = tuple[str, int]

# Aliases may repeat what a file wrote (a note shared by two rows), but not multiply it:
# the values they add once expanded, beyond those the file holds itself.
MAX_ALIAS_VALUES = 10_000
MAX_DEPTH = 64  # podium's own files nest under 10 levels
MAX_INT_DIGITS = 18  # fits a 64-bit database integer; no count or id in a season needs more


class LineDict(dict[Any, Any]):
    """A mapping from YAML; `where[key]` is the (file, line) of the key."""

    where: dict[Any, Location]
    origin: Location

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.where = {}
        self.origin = ("", 0)


class LineList(list[Any]):
    """A sequence from YAML; `where[i]` is the (file, line) of item i."""

    where: dict[int, Location]
    origin: Location

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.where = {}
        self.origin = ("", 0)


def _loader_for(filename: str) -> type[yaml.SafeLoader]:
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[valid-type,misc]
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
        out = LineDict()
        out.origin = (filename, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ValidationError(
                    [Problem(filename, key_node.start_mark.line + 1, "?", "unhashable key")]
                ) from None
            out[key] = loader.construct_object(value_node, deep=True)
            out.where[key] = (filename, key_node.start_mark.line + 1)
        return out

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
        out = LineList()
        out.origin = (filename, node.start_mark.line + 1)
        for i, item in enumerate(node.value):
            out.append(loader.construct_object(item, deep=True))
            out.where[i] = (filename, item.start_mark.line + 1)
        return out

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        # Dates stay text so that the schema and our own parser report bad ones with a line.
        return str(loader.construct_scalar(node))

    def integer(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
        text = str(loader.construct_scalar(node))
        if sum(c.isalnum() for c in text) > MAX_INT_DIGITS:
            raise _problem(
                node,
                filename,
                f"a number of more than {MAX_INT_DIGITS} digits; quote it if it is text",
            )
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
        return value

    def real(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
        value: float = yaml.SafeLoader.construct_yaml_float(loader, node)
        if not math.isfinite(value):
            text = str(loader.construct_scalar(node))
            raise _problem(node, filename, f"{text[:20]!r} is not a finite number")
        return value

    _Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    _Loader.add_constructor("tag:yaml.org,2002:int", integer)
    _Loader.add_constructor("tag:yaml.org,2002:float", real)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return _Loader


def load_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a Problem with its line."""
    name = display_name or str(path)
    return load_yaml_text(read_text(path, name), name)


def load_yaml_text(text: str, name: str) -> Any:
    """Parse YAML text read from `name`; lines count from the text's first line."""
    if "\x00" in text:
        nul_line = text.count("\n", 0, text.index("\x00")) + 1
        problem = Problem(name, nul_line, "-", "not a text file (it holds NUL bytes)")
        raise ValidationError([problem])
    loader = _loader_for(name)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_shape(node, name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ValidationError([Problem(name, line, "-", f"invalid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(name, None, "-", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise ValidationError([Problem(name, None, "-", "nested too deeply")]) from None
    finally:
        loader.dispose()


def _problem(node: yaml.Node, name: str, message: str) -> ValidationError:
    return ValidationError([Problem(name, node.start_mark.line + 1, "-", message)])


def check_shape(root: yaml.Node, name: str) -> None:
    """Refuse nesting past MAX_DEPTH and aliases that multiply the document.

    Walks the node graph without recursion. A node reached again through an alias is
    counted again each time, as every later reader (schema check, engine) would see it; a
    node that contains itself can never be read out and is refused as such.
    """
    expanded: dict[int, int] = {}  # node -> values it stands for once expanded
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(c)] for c in children)
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise _problem(node, name, "an alias refers to the value that contains it")
        if depth > MAX_DEPTH:
            raise _problem(node, name, f"nested more than {MAX_DEPTH} levels deep")
        distinct += 1
        on_path.add(key)
        stack.append((node, depth, True))
        for child in children:
            if id(child) in on_path:
                raise _problem(child, name, "an alias refers to the value that contains it")
            if id(child) not in expanded:
                stack.append((child, depth + 1, False))
    if expanded[id(root)] - distinct > MAX_ALIAS_VALUES:
        raise _problem(
            root,
            name,
            f"its aliases (*name) expand to {expanded[id(root)]:,} values from {distinct:,}; "
            f"at most {MAX_ALIAS_VALUES:,} more are allowed: write the values out",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def locate(doc: Any, path: Sequence[Any], default: Location) -> Location:
    """The (file, line) of the deepest node along `path` that knows where it came from."""
    where = getattr(doc, "origin", default) or default
    node = doc
    for step in path:
        lines = getattr(node, "where", None)
        if lines is not None and step in lines:
            where = lines[step]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return where


def field_name(path: Sequence[Any]) -> str:
    """`classifications.drivers.scoring[0].points` from a JSON path."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "-"
