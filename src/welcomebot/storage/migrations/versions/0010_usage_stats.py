"""content loop and statistics: confirmed pairs, suggestions picked, counts per day, ticket
reply times, weekly active keys

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:00:00
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _text(length: int) -> sa.types.TypeEngine:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shown_entry_ids", _text(620), nullable=True))
        batch_op.add_column(sa.Column("picked_entry_id", _text(200), nullable=True))
    op.create_table(
        "confirmed_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", _text(1000), nullable=False),
        sa.Column("lang", _text(8), nullable=False),
        sa.Column("entry_id", _text(200), nullable=False),
        sa.Column("source", _text(16), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("confirmed_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_confirmed_pairs_created"), ["created"], unique=False)
        batch_op.create_index(batch_op.f("ix_confirmed_pairs_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "usage_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", _text(24), nullable=False),
        sa.Column("topic", _text(80), nullable=False),
        sa.Column("lang", _text(8), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", "topic", "lang"),
    )
    op.create_table(
        "ticket_durations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ticket_durations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_durations_day"), ["day"], unique=False)
    op.create_table(
        "active_keys",
        sa.Column("week", _text(8), nullable=False),
        sa.Column("key", _text(32), nullable=False),
        sa.PrimaryKeyConstraint("week", "key"),
    )


def downgrade() -> None:
    op.drop_table("active_keys")
    with op.batch_alter_table("ticket_durations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_durations_day"))
    op.drop_table("ticket_durations")
    op.drop_table("usage_counts")
    with op.batch_alter_table("confirmed_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_confirmed_pairs_entry_id"))
        batch_op.drop_index(batch_op.f("ix_confirmed_pairs_created"))
    op.drop_table("confirmed_pairs")
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.drop_column("picked_entry_id")
        batch_op.drop_column("shown_entry_ids")
