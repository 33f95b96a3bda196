"""podium on the web: Ergast-compatible and native APIs, token-protected writes, web pages.

    >>> from podium.web import create_app
    >>> app = create_app("sqlite:///podium.sqlite3")  # doctest: +SKIP

`podium serve` runs it with Uvicorn. See docs/api.md.
"""

from podium.web.app import create_app

__all__ = ["create_app"]
