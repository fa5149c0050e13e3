"""register search by words: each record's search text recomputed (funder and place names, punctuation off)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXTS = ("funder_name", "title", "description", "recipient_name", "provider_name", "programme")
_BATCH = 1_000


def upgrade() -> None:
    # Derived data: recomputed with today's rule, which is the rule every later import applies as well.
    from services.grants.register.search import search_text_of

    records = sa.table(
        "register_record",
        sa.column("id"),
        *(sa.column(name) for name in _TEXTS),
        sa.column("places", sa.JSON),
        sa.column("search_text"),
    )
    connection = op.get_bind()
    read = sa.select(records.c.id, *(records.c[name] for name in _TEXTS), records.c.places)
    rows = connection.execute(read).mappings().all()
    update = records.update().where(records.c.id == sa.bindparam("record_id")).values(search_text=sa.bindparam("text"))
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        connection.execute(update, [{"record_id": row["id"], "text": search_text_of(dict(row))} for row in batch])


def downgrade() -> None:
    pass  # the old search text was a lower-cased copy; the new one finds all the old one did but mid-word matches
