"""Hostile input to the web app: each answered with a 4xx in the JSON error shape of
web/errors.py (or the HTML error page, for pages) naming the problem, never a 500. Also the
headers every response carries, 405 for a wrong method, and how uploads are capped while
they stream in."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app, writes
from podium.web.headers import CONTENT_SECURITY_POLICY
from webkit import fill

WTCR = "/api/v1/series/wtcr/seasons/2021"
RACE2 = f"{WTCR}/rounds/3/sessions/race2/results"
DECISIONS = f"{WTCR}/decisions"
SEASONS = "/api/v1/seasons"
DECISION_YAML = (
    "kind: deduction\nround: 3\nclassification: drivers\ncompetitor: jean-karl-vernay\n"
    "points: {points}\nreason: hostile\n"
)


class Site:
    """The app over the bundled seasons, a client with its lifespan running, a token."""

    def __init__(self, app: FastAPI, client: TestClient, token: str) -> None:
        self.app = app
        self.client = client
        self.auth = {"Authorization": f"Bearer {token}"}

    def send(self, method: str, path: str, kind: str, body: bytes | str) -> Any:
        headers = {**self.auth, "Content-Type": kind}
        return self.client.request(method, path, content=body, headers=headers)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'podium.sqlite3'}"
    fill(url, f1=False)
    with Database(url) as database:
        token = create_token(database, "hostile")
    app = create_app(url, refresh=None)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Site(app, client, token)


def invalid(response: Any, status: int, words: str) -> dict[str, Any]:
    """The response is `status` in the JSON error shape, and names the problem (`words`)."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["error"], str) and isinstance(body["detail"], str)
    told = " ".join([body["detail"], *(p["message"] for p in body.get("problems", []))])
    assert words in told, body
    return body


# -- raw ASGI: what an HTTP client library would not send ------------------------------------


def asgi(
    site: Site, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks: Iterator[bytes]
) -> tuple[int, dict[str, Any], int]:
    """Call the app as a server would, with these raw headers and the body in `chunks`
    (pulled only as the app asks); the status, the JSON body, and how many chunks it read."""
    pulled = 0
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("ascii"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "app": site.app,
    }
    asyncio.run(site.app(scope, receive, send))  # type: ignore[arg-type]
    return answer["status"], json.loads(answer["body"]), pulled


def _auth(site: Site) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", site.auth["Authorization"].encode("ascii"))]


# -- numbers in paths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/wtcr/%C2%B2",  # ²: str.isdigit() says yes, int() refuses
        "/wtcr/2021/%C2%B2",
        "/wtcr/%D9%A2%D9%A0%D9%A2%D9%A1",  # ٢٠٢١: int() reads 2021, but it is no URL of ours
        "/wtcr/%C2%B2/drivers/jean-karl-vernay",
        "/wtcr/2021/1%E2%82%82",  # 1₂
        "/wtcr/2021/%EF%BC%93",  # fullwidth 3
    ],
)
def test_pages_with_unicode_digits_do_not_exist(site: Site, path: str) -> None:
    response = site.client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "is not a number" in response.text


@pytest.mark.parametrize(
    "path",
    [
        f"{WTCR}/rounds/%C2%B2",
        "/api/v1/series/wtcr/seasons/%C2%B2",
        f"{WTCR}/standings/drivers?after=%C2%B2",
        "/ergast/wtcr/2021/%C2%B2/results.json",
        "/ergast/wtcr/%D9%A2%D9%A0%D9%A2%D9%A1/results.json",
    ],
)
def test_api_paths_with_unicode_digits_are_422(site: Site, path: str) -> None:
    body = invalid(site.client.get(path), 422, "invalid request parameters")
    assert body["problems"][0]["field"].startswith(("path.", "query."))


# -- JSON and YAML bodies that break Python's readers -------------------------------------------


def test_json_nested_200000_deep_is_422(site: Site) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    invalid(site.send("PUT", RACE2, "application/json", deep), 422, "nested too deeply")
    response = site.send("POST", DECISIONS, "application/json", deep)
    assert response.status_code == 422 and response.json()["error"] == "invalid"


