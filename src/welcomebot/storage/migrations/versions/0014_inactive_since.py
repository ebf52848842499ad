"""when a person blocked the bot, so that retention can erase them after INACTIVE_RETENTION_DAYS

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:30:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inactive_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_inactive_since"), ["inactive_since"])
    # Who was marked inactive before this counts from now: the day they blocked is unknown.
    users = sa.table(
        "users",
        sa.column("active", sa.Boolean()),
        sa.column("inactive_since", sa.DateTime(timezone=True)),
    )
    op.execute(
        users.update().where(users.c.active.is_(False)).values(inactive_since=datetime.now(UTC))
    )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_inactive_since"))
        batch_op.drop_column("inactive_since")
