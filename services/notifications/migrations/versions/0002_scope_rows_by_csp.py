"""scope rows by CSP: notifications say which CSP they are about; row-level security

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.auth import rls

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("csp_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_csp_id"), ["csp_id"], unique=False)
    rls.enable("notification")


def downgrade() -> None:
    rls.disable("notification")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_csp_id"))
        batch_op.drop_column("csp_id")
