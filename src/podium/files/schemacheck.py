"""JSON Schema errors as `file:line: field: message` problems a person can act on.

Two things jsonschema reports poorly are made precise here: an unknown key is reported at
the key itself (its own line and field), and an error inside a `oneOf` (a value that may be
written several ways) is reported from the one way the value was written, not as "not valid
under any of the given schemas".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from podium.errors import Problem
from podium.files.yamlsrc import Location, field_name, locate

_SHAPE = ("type", "const", "enum")


def schema_problems(schema: dict[str, Any], doc: Any, default: Location) -> list[Problem]:
    """Every schema problem of `doc`, located in the file it came from."""
    validator = jsonschema.Draft202012Validator(schema)
    out: list[Problem] = []
    for error in validator.iter_errors(doc):
        for leaf in _leaves(error):
            out.extend(_problems(leaf, doc, default))
    return out


def _leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    """The errors of the one `oneOf` branch that fits the value's shape, else the error."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator in _SHAPE and not e.relative_path for e in errors)
    ]
    if len(fitting) > 1:  # several objects: the one that has the keys it requires
        fitting = [es for es in fitting if not any(e.validator == "required" for e in es)]
    if len(fitting) != 1:
        yield error
        return
    for sub in fitting[0]:
        yield from _leaves(sub)


def _problems(error: jsonschema.ValidationError, doc: Any, default: Location) -> list[Problem]:
    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = [str(k) for k in schema.get("properties", {})]
        patterns = [str(p) for p in schema.get("patternProperties", {})]
        out = []
        for key in error.instance:
            if key in known or any(re.search(p, str(key)) for p in patterns):
                continue
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            file, line = locate(doc, [*path, key], default)
            out.append(Problem(file, line, field_name([*path, key]), f"unknown key{hint}"))
        if out:
            return out
    file, line = locate(doc, path, default)
    return [Problem(file, line, field_name(path), _message(error))]


def _message(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "errorMessage" in schema:
        # The schema's own words for what a value must be (as ajv-errors spells it): a
        # regular expression is no message for a person.
        return f"{_shown(error.instance)} {schema['errorMessage']}"
    if error.validator not in ("oneOf", "anyOf"):
        return error.message
    expected: list[str] = []
    for sub in error.context or ():
        if sub.relative_path:
            continue
        value: Any = sub.validator_value
        if sub.validator == "type":
            expected += [value] if isinstance(value, str) else [str(v) for v in value]
        elif sub.validator == "const":
            expected.append(repr(value))
        elif sub.validator == "enum":
            expected += [repr(v) for v in value]
    shown = _shown(error.instance)
    if not expected:
        return f"{shown} is not a valid value here"
    return f"{shown} is not a valid value here (expected {' or '.join(dict.fromkeys(expected))})"


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
