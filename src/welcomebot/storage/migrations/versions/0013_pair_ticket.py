"""a confirmed pair names the request it came from, so it is deleted with that request

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("confirmed_pairs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_confirmed_pairs_ticket_id"), ["ticket_id"])


def downgrade() -> None:
    with op.batch_alter_table("confirmed_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_confirmed_pairs_ticket_id"))
        batch_op.drop_column("ticket_id")
