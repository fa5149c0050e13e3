"""bid content: the whole bid, a revision for optimistic concurrency, status history, submitted versions,
and answers kept for repeated (Idempotency-Key) requests

Bids made before this revision keep what they had: their status history starts with the status they are
in, and a submitted bid's version 1 holds what it was submitted with.

Revision ID: 0005
Revises: 0004
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.auth import rls
from shared.db import UTCDateTime

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LISTS = ("outcomes", "wards", "postcodes", "budget_lines", "other_funding", "match_funding", "risks")
_VERSION_MESSAGE = "bid_version is immutable"


def upgrade() -> None:
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.add_column(sa.Column("need", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("provider_type", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("charity_number", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("company_number", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("local_authority_code", sa.String(length=9), nullable=True))
        for name in _LISTS:
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
    _create_status_changes()
    _create_versions()
    _create_idempotent_requests()
    _backfill()


def _create_status_changes() -> None:
    op.create_table(
        "bid_status_change",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("csp_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("by", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_bid_status_change_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_status_change")),
    )
    op.create_index(op.f("ix_bid_status_change_bid_id"), "bid_status_change", ["bid_id"], unique=False)
    op.create_index(op.f("ix_bid_status_change_csp_id"), "bid_status_change", ["csp_id"], unique=False)
    rls.enable("bid_status_change", bid_column="bid_id")


def _create_versions() -> None:
    op.create_table(
        "bid_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("csp_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"], name=op.f("fk_bid_version_bid_id_bid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bid_version")),
        sa.UniqueConstraint("bid_id", "version", name=op.f("uq_bid_version_bid_id_version")),
    )
    op.create_index(op.f("ix_bid_version_bid_id"), "bid_version", ["bid_id"], unique=False)
    op.create_index(op.f("ix_bid_version_csp_id"), "bid_version", ["csp_id"], unique=False)
    rls.enable("bid_version", bid_column="bid_id")
    # A submitted version is what the CSP sent: the database itself refuses to change or delete one.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bid_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{_VERSION_MESSAGE}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; "
            "END $$"
        )
        op.execute(
            "CREATE TRIGGER bid_version_no_change BEFORE UPDATE OR DELETE ON bid_version"
            " FOR EACH ROW EXECUTE FUNCTION bid_version_immutable()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER bid_version_no_{verb.lower()} BEFORE {verb} ON bid_version"
                f" BEGIN SELECT RAISE(ABORT, '{_VERSION_MESSAGE}'); END"
            )


def _create_idempotent_requests() -> None:
    op.create_table(
        "idempotent_request",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("bid_id", sa.String(length=36), nullable=False),
        sa.Column("csp_id", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotent_request")),
    )
    op.create_index(op.f("ix_idempotent_request_bid_id"), "idempotent_request", ["bid_id"], unique=False)
    op.create_index(op.f("ix_idempotent_request_csp_id"), "idempotent_request", ["csp_id"], unique=False)
    rls.enable("idempotent_request", bid_column="bid_id")


def _backfill() -> None:
    """Migrations run as the system, so row-level security shows every bid here."""
    bind = op.get_bind()
    person, when = sa.JSON(), UTCDateTime()
    bid = sa.table(
        "bid",
        *(sa.column(name) for name in ("id", "csp_id", "status", "title", "summary", "delivery_provider_name")),
        sa.column("amount_requested_pence"),
        sa.column("priorities", sa.JSON()),
        sa.column("created_at", when),
        sa.column("created_by", person),
        sa.column("submitted_at", when),
        sa.column("submitted_by", person),
    )
    names = ("id", "bid_id", "csp_id", "status", "reason")
    changes = sa.table("bid_status_change", *map(sa.column, names), sa.column("at", when), sa.column("by", person))
    versions = sa.table(
        "bid_version",
        *map(sa.column, ("id", "bid_id", "csp_id", "version")),
        sa.column("content", sa.JSON()),
        sa.column("submitted_at", when),
        sa.column("submitted_by", person),
    )
    for row in bind.execute(sa.select(bid)).mappings().all():
        submitted = row["submitted_at"] is not None
        at, by = (row["submitted_at"], row["submitted_by"]) if submitted else (row["created_at"], row["created_by"])
        owner = {"bid_id": row["id"], "csp_id": row["csp_id"]}
        bind.execute(
            changes.insert().values(id=str(uuid.uuid4()), status=row["status"], reason=None, at=at, by=by, **owner)
        )
        if submitted:
            kept = ("title", "summary", "priorities", "delivery_provider_name", "amount_requested_pence")
            content = {name: row[name] for name in kept}
            bind.execute(
                versions.insert().values(
                    id=str(uuid.uuid4()), version=1, content=content, submitted_at=at, submitted_by=by, **owner
                )
            )


def downgrade() -> None:
    for table in ("idempotent_request", "bid_version", "bid_status_change"):
        rls.disable(table)
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bid_version_immutable()")
    with op.batch_alter_table("bid", schema=None) as batch_op:
        for name in ("revision", "version", "ends_on", "starts_on", *reversed(_LISTS)):
            batch_op.drop_column(name)
        for name in ("local_authority_code", "company_number", "charity_number", "provider_type", "need"):
            batch_op.drop_column(name)
