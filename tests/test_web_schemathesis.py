"""Schemathesis against /openapi.json: every operation, generated inputs that fit the schema
and inputs that do not, and never a server error. Writes are sent with a valid token, so
their validators are exercised too.

Bounded: a few derandomized examples per operation and mode (well under a minute in all).
The operations are walked in one test (schemathesis's pytest plugin does not load under
this pytest); a failure names the operation and the request. A second test runs
schemathesis's own CLI with every check (status codes, content types, headers and bodies
as documented, 405 for undeclared methods, ...) against a live server.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app
from webkit import fill, served

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}
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


# Path values that exist, offered half the time (the rest are generated: mostly 404s), so
# the reads and writes reach real seasons. Writes answer 422 to data that fits the schema
# but not the season (an unknown driver, a folder without season.yaml): no schema can say
# which competitors exist, and 422 is what they document for it.
CLI_CONFIG = """
[dictionaries]
series = { values = ["wtcr"] }
year = { values = ["2021"] }
round = { values = [3] }
round_key = { values = ["3"] }
session = { values = ["race2"] }
classification = { values = ["drivers"] }
driver = { values = ["jean-karl-vernay"] }
team = { values = ["cyan-racing"] }

[parameters]
"path.series" = { dictionary = "series", probability = 0.5 }
"path.year" = { dictionary = "year", probability = 0.5 }
"path.season" = { dictionary = "year", probability = 0.5 }
"path.round" = { dictionary = "round", probability = 0.5 }
"path.session" = { dictionary = "session", probability = 0.5 }
"path.classification" = { dictionary = "classification", probability = 0.5 }
"path.driver" = { dictionary = "driver", probability = 0.5 }
"path.team" = { dictionary = "team", probability = 0.5 }

[[operations]]
include-tag = "Ergast-compatible"
parameters = { "path.round" = { dictionary = "round_key", probability = 0.5 } }

[[operations]]
include-tag = "podium API: writes"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
"""
CLI_EXAMPLES = 12  # per operation and phase: about a minute on two cores


def test_schemathesis_cli_with_every_check(tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    if not cli.exists():
        pytest.skip("the schemathesis CLI is not installed")
    url = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    fill(url, f1=False)
    with Database(url) as database:
        token = create_token(database, "schemathesis-cli")
    config = tmp_path / "schemathesis.toml"
    config.write_text(CLI_CONFIG)
    with served(url) as server:
        run = subprocess.run(
            [
                str(cli),
                "--config-file",
                str(config),
                "run",
                f"{server.url}/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(CLI_EXAMPLES),
                "--seed",
                "20210",
                "--header",
                f"Authorization: Bearer {token}",
                "--request-timeout",
                "30",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # its report folder and cache, if any, go there
        )
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    counts = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert counts is not None, summary
    generated, passed = int(counts[1]), int(counts[2])
    print(f"schemathesis: {generated} cases generated, {passed} passed")
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested is not None and int(tested[1]) >= 38, summary  # every operation
    assert generated > 1000, summary
