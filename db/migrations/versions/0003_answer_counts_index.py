"""answer index covering the dashboard's GROUP BY

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_counts", ["response_id", "question_id", "item", "option", "rank"])
        # uq_answer_cell and ix_answer_counts both start with response_id: this one is redundant.
        batch_op.drop_index("ix_answer_response_id")


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_response_id", ["response_id"])
        batch_op.drop_index("ix_answer_counts")
