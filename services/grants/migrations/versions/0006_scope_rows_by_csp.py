"""scope rows by CSP: finding decisions carry their CSP; row-level security on CSP-owned tables

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.auth import rls

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("bid_copy", "review_item", "finding_decision")


def upgrade() -> None:
    with op.batch_alter_table("finding_decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("csp_id", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE finding_decision SET csp_id = "
        "(SELECT review_item.csp_id FROM review_item WHERE review_item.bid_id = finding_decision.bid_id)"
    )
    with op.batch_alter_table("finding_decision", schema=None) as batch_op:
        batch_op.alter_column("csp_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_finding_decision_csp_id"), ["csp_id"], unique=False)
    for table in OWNED:
        rls.enable(table)


def downgrade() -> None:
    for table in OWNED:
        rls.disable(table)
    with op.batch_alter_table("finding_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_decision_csp_id"))
        batch_op.drop_column("csp_id")
