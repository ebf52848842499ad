"""tickets: requests to the centre's staff, and outbox rows that copy a message

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 17:00:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("question", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("shown", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("entry_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("opened", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_reply", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tickets_opened"), ["opened"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_telegram_id"), ["telegram_id"], unique=False)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copy_from", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("copy_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sent_message_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("bounce", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("bounce")
        batch_op.drop_column("sent_message_id")
        batch_op.drop_column("thread_id")
        batch_op.drop_column("copy_id")
        batch_op.drop_column("copy_from")

    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_telegram_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_state"))
        batch_op.drop_index(batch_op.f("ix_tickets_opened"))

    op.drop_table("tickets")