def test_integers_of_5000_digits_are_422(site: Site) -> None:
    huge = "9" * 5000
    rows = f'[{{"position": 1, "car": "69", "laps": {huge}}}]'
    invalid(site.send("PUT", RACE2, "application/json", rows), 422, "digits")
    decision = json.dumps({"kind": "deduction", "round": 3, "points": 1}).replace("1}", f"{huge}}}")
    invalid(site.send("POST", DECISIONS, "application/json", decision), 422, "digits")
    yaml_body = DECISION_YAML.format(points=huge)
    invalid(site.send("POST", DECISIONS, "application/yaml", yaml_body), 422, "digits")


@pytest.mark.parametrize("points", [".nan", ".inf", "-.inf", ".NaN"])
def test_points_that_are_not_finite_are_422(site: Site, points: str) -> None:
    response = site.send("POST", DECISIONS, "application/yaml", DECISION_YAML.format(points=points))
    invalid(response, 422, "finite number")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_numbers_python_reads_beyond_json_are_422(site: Site, number: str) -> None:
    rows = f'[{{"position": 1, "car": "69", "gap": {number}}}]'
    invalid(site.send("PUT", RACE2, "application/json", rows), 422, "the body is not JSON")


def test_a_lone_surrogate_is_422_not_a_500_when_encoded(site: Site) -> None:
    as_value = '[{"position": 1, "car": "\\ud800"}]'
    body = invalid(site.send("PUT", RACE2, "application/json", as_value), 422, "not valid Unicode")
    assert body["problems"][0]["file"] == "results[0]"
    as_column = '[{"position": 1, "car": "69", "\\udfff": 1}]'
    invalid(site.send("PUT", RACE2, "application/json", as_column), 422, "not valid Unicode")
    decision = '{"kind": "deduction", "round": 3, "points": 1, "reason": "\\ud800"}'
    response = site.send("POST", DECISIONS, "application/json", decision)
    assert response.status_code == 422 and response.json()["error"] == "invalid"


# -- season uploads ---------------------------------------------------------------------------


def zipped(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def _patch_headers(data: bytes, offset_local: int, offset_central: int, value: bytes) -> bytes:
    """Overwrite a field of the first member's local header and of its central entry."""
    patched = bytearray(data)
    central = patched.find(b"PK\x01\x02")
    patched[offset_local : offset_local + len(value)] = value
    patched[central + offset_central : central + offset_central + len(value)] = value
    return bytes(patched)


def test_an_encrypted_zip_is_422(site: Site) -> None:
    # zipfile cannot write an encrypted archive; the flag (bit 0 of the flags) is what counts.
    data = _patch_headers(zipped(("season.yaml", b"name: x\n")), 6, 8, b"\x01")
    invalid(site.send("POST", SEASONS, "application/zip", data), 422, "encrypted")


def test_a_zip_of_an_unknown_compression_is_422(site: Site) -> None:
    data = _patch_headers(zipped(("season.yaml", b"name: x\n")), 8, 10, b"\x63\x00")  # 99
    invalid(site.send("POST", SEASONS, "application/zip", data), 422, "cannot be unpacked")


@pytest.mark.parametrize("order", [("x", "x/y"), ("x/y", "x")])
def test_a_zip_holding_x_and_x_slash_y_is_422(site: Site, order: tuple[str, str]) -> None:
    data = zipped(*((name, b"1") for name in order))
    body = invalid(site.send("POST", SEASONS, "application/zip", data), 422, "both a file and")
    assert body["problems"][0]["file"] == "x"


def test_not_a_zip_is_422(site: Site) -> None:
    invalid(site.send("POST", SEASONS, "application/zip", b"PK\x05\x06" + b"\0" * 5), 422, "zip")


def multipart(*parts: tuple[bytes, bytes]) -> tuple[str, bytes]:
    """A multipart body of (file name, content) parts, written byte for byte."""
    boundary = "hostileboundary"
    out = b""
    for name, data in parts:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="'.encode()
            + name
            + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
            + data
            + b"\r\n"
        )
    out += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", out


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (b"a" * 300, "at most 255 characters"),
        (b"03/" + b"r" * 300 + b".csv", "at most 255 characters"),
        (b"season\x00.yaml", "control characters"),
        (b"03/race1.csv\n", "control characters"),
        (b"../season.yaml", "path outside the folder"),
    ],
)
def test_bad_file_names_in_multipart_are_422(site: Site, name: bytes, words: str) -> None:
    kind, body = multipart((b"season.yaml", b"name: x\n"), (name, b"position,car\n"))
    invalid(site.send("POST", SEASONS, kind, body), 422, words)


