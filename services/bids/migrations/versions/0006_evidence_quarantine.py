"""evidence_quarantine: each file's scan status, why it was refused, its evidence type and its uploader

Files uploaded before this revision were never scanned: they start as "scanning", so the scanner checks
them (from wherever their storage_key points) before anyone can download them again.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.db import UTCDateTime

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uploaded_by_role", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("uploaded_by_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("evidence_type", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="scanning"))
        batch_op.add_column(sa.Column("rejection_reason", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("scanned_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("scan_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_evidence_file_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_status"))
        batch_op.drop_column("scan_attempts")
        batch_op.drop_column("scanned_at")
        batch_op.drop_column("rejection_reason")
        batch_op.drop_column("status")
        batch_op.drop_column("evidence_type")
        batch_op.drop_column("uploaded_by_name")
        batch_op.drop_column("uploaded_by_role")
