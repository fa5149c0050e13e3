"""Creating the audit_event table in a service's migration, with the database refusing changes to it.

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE, whoever asks, the table's owner included;
on SQLite, triggers refuse UPDATE and DELETE. Row-level security scopes reading to the CSP a row
belongs to, as for every CSP-owned table; anyone may append, because every allowed operation of every
role (a provider contributor's upload included) must be able to leave its event.

This is the table as first created (version 1). A later change to the table is a new migration of its
own; note that SQLite's batch mode rebuilds a table and drops its triggers, so such a migration must
call `refuse_changes()` again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.auth import rls
from shared.db import UTCDateTime

TABLE = "audit_event"
MESSAGE = "audit_event is append-only"

_PG_FUNCTION = f"""
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$
"""
_PG_TRIGGERS = (
    f"CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON {TABLE}"
    " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    f"CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)
_SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
)


def create_audit_table() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("occurred_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=255), nullable=False),
        sa.Column("actor_role", sa.String(length=30), nullable=False),
        sa.Column("actor_name", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("csp_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity_type", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("correlation_id", sa.String(length=64), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_csp_id"), TABLE, ["csp_id"], unique=False)
    op.create_index("ix_audit_event_entity", TABLE, ["entity_type", "entity_id"], unique=False)
    refuse_changes()
    rls.enable(TABLE)
    if _dialect() == "postgresql":
        op.execute(f"CREATE POLICY audit_append ON {TABLE} FOR INSERT WITH CHECK (true)")


def refuse_changes() -> None:
    if _dialect() == "postgresql":
        op.execute(_PG_FUNCTION)
        for statement in _PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def drop_audit_table() -> None:
    if _dialect() == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS audit_append ON {TABLE}")
        rls.disable(TABLE)
    op.drop_table(TABLE)  # its triggers go with it
    if _dialect() == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")


def _dialect() -> str:
    return op.get_bind().dialect.name