def test_the_same_file_twice_is_422(site: Site) -> None:
    kind, body = multipart((b"season.yaml", b"a: 1\n"), (b"season.yaml", b"a: 2\n"))
    invalid(site.send("POST", SEASONS, kind, body), 422, "sent twice")


def test_a_part_header_longer_than_the_cap_is_400(site: Site) -> None:
    kind, body = multipart((b"n" * (writes.MAX_PART_HEADER + 10), b"x"))
    invalid(site.send("POST", SEASONS, kind, body), 400, "header is longer")


def test_malformed_multipart_is_400(site: Site) -> None:
    response = site.send("POST", SEASONS, "multipart/form-data", b"--x\r\n")
    invalid(response, 400, "multipart/form-data")


def test_too_many_parts_are_413(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writes, "MAX_FILES", 5)
    monkeypatch.setattr(writes, "MAX_FIELDS", 0)
    kind, body = multipart(*((f"{i:02d}/race.csv".encode(), b"x") for i in range(6)))
    invalid(site.send("POST", SEASONS, kind, body), 413, "at most 5 files")


# -- limits while streaming ---------------------------------------------------------------------

MEGABYTE = 1024 * 1024


def _endless(first: bytes = b"") -> Iterator[bytes]:
    """`first`, then 1 MB chunks: twice the upload limit in all, made as they are asked for."""
    if first:
        yield first
    chunk = b"0" * MEGABYTE
    for _ in range(2 * writes.MAX_UPLOAD // MEGABYTE):
        yield chunk


def test_a_raw_upload_over_the_limit_is_413_while_streaming(site: Site) -> None:
    headers = [*_auth(site), (b"content-type", b"application/zip")]  # no length: chunked
    status, body, pulled = asgi(site, "POST", SEASONS, headers, _endless())
    assert status == 413 and body["error"] == "too large"
    assert pulled <= writes.MAX_UPLOAD // MEGABYTE + 1  # refused at the limit, not at the end


def test_a_multipart_upload_over_the_limit_is_413_while_streaming(site: Site) -> None:
    kind, body = multipart((b"big.csv", b""))
    head = body[: body.index(b"\r\n\r\n") + 4]  # the part's headers, then data without end
    headers = [*_auth(site), (b"content-type", kind.encode("ascii"))]
    status, answer, pulled = asgi(site, "POST", SEASONS, headers, _endless(head))
    assert status == 413 and answer["error"] == "too large", answer
    assert pulled <= writes.MAX_UPLOAD // MEGABYTE + 2


def test_a_declared_length_over_the_limit_is_413_before_reading(site: Site) -> None:
    declared = str(writes.MAX_UPLOAD + 1).encode("ascii")
    headers = [*_auth(site), (b"content-type", b"text/csv"), (b"content-length", declared)]
    status, body, pulled = asgi(site, "PUT", RACE2, headers, _endless())
    assert (status, body["error"], pulled) == (413, "too large", 0)


@pytest.mark.parametrize("declared", [b"\xb2", b"1_0", b" ", b"-1", b"0x10", b"9" * 40])
def test_a_content_length_not_of_ascii_digits_is_400(site: Site, declared: bytes) -> None:
    # Starlette reads header bytes as Latin-1: b"\xb2" is "²", which str.isdigit() accepts.
    headers = [*_auth(site), (b"content-type", b"text/csv"), (b"content-length", declared)]
    status, body, _ = asgi(site, "PUT", RACE2, headers, iter([b"position,car\n"]))
    assert status == 400 and body["error"] == "bad request"
    assert "Content-Length" in body["detail"]


# -- headers and methods --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/wtcr",
        "/wtcr/2021",
        "/wtcr/2021/3",
        "/wtcr/2021/drivers/jean-karl-vernay",
        "/wtcr/2021/teams/cyan-racing",
        "/docs",
        "/no-such-series",
    ],
)
def test_html_pages_send_a_strict_content_security_policy(site: Site, path: str) -> None:
    for _ in range(2):  # built, then answered from the cache
        response = site.client.get(path)
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
    policy = CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy and "script-src" not in policy
    # The policy allows no script: the pages must not need any.
    assert "<script" not in response.text and "javascript:" not in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/series"),
        ("GET", f"{WTCR}/standings/drivers"),
        ("GET", "/ergast/wtcr/2021/driverStandings.json"),
        ("GET", "/openapi.json"),
        ("GET", "/api/v1/nothing"),
        ("PUT", RACE2),
        ("POST", "/api/v1/series"),
    ],
)
def test_every_response_says_nosniff(site: Site, method: str, path: str) -> None:
    response = site.client.request(method, path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers  # JSON: no page to police


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/api/v1/series", "GET"),
        ("DELETE", f"{WTCR}/standings/drivers", "GET"),
        ("GET", SEASONS, "POST"),
        ("PATCH", SEASONS, "POST"),
        ("GET", RACE2, "PUT"),
        ("POST", RACE2, "PUT"),
        ("GET", DECISIONS, "POST"),
        ("POST", "/ergast/wtcr/2021/results.json", "GET"),
        ("PUT", "/ergast/wtcr/2021/3/driverstandings", "GET"),
        ("POST", "/", "GET"),
        ("POST", "/wtcr", "GET"),
        ("DELETE", "/wtcr/2021", "GET"),
        ("PUT", "/wtcr/2021/3", "GET"),
        ("POST", "/wtcr/2021/drivers/jean-karl-vernay", "GET"),
        ("POST", "/docs", "GET"),
        ("POST", "/openapi.json", "GET"),
    ],
)
def test_a_wrong_method_is_405_with_allow(site: Site, method: str, path: str, allowed: str) -> None:
    response = site.client.request(method, path, headers=site.auth)
    assert response.status_code == 405, response.text[:300]
    assert allowed in [m.strip() for m in response.headers["allow"].split(",")]
    if path.startswith(("/api", "/ergast")) or method != "GET":
        assert response.json()["error"] == "method not allowed"


