"""the rumour an agent said their report is not, so that matching it again does not undo them

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rumour_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_rumour", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rumour_reports", schema=None) as batch_op:
        batch_op.drop_column("not_rumour")
