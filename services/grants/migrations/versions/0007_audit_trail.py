"""audit trail: the append-only audit_event table, refusing updates and deletes

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from shared.audit import migration

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    migration.create_audit_table()


def downgrade() -> None:
    migration.drop_audit_table()
