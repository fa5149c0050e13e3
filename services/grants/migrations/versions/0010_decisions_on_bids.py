"""decisions on bids: the amount awarded, its conditions and who decided

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount_awarded_pence", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("award_conditions", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.drop_column("decided_by")
        batch_op.drop_column("award_conditions")
        batch_op.drop_column("amount_awarded_pence")
