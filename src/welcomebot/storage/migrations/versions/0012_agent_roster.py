"""agent roster, invites that expire and carry a label, pictures in broadcasts and the outbox

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 17:00:00
"""

from datetime import timedelta

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

LEGACY_INVITE_DAYS = 14  # the default of WELCOMEBOT_INVITE_DAYS, for invites made before


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("joined", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invite_label", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("report_days", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
        sa.UniqueConstraint("telegram_id"),
    )
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(sa.Column("expires", sa.DateTime(timezone=True), nullable=True))
    for table in ("outbox", "broadcasts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("picture", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
            )

    # Agents who joined before the roster: on it, joined when they were first seen.
    connection = op.get_bind()
    users = sa.table("users", sa.column("telegram_id"), sa.column("role"), sa.column("created"))
    agents = sa.table(
        "agents", sa.column("telegram_id"), sa.column("joined"), sa.column("report_days", sa.JSON)
    )
    found = connection.execute(
        sa.select(users.c.telegram_id, users.c.created)
        .where(users.c.role == "agent")
        .order_by(users.c.created)
    ).all()
    if found:
        connection.execute(
            agents.insert(),
            [{"telegram_id": t, "joined": c, "report_days": []} for t, c in found],
        )
    # Unused invites made before invites expired expire as new ones would have.
    invites = sa.table(
        "invites",
        sa.column("code"),
        sa.column("created", sa.DateTime(timezone=True)),
        sa.column("expires", sa.DateTime(timezone=True)),
    )
    for code, created in connection.execute(sa.select(invites.c.code, invites.c.created)).all():
        connection.execute(
            invites.update()
            .where(invites.c.code == code)
            .values(expires=created + timedelta(days=LEGACY_INVITE_DAYS))
        )


def downgrade() -> None:
    for table in ("broadcasts", "outbox"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("picture")
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_column("expires")
        batch_op.drop_column("label")
    op.drop_table("agents")
