"""Bearer tokens for the web API's writes: made once, shown once, stored as a SHA-256 only.

    >>> token = create_token(database, "timing desk")  # doctest: +SKIP
    >>> token_name(database, token)  # doctest: +SKIP
    'timing desk'

A token is 32 random bytes (URL-safe base64 after a `podium_` prefix): a plain SHA-256 of it
is as safe to keep as any slow password hash, since nothing can be guessed from it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import insert, select

from podium.storage.database import Database
from podium.storage.tables import TokenRow

PREFIX = "podium_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(database: Database, name: str) -> str:
    """A new token named `name`; only its hash is stored, so it cannot be shown again."""
    token = PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with database.engine.begin() as connection:
        connection.execute(
            insert(TokenRow).values(name=name, sha256=digest(token), created=created)
        )
    return token


def token_name(database: Database, token: str) -> str | None:
    """The name of a stored token, or None if `token` is not one."""
    if not token or len(token) > 200:
        return None
    with database.engine.connect() as connection:
        found = connection.execute(
            select(TokenRow.name).where(TokenRow.sha256 == digest(token))
        ).scalar_one_or_none()
    return found


def token_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return len(connection.execute(select(TokenRow.id)).all())
