"""bid copies learn content: grants keeps a bid's whole content (bid.draft_saved / bid.submitted v2) on its
copy of every bid and on each review item

Rows learnt from version 1 events keep empty content until their bid is saved or submitted again.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("bid_copy", "review_item")
_LISTS = ("outcomes", "wards", "postcodes", "budget_lines", "other_funding", "match_funding", "risks")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("need", sa.Text(), nullable=False, server_default=""))
            batch_op.add_column(sa.Column("provider", sa.JSON(), nullable=False, server_default="{}"))
            for name in _LISTS:
                batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False, server_default="[]"))
            batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ("ends_on", "starts_on", *reversed(_LISTS), "provider", "need", "version"):
                batch_op.drop_column(name)
