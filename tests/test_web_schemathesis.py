"""Schemathesis against /openapi.json: every operation, generated inputs that fit the schema
and inputs that do not, and never a server error. Writes are sent with a valid token, so
their validators are exercised too.

Bounded: a few derandomized examples per operation and mode (well under a minute in all).
The operations are walked in one test (schemathesis's pytest plugin does not load under
this pytest); a failure names the operation and the request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app
from webkit import fill

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}
# Each case is sent as generated, then again on data that exists (random path values are
# mostly unknown series: 404), so that the queries and bodies reach real seasons.
REAL = {
    "series": "wtcr",
    "season": "2021",
    "year": "2021",
    "round": "3",
    "classification": "drivers",
    "session": "race2",
    "driver": "jean-karl-vernay",
    "team": "cyan-racing",
}


def send(case: schemathesis.Case, headers: dict[str, str], statuses: dict[int, int]) -> None:
    response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    assert response.status_code < 500, (case.method, case.formatted_path)


def explore(
    operation: Any, mode: GenerationMode, headers: dict[str, str], statuses: dict[int, int]
) -> None:
    """A few cases of one operation in one mode; those that fit the schema are sent twice,
    the second time with path values that exist."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        send(case, headers, statuses)
        if mode is GenerationMode.POSITIVE and case.path_parameters:
            case.path_parameters = {k: REAL.get(k, v) for k, v in case.path_parameters.items()}
            send(case, headers, statuses)

    try:
        run()
    except Unsatisfiable:
        # no input can break an operation without parameters: nothing to send
        assert mode is GenerationMode.NEGATIVE, operation.label


def test_no_server_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    fill(url, f1=False)
    with Database(url) as database:
        token = create_token(database, "schemathesis")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(url, refresh=None))
    headers = {"Authorization": f"Bearer {token}"}
    seen = 0
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        for mode in EXAMPLES:
            explore(result.ok(), mode, headers, statuses)
        seen += 1
    assert seen >= 35  # every Ergast, API and write operation
    assert statuses.get(200, 0) > 50 and statuses.get(404, 0) > 0 and statuses.get(422, 0) > 0
    assert not any(code >= 500 for code in statuses)
