"""the optional profile, and the arrival checklist's marks and reminders

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 17:00:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("situation", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("children", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column("child_ages", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
    op.create_table(
        "checklist_marks",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("telegram_id", "step"),
    )
    with op.batch_alter_table("checklist_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_marks_at"), ["at"], unique=False)
    op.create_table(
        "checklist_reminders",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("telegram_id"),
    )


def downgrade() -> None:
    op.drop_table("checklist_reminders")
    with op.batch_alter_table("checklist_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_marks_at"))
    op.drop_table("checklist_marks")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("child_ages")
        batch_op.drop_column("children")
        batch_op.drop_column("situation")
