"""roles, invites and anonymous rumour reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:59:14.374378
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invites",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invites_created"), ["created"], unique=False)

    op.create_table(
        "rumour_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rumour_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("agent_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rumour_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rumour_reports_created"), ["created"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rumour_reports_rumour_id"), ["rumour_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rumour_reports_week"), ["week"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        # Existing users were all newcomers: the default fills their rows.
        batch_op.add_column(
            sa.Column(
                "role",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="newcomer",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("role")

    with op.batch_alter_table("rumour_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rumour_reports_week"))
        batch_op.drop_index(batch_op.f("ix_rumour_reports_rumour_id"))
        batch_op.drop_index(batch_op.f("ix_rumour_reports_created"))

    op.drop_table("rumour_reports")
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invites_created"))

    op.drop_table("invites")
