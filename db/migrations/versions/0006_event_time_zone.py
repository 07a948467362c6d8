"""the event's time zone

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Existing events get UTC, the zone their times were shown in until now; the demo event, held in
Bangkok, gets Asia/Bangkok. The server default stays, so a process still running the code before
this revision can create events while the others upgrade.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DEMO_TIME_ZONE = "Asia/Bangkok"


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC"))
    event = sa.table("event", sa.column("is_demo", sa.Boolean()), sa.column("time_zone", sa.String()))
    op.execute(event.update().where(event.c.is_demo == sa.true()).values(time_zone=DEMO_TIME_ZONE))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
