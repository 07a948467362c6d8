"""delegation heads and cleared positions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "delegation_head",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "country"),
    )
    with op.batch_alter_table("delegation_head", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_head_participant_id"), ["participant_id"], unique=False)
    op.create_table(
        "cleared_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_session_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("question_id", sa.String(length=63), nullable=False),
        sa.Column("item", sa.String(length=63), nullable=False),
        sa.Column("position", sa.String(length=63), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("cleared_by", sa.Integer(), nullable=True),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agenda_session_id"], ["agenda_session.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cleared_by"], ["participant.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agenda_session_id", "country", "question_id", "item", name="uq_cleared_position"),
    )
    with op.batch_alter_table("cleared_position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cleared_position_agenda_session_id"), ["agenda_session_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cleared_position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cleared_position_agenda_session_id"))
    op.drop_table("cleared_position")
    with op.batch_alter_table("delegation_head", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_head_participant_id"))
    op.drop_table("delegation_head")
