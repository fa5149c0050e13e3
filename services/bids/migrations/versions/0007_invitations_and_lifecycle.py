"""invitations and lifecycle: delivery providers invited to one bid, with row-level security

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db
from shared.auth import rls

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_invitation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("csp_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("invited_by", sa.JSON(), nullable=False),
        sa.Column("created_at", shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_provider_invitation_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_invitation")),
    )
    with op.batch_alter_table("provider_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provider_invitation_bid_id"), ["bid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_provider_invitation_csp_id"), ["csp_id"], unique=False)
    rls.enable("provider_invitation", bid_column="bid_id")


def downgrade() -> None:
    rls.disable("provider_invitation")
    with op.batch_alter_table("provider_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_invitation_csp_id"))
        batch_op.drop_index(batch_op.f("ix_provider_invitation_bid_id"))
    op.drop_table("provider_invitation")
