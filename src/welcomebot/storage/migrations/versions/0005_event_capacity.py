"""event capacity: places, and a waiting list after them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No value: no limit, as every event so far had.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("capacity")
