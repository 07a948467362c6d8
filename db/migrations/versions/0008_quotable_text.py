"""quotable free text

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

A facilitator's moderation of a free-text answer may mark it quotable (the rapporteur's brief
quotes only those). Existing decisions are not quotable. The server default stays, so a process
still running the code before this revision can moderate while the others upgrade.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("moderation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quotable", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("moderation", schema=None) as batch_op:
        batch_op.drop_column("quotable")
