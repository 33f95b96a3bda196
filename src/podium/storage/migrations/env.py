"""How alembic reaches the database.

When podium opens a database it hands over its own connection (inside its transaction, so
a failed migration leaves nothing behind). Run by hand (`alembic -c .../alembic.ini`), it
connects to `sqlalchemy.url` or to podium's default database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from podium.storage.engine import make_engine
from podium.storage.location import default_url
from podium.storage.tables import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite alters a table by copying it; batch mode writes migrations that way.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or default_url()
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            run(connection)
    finally:
        engine.dispose()


main()
