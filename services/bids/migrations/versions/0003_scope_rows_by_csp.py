"""scope rows by CSP: evidence carries its CSP; row-level security on bids and evidence

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.auth import rls

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("csp_id", sa.String(length=64), nullable=True))
    op.execute("UPDATE evidence_file SET csp_id = (SELECT bid.csp_id FROM bid WHERE bid.id = evidence_file.bid_id)")
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.alter_column("csp_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_evidence_file_csp_id"), ["csp_id"], unique=False)
    rls.enable("bid", bid_column="id")
    rls.enable("evidence_file", bid_column="bid_id")


def downgrade() -> None:
    rls.disable("evidence_file")
    rls.disable("bid")
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_csp_id"))
        batch_op.drop_column("csp_id")
