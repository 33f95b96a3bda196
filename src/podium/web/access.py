"""Structured access logs: one JSON object per request, one line each, on standard error.

    {"time":"2026-12-04T19:02:11.532Z","pid":4242,"client":"127.0.0.1","method":"GET",
     "path":"/api/v1/f1/seasons/2021","query":"","status":200,"bytes":1843,"ms":0.41}

Each line is written with a single write(2) call, under the size a pipe writes whole, so
the lines of several workers sharing one standard error never interleave. `ms` runs from
the request's arrival to the last byte handed to the server. (`podium serve --log-format
text` keeps Uvicorn's own access log instead.)
"""

from __future__ import annotations

import json
import os
import time
from contextlib import suppress
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PIPE_BUF = 4096  # POSIX: a write this size or less to a pipe is never interleaved


class AccessLog:
    """ASGI middleware writing the line above once each response has been sent."""

    def __init__(self, app: ASGIApp, fd: int = 2) -> None:
        self.app = app
        self.fd = fd
        self.pid = os.getpid()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 0
        sent = 0

        async def sending(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self.write(scope, status or 500, sent, time.perf_counter() - began)

    def write(self, scope: Scope, status: int, sent: int, seconds: float) -> None:
        client = scope.get("client")
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "pid": self.pid,
            "client": client[0] if client else None,
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": status,
            "bytes": sent,
            "ms": round(seconds * 1000, 3),
        }
        data = (json.dumps(line, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
        if len(data) > _PIPE_BUF:  # a path that long: cut, still one whole line
            data = data[: _PIPE_BUF - 1] + b"\n"
        with suppress(OSError):  # a closed log must never fail a request
            os.write(self.fd, data)
