"""Callback history: the first promised time, reminder bookkeeping, and an event log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE callbacks SET original_due_at = due_at WHERE original_due_at IS NULL")

    op.create_table(
        "callback_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("callback_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["callback_id"], ["callbacks.id"],
                                name=op.f("fk_callback_events_callback_id_callbacks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_events")),
    )
    with op.batch_alter_table("callback_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callback_events_callback_id"), ["callback_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callback_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_events_callback_id"))
    op.drop_table("callback_events")
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("original_due_at")
