"""Cached, validated responses: render once per URL, answer If-None-Match with 304.

Every GET route builds its payload through `cached`: on a hit, the response is the stored
bytes; on a miss, the payload is built in a worker thread (reading the database and computing
standings may take a while), rendered, stored and sent. Each response carries an ETag (a hash
of its body) and `Cache-Control: public, no-cache`: any cache may keep it but must ask again,
which costs a 304 without a body once nothing has changed, and never serves a standings table
from before a write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from podium.web.coherence import Freshness
from podium.web.store import CACHE_CONTROL, Rendered, Store

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def render_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cache_key(scope: Scope) -> str:
    """What a response is cached under: the URL as asked (host included, for the absolute
    links inside), computed from the ASGI scope so the fast path below needs no Request."""
    host = b""
    for name, value in scope["headers"]:
        if name == b"host":
            host = value
            break
    query = scope.get("query_string", b"")
    return (
        f"{scope.get('scheme', 'http')}://{host.decode('latin-1')}{scope.get('root_path', '')}"
        f"{scope['path']}?{query.decode('latin-1')}"
    )


def matches(header: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or is `*`)."""
    if not header:
        return False
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def not_modified(request: Request, etag: str) -> bool:
    return matches(request.headers.get("if-none-match"), etag)


class CachedResponses:
    """ASGI middleware: a GET whose response is cached is answered here, before routing and
        parameter validation (the cached response was made by the route for this very URL, so
        both happened already). Everything else goes on to the app. Each GET first makes sure the
    store's caches are no older than the request (`freshness`, coherence.py)."""

    def __init__(
        self,
        app: ASGIApp,
        store: Store,
        freshness: Freshness | None = None,
        unchecked: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.store = store
        self.freshness = freshness  # None: no other process writes (tests, one process)
        self.unchecked = unchecked  # paths that read nothing kept (health checks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if self.freshness is not None and scope["path"] not in self.unchecked:
            # Before anything kept is used, here or by the route: see coherence.py.
            await self.freshness.ensure()
        if scope["method"] == "HEAD":  # a GET without the body
            scope = dict(scope, method="GET")
            send = _without_body(send)
        hit = self.store.responses.get(cache_key(scope))
        if hit is not None:
            await self.answer(scope, send, hit)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def answer(scope: Scope, send: Send, hit: Rendered) -> None:
        asked = None
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                asked = value.decode("latin-1")
                break
        if hit.status == 200 and matches(asked, hit.etag):
            headers = [h for h in hit.headers if h[0] in (b"etag", b"cache-control")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": hit.status, "headers": hit.headers})
        await send({"type": "http.response.body", "body": hit.body})


def _without_body(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return sending


def respond(request: Request, rendered: Rendered) -> Response:
    headers = {"ETag": rendered.etag, "Cache-Control": CACHE_CONTROL}
    if rendered.status == 200 and not_modified(request, rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(
        content=rendered.body,
        status_code=rendered.status,
        media_type=rendered.media_type,
        headers=headers,
    )


async def cached(
    request: Request,
    build: Callable[[], Any],
    *,
    html: Callable[[Any], str] | None = None,
) -> Response:
    """The response for this URL: from the cache, or `build()` rendered (JSON, or HTML by
    `html(payload)`) and kept until the next write."""
    store = store_of(request)
    key = cache_key(request.scope)
    hit = store.responses.get(key)
    if hit is None:
        generation = store.generation

        def make() -> Rendered:
            payload = build()
            if html is not None:
                return Rendered.of(html(payload).encode("utf-8"), HTML_TYPE)
            return Rendered.of(render_json(payload), JSON_TYPE)

        hit = await run_in_threadpool(make)
        if generation == store.generation:
            store.responses.put(key, hit)
    return respond(request, hit)
