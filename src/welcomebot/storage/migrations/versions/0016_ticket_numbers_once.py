"""a request's number is never given again: on SQLite, AUTOINCREMENT for tickets

Without it SQLite gives the highest number again once that request is deleted (/forget, or
retention), and staff writing "#1 ..." to an erased request would reach another person.
PostgreSQL's sequences never give a number twice.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 00:10:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    kwargs = {"sqlite_autoincrement": True} if autoincrement else {}
    with op.batch_alter_table("tickets", recreate="always", table_kwargs=kwargs):
        pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
