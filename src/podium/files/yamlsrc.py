"""YAML that remembers where each value came from, so messages can name file and line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from podium.errors import Problem, ValidationError

Location = tuple[str, int]


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

    _Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return _Loader


def load_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a Problem with its line."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError([Problem(name, None, "-", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(name, None, "-", f"not UTF-8 text: {exc}")]) from None
    return load_yaml_text(text, name)


def load_yaml_text(text: str, name: str) -> Any:
    """Parse YAML text read from `name`; lines count from the text's first line."""
    try:
        return yaml.load(text, Loader=_loader_for(name))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ValidationError([Problem(name, line, "-", f"invalid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(name, None, "-", f"invalid YAML: {exc}")]) from None


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
