"""The `podium` command: a thin shell over the library API."""

from podium.cli.app import app, main

__all__ = ["app", "main"]
