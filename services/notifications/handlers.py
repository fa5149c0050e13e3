"""notifications' use cases: decide who hears what, then send it."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.notifications import templates
from services.notifications.models import Notification
from shared.clock import utcnow
from shared.config import Settings
from shared.db import is_postgres
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.identity import Principal
from shared.mail.port import MailDeliveryFailed, Mailer, OutgoingMail

log = logging.getLogger(__name__)
SEES_ALL = ("opcc_reviewer", "opcc_approver", "admin", "auditor")


def notify_bid_submitted(settings: Settings):
    """Acknowledge to the submitter; tell the OPCC reviewers a new bid is waiting."""

    def handle(envelope: Envelope, session: Session) -> None:
        payload = envelope.payload
        subject, body = templates.bid_acknowledgement(payload, settings.base_url)
        _queue(session, envelope, "bid_acknowledgement", payload["submitted_by"]["email"], subject, body)
        subject, body = templates.new_bid_for_reviewers(payload, settings.base_url)
        for reviewer in settings.mail.opcc_reviewers:
            _queue(session, envelope, "new_bid", reviewer, subject, body)

    return handle


def notify_duplicate_check(settings: Settings):
    """Tell the OPCC reviewers what the check found; tell the CSP too if anything is a likely duplicate."""

    def handle(envelope: Envelope, session: Session) -> None:
        payload = envelope.payload
        subject, body = templates.duplicate_check_for_reviewers(payload, settings.base_url)
        for reviewer in settings.mail.opcc_reviewers:
            _queue(session, envelope, "duplicate_check_opcc", reviewer, subject, body)
        if payload["counts"]["likely duplicate"]:
            subject, body = templates.duplicate_check_for_csp(payload, settings.base_url)
            _queue(session, envelope, "duplicate_check_csp", payload["submitted_by"]["email"], subject, body)

    return handle


def _queue(session: Session, envelope: Envelope, kind: str, recipient: str, subject: str, body: str) -> None:
    session.add(
        Notification(
            event_id=envelope.id,
            event_type=envelope.type,
            kind=kind,
            recipient=recipient,
            # A 300-character bid title makes a longer subject; PostgreSQL refuses what SQLite stores.
            subject=_shortened(subject, Notification.subject.type.length),
            body=body,
            status="pending",
        )
    )


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def send_due(session_factory: sessionmaker[Session], mailer: Mailer, sender: str, limit: int = 50) -> int:
    """Send pending notifications one at a time; each is marked sent in the transaction that sent it."""
    sent = 0
    for _ in range(limit):
        with session_factory() as session, session.begin():
            query = (
                sa.select(Notification)
                .where(Notification.status == "pending", Notification.next_attempt_at <= utcnow())
                .order_by(Notification.created_at)
                .limit(1)
            )
            if is_postgres(session):
                query = query.with_for_update(skip_locked=True)  # several workers never send one twice
            notification = session.scalars(query).first()
            if notification is None:
                return sent
            mail = OutgoingMail(
                message_id=notification.id,
                to=notification.recipient,
                subject=notification.subject,
                body=notification.body,
                sender=sender,
            )
            try:
                mailer.send(mail)
            except MailDeliveryFailed as failure:
                log.warning("notification %s not sent: %s", notification.id, failure)
                notification.mark_failed(str(failure), failure.permanent)
                continue
            notification.mark_sent()
            sent += 1
    return sent


def visible_notifications(session: Session, principal: Principal) -> list[Notification]:
    query = sa.select(Notification).order_by(Notification.created_at.desc())
    if principal.role not in SEES_ALL:
        query = query.where(Notification.recipient == principal.email)
    return list(session.scalars(query))


def get_notification(session: Session, principal: Principal, notification_id: str) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None or (principal.role not in SEES_ALL and notification.recipient != principal.email):
        raise DomainProblem("There is no notification with that id", status=404, kind="not-found")
    return notification
