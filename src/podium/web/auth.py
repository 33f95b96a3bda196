"""Bearer tokens for writes: `Authorization: Bearer <token>` from `podium token create`.

No token (or another scheme): 401 with `WWW-Authenticate: Bearer`. A token that is not
one of the database's: 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from podium.storage.tokens import token_name
from podium.web.caching import store_of
from podium.web.errors import ApiError, error_response

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A token made with `podium token create`.",
)

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_response("No bearer token"),
    403: error_response("The bearer token is not valid"),
}


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The name of the token the request carries; 401 or 403 without a valid one."""
    if credentials is None or not credentials.credentials.strip():
        raise ApiError(
            401,
            "unauthorized",
            "writes need a bearer token: `Authorization: Bearer <token>` "
            "(make one with `podium token create`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    database = store_of(request).database
    name = await run_in_threadpool(token_name, database, credentials.credentials.strip())
    if name is None:
        raise ApiError(403, "forbidden", "this bearer token is not valid")
    return name


Writer = Annotated[str, Depends(require_token)]
