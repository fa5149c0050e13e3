"""scan claims: a worker holds a file it is scanning, so two workers do not scan it twice

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.db import UTCDateTime

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scan_claimed_until", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_column("scan_claimed_until")
