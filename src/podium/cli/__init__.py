"""The `podium` command: a thin shell over the library API.

`app.py` holds the core commands and the shared options; each further module adds its own
commands to `app` when imported here.
"""

from podium.cli import add, demo, f1db, new, press, scenarios, serve  # noqa: F401  (each adds commands)
from podium.cli.app import app, main

__all__ = ["app", "main"]
