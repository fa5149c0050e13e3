"""Row-level security for CSP-owned tables on PostgreSQL, for use in Alembic migrations.

The policy reads the `safergrants.*` settings each transaction starts with (`scoping.py`). A connection
that never set them sees nothing: forgetting to scope fails closed. FORCE makes the policy bind the
table's owner too, which is the role the services connect as.
"""

from __future__ import annotations

from alembic import op


def _policy(table: str, bid_column: str | None) -> str:
    scope = "current_setting('safergrants.scope', true)"
    invited = (
        f" OR ({scope} = 'bid' AND {bid_column} = current_setting('safergrants.bid_id', true))" if bid_column else ""
    )
    return (
        f"CREATE POLICY csp_scope ON {table} USING ("
        f"{scope} IN ('system', 'all')"
        f" OR ({scope} = 'csp' AND csp_id = current_setting('safergrants.csp_id', true))"
        f"{invited})"
    )


def enable(table: str, bid_column: str | None = None) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(_policy(table, bid_column))


def disable(table: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP POLICY IF EXISTS csp_scope ON {table}")
    op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
