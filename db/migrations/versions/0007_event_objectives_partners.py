"""the event's objectives and partners

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Two JSON lists on the event: its objectives ("Inform the regional workplan") and the partners its
reports acknowledge ("UN Women"). Existing events get empty lists, the demo event included: a
database keeps what it has, and an organiser adds them on the Events page. The server defaults
stay, so a process still running the code before this revision can create events while the others
upgrade.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("objectives", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("partners", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("partners")
        batch_op.drop_column("objectives")