def test_reserved_prefixes_are_no_pages(site: Site) -> None:
    for path in ("/api", "/api/v2/series", "/ergast", "/docs/x"):
        assert site.client.get(path).status_code == 404, path


# -- OpenAPI ----------------------------------------------------------------------------------


def test_ergast_operations_document_404_and_422_with_the_error_body(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    ergast = {p: ops for p, ops in spec["paths"].items() if p.startswith("/ergast/")}
    assert len(ergast) >= 20
    for path, ops in ergast.items():
        for status in ("404", "422"):
            documented = ops["get"]["responses"][status]["content"]["application/json"]
            assert documented["schema"]["required"] == ["error", "detail"], (path, status)


def test_write_operations_document_their_body_errors(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    for path, method in ((RACE2, "put"), (DECISIONS, "post"), (SEASONS, "post")):
        template = next(p for p in spec["paths"] if _matches(p, path))
        responses = spec["paths"][template][method]["responses"]
        assert {"400", "401", "403", "404", "413", "422"} <= set(responses), template


def _matches(template: str, path: str) -> bool:
    left, right = template.strip("/").split("/"), path.strip("/").split("/")
    return len(left) == len(right) and all(
        a == b or a.startswith("{") for a, b in zip(left, right, strict=True)
    )


def test_errors_quoting_what_was_sent_stay_encodable(tmp_path: Path) -> None:
    from podium.errors import Problem
    from podium.web.errors import body

    out = body("invalid", "bad \ud800", [Problem("f\udc00", 1, "x\ud801", "m\udfff")])
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # no UnicodeEncodeError
    assert out["detail"] == "bad \ufffd" and out["problems"][0]["file"] == "f\ufffd"
