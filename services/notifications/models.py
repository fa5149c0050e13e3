"""A notification: one message to one person, caused by one event."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.notifications.db import Base
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime


class Notification(CspOwned, Base):
    __tablename__ = "notification"
    # One event tells one person one thing once, however often the event is delivered.
    __table_args__ = (sa.UniqueConstraint("event_id", "recipient", "kind"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    event_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    event_type: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(50))
    recipient: Mapped[str] = mapped_column(sa.String(320), index=True)
    # The CSP the message is about (None: about no one CSP); a CSP's people see only their CSP's.
    csp_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    MAX_ATTEMPTS = 5

    def mark_sent(self) -> None:
        self.status = "sent"
        self.sent_at = utcnow()
        self.last_error = None

    def mark_failed(self, error: str, permanent: bool) -> None:
        self.attempts += 1
        self.last_error = error[:2000]
        if permanent or self.attempts >= self.MAX_ATTEMPTS:
            self.status = "failed"
        else:
            self.next_attempt_at = utcnow() + timedelta(seconds=30 * 2**self.attempts)
