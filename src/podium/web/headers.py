"""Security headers on every response, added in one place (an ASGI middleware around the
whole app, so cached responses and error pages get them too).

* `X-Content-Type-Options: nosniff` on everything: a JSON body or an uploaded name echoed
  in an error is never sniffed into HTML.
* A `Content-Security-Policy` on HTML pages. The pages use no script at all, so none is
  allowed; their CSS is inline (a `<style>` block and the chart legend's `style=` swatches),
  so inline style is; the charts are inline SVG, which needs no source.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_CSP = (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii"))


class SecurityHeaders:
    """ASGI middleware adding the headers above to each response as it starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                names = {name.lower() for name, _ in headers}
                added = [_NOSNIFF]
                if _is_html(headers):
                    added.append(_CSP)
                headers.extend(h for h in added if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"content-type":
            return value.split(b";")[0].strip().lower() == b"text/html"
    return False
