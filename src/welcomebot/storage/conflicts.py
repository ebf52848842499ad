"""INSERTs that replicas may run at once: ON CONFLICT, in the database's own dialect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel.ext.asyncio.session import AsyncSession

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def insert_for(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can skip or merge the rows another process added first (a check before
    an insert races with it). Each dialect's module is imported only where it is the
    database's: PostgreSQL's, 2 MB, is never needed on SQLite."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
