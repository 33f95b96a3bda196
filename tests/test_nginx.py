"""nginx in front of `podium serve`, configured as docs/api.md "Deployment" shows: a repeated
GET is answered from nginx's cache, revalidated with podium's ETag once it is stale (podium
answers 304), and a write shows in the reads through nginx. Skipped where nginx is not
installed (Debian: `apt-get install nginx-light`)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import podium
from podium.storage import Database
from podium.storage.tokens import create_token

NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")

STANDINGS = "/api/v1/series/wtcr/seasons/2021/standings/drivers?after=3"
VALID = 1  # nginx serves a kept response for 1-2 s (whole seconds) before revalidating

CONFIG = """\
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    proxy_cache_path {tmp}/cache keys_zone=podium:1m;
    upstream podium {{ server 127.0.0.1:{upstream}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://podium;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache podium;
            proxy_ignore_headers Cache-Control;
            proxy_cache_valid 200 {valid}s;
            proxy_cache_revalidate on;
            proxy_cache_lock on;
            add_header X-Cache $upstream_cache_status;
        }}
        location = /healthz {{ proxy_pass http://podium; }}
        location = /readyz {{ proxy_pass http://podium; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, body: dict[str, Any] | None = None, token: str = "") -> tuple[int, Any, str]:
    """Status, JSON body and X-Cache of one request on a connection of its own."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response), response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc), exc.headers.get("X-Cache", "")


def wait_for(url: str, process: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)


class BehindNginx:
    """`podium serve` (SQLite, WTCR 2021) and nginx in front of it, until `stop()`."""

    def __init__(self, tmp: Path) -> None:
        url = f"sqlite:///{tmp / 'podium.sqlite3'}"
        with Database(url) as database:
            database.import_season(podium.load_season(podium.example_path("wtcr-2021")))
            self.token = create_token(database, "tests")
        upstream, port = free_port(), free_port()
        command = [sys.executable, "-m", "podium", "serve", "--workers", "1", "--db", url]
        command += ["--port", str(upstream), "--log-format", "json"]
        self.podium = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        user = "user root;" if os.geteuid() == 0 else ""  # workers must write the cache here
        config = tmp / "nginx.conf"
        config.write_text(
            CONFIG.format(user=user, tmp=tmp, upstream=upstream, port=port, valid=VALID)
        )
        assert NGINX is not None
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(config), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
            text=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        wait_for(f"http://127.0.0.1:{upstream}/healthz", self.podium)
        wait_for(f"{self.base}/healthz", self.nginx)

    def stop(self) -> list[dict[str, Any]]:
        """Stop both (gracefully); podium's access log lines."""
        if self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        self.nginx.communicate(timeout=30)
        if self.podium.poll() is None:
            self.podium.send_signal(signal.SIGTERM)
        _, errors = self.podium.communicate(timeout=60)
        return [json.loads(line) for line in errors.splitlines() if line.startswith("{")]


def points(body: dict[str, Any]) -> str:
    return str(next(r["points"] for r in body["standings"] if r["id"] == "jean-karl-vernay"))


def test_nginx_keeps_revalidates_and_shows_a_write(tmp_path: Path) -> None:
    servers = BehindNginx(tmp_path)
    try:
        base = servers.base
        status, body, cache = fetch(base + STANDINGS)
        assert (status, points(body), cache) == (200, "82", "MISS")
        status, body, cache = fetch(base + STANDINGS)
        assert (status, points(body), cache) == (200, "82", "HIT")  # podium not asked
        time.sleep(VALID + 1.1)  # nginx counts whole seconds: up to 2 s
        status, body, cache = fetch(base + STANDINGS)
        assert (status, points(body), cache) == (200, "82", "REVALIDATED")  # podium: 304
        decision = {
            "kind": "deduction",
            "round": 3,
            "classification": "drivers",
            "competitor": "jean-karl-vernay",
            "points": 10,
            "reason": "test: through nginx",
        }
        done = fetch(f"{base}/api/v1/series/wtcr/seasons/2021/decisions", decision, servers.token)
        assert done[0] == 201, done
        time.sleep(VALID + 1.1)  # nginx counts whole seconds: up to 2 s
        status, body, cache = fetch(base + STANDINGS)
        assert (status, points(body), cache) == (200, "72", "EXPIRED")  # a new ETag, body
        status, ready, _ = fetch(base + "/readyz")
        assert status == 200 and ready["status"] == "ready"
    finally:
        log = servers.stop()
    asked = [line["status"] for line in log if line["path"].endswith("/drivers")]
    assert asked == [200, 304, 200]  # what nginx asked podium: once, revalidated, changed
