"""Ergast-compatible routes for every series in the database: `/ergast/{series}/...`.

The paths (grammar.py), the `MRData` envelope and paging (paging.py), the shapes of every
object (shapes.py) and the filters (lines.py) are Ergast's as Jolpica serves them; ids are
the series' Ergast ids where its alias table has them (ids.py). routes.py puts them on the
app. See docs/api.md, "Ergast-compatible routes".
"""

from podium.web.ergast.routes import ErgastPaths, router

__all__ = ["ErgastPaths", "router"]
