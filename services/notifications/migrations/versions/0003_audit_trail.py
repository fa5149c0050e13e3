"""audit trail: the append-only audit_event table, refusing updates and deletes

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from shared.audit import migration

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    migration.create_audit_table()


def downgrade() -> None:
    migration.drop_audit_table()
