"""A record in the funding register: one award by any funder, ours or another's."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.grants.db import Base
from services.grants.matching.candidates import Candidate
from services.grants.register.search import search_text_of
from shared.clock import utcnow
from shared.db import UTCDateTime

STATUSES = ("awarded", "indicative", "contracted")
# What an import sets from the file; `confidential` is not among them because an import may only ever raise it.
IMPORTED_FIELDS = (
    "funder_name",
    "funder_org_id",
    "programme",
    "recipient_name",
    "recipient_org_id",
    "provider_name",
    "provider_org_id",
    "title",
    "description",
    "amount_pence",
    "award_date",
    "starts_on",
    "ends_on",
    "places",
    "status",
)


def places_text_of(places: list[str]) -> str:
    """ ";CSP:melton;LAD:E07000133;": a place filter is then one LIKE that works on every database."""
    return ";" + ";".join(places) + ";" if places else ""


class RegisterRecord(Base):
    __tablename__ = "register_record"
    __table_args__ = (sa.UniqueConstraint("source", "source_id"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    source: Mapped[str] = mapped_column(sa.String(40))
    source_id: Mapped[str] = mapped_column(sa.String(200))
    funder_name: Mapped[str] = mapped_column(sa.String(300))
    funder_org_id: Mapped[str] = mapped_column(sa.String(100), default="")
    programme: Mapped[str] = mapped_column(sa.String(300), default="")
    recipient_name: Mapped[str] = mapped_column(sa.String(300), default="")
    recipient_org_id: Mapped[str] = mapped_column(sa.String(100), default="")
    provider_name: Mapped[str] = mapped_column(sa.String(300), default="")
    provider_org_id: Mapped[str] = mapped_column(sa.String(100), default="")
    title: Mapped[str] = mapped_column(sa.String(400))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    amount_pence: Mapped[int] = mapped_column(sa.BigInteger)
    award_date: Mapped[date | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    places: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    places_text: Mapped[str] = mapped_column(sa.Text, default="")
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="awarded")
    confidential: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    import_batch_id: Mapped[str] = mapped_column(sa.String(36))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @staticmethod
    def import_values(current: Mapping | None, fields: dict, batch_id: str) -> dict | None:
        """The columns an imported row sets: all of them for a new record (`current` None), or for one that
        changed; None when nothing did. Plain values, so a batch is one bulk INSERT and one bulk UPDATE.

        A file can hide a record but never reveal one: the OPCC may have marked it confidential since,
        and only an explicit PATCH makes it public again.
        """
        confidential = bool(fields.get("confidential"))
        if current is not None:
            confidential = confidential or current["confidential"]
            if confidential == current["confidential"] and all(current[n] == fields[n] for n in IMPORTED_FIELDS):
                return None
        return {
            **{name: fields[name] for name in IMPORTED_FIELDS},
            "confidential": confidential,
            "places_text": places_text_of(fields["places"]),
            "search_text": search_text_of(fields),
            "import_batch_id": batch_id,
            "imported_at": utcnow(),
        }

    def as_candidate(self) -> Candidate:
        return candidate_of(self)


CANDIDATE_COLUMNS = (
    "id", "title", "description", "funder_name", "programme", "recipient_org_id", "recipient_name", "provider_name",
    "provider_org_id", "amount_pence", "starts_on", "ends_on", "places", "status", "confidential",
)  # fmt: skip


def candidate_of(record: RegisterRecord | sa.Row) -> Candidate:
    """A record as matching sees it, from the record or from a row of its CANDIDATE_COLUMNS."""
    return Candidate(
        id=record.id,
        kind="register",
        title=record.title,
        description=record.description,
        funder=record.funder_name,
        programme=record.programme,
        recipient_org_id=record.recipient_org_id,
        recipient_name=record.recipient_name,
        provider_name=record.provider_name,
        provider_org_id=record.provider_org_id,
        amount_pence=record.amount_pence,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        places=frozenset(record.places),
        status=record.status,
        confidential=record.confidential,
    )
