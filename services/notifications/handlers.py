"""notifications' use cases: decide who hears what, then send it."""

from __future__ import annotations

import logging
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.notifications import templates
from services.notifications.audit import audit
from services.notifications.models import Notification
from shared.audit import created, diff, snapshot
from shared.auth.principal import CSP_ROLES, Principal
from shared.clock import utcnow
from shared.config import Settings
from shared.context import reset_correlation_id, set_correlation_id
from shared.db import is_postgres
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.mail.port import MailDeliveryFailed, Mailer, OutgoingMail

log = logging.getLogger(__name__)
# What the audit trail compares when the sender tries a notification.
SENDING = ("status", "attempts", "last_error", "next_attempt_at", "sent_at")


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


def notify_provider_invited(settings: Settings):
    """Send the invited provider their link (the API never shows it: `templates.without_secrets`)."""

    def handle(envelope: Envelope, session: Session) -> None:
        subject, body = templates.provider_invitation(envelope.payload, settings.base_url)
        _queue(session, envelope, "provider_invitation", envelope.payload["invitee"]["email"], subject, body)

    return handle


def notify_bid_returned(settings: Settings):
    """Tell whoever submitted the bid that the OPCC returned it, why, and what to do."""

    def handle(envelope: Envelope, session: Session) -> None:
        subject, body = templates.bid_returned(envelope.payload, settings.base_url)
        _queue(session, envelope, "bid_returned", envelope.payload["submitted_by"]["email"], subject, body)

    return handle


def notify_bid_withdrawn(settings: Settings):
    """Tell the OPCC reviewers a bid has left their queue."""

    def handle(envelope: Envelope, session: Session) -> None:
        subject, body = templates.bid_withdrawn_for_reviewers(envelope.payload, settings.base_url)
        for reviewer in settings.mail.opcc_reviewers:
            _queue(session, envelope, "bid_withdrawn", reviewer, subject, body)

    return handle


def notify_bid_decided(settings: Settings):
    """Tell whoever submitted the bid the outcome and why; tell finance of an award as soon as it is made."""

    def handle(envelope: Envelope, session: Session) -> None:
        payload = envelope.payload
        recipient = payload["submitted_by"]["email"]
        if payload["outcome"] == "declined":
            subject, body = templates.bid_declined(payload, settings.base_url)
            _queue(session, envelope, "bid_declined", recipient, subject, body)
            return
        subject, body = templates.bid_awarded(payload, settings.base_url)
        _queue(session, envelope, "bid_awarded", recipient, subject, body)
        subject, body = templates.award_for_finance(payload, settings.base_url)
        for person in settings.mail.finance:
            _queue(session, envelope, "award_for_finance", person, subject, body)

    return handle


def notify_award_withdrawn(settings: Settings):
    """Finance and the CSP's submitter were told of the award, so they hear at once that it did not stand."""

    def handle(envelope: Envelope, session: Session) -> None:
        subject, body = templates.award_withdrawn_for_finance(envelope.payload, settings.base_url)
        for person in settings.mail.finance:
            _queue(session, envelope, "award_withdrawn_for_finance", person, subject, body)
        if submitter := envelope.payload.get("submitted_by"):
            subject, body = templates.award_withdrawn(envelope.payload, settings.base_url)
            _queue(session, envelope, "award_withdrawn", submitter["email"], subject, body)

    return handle


def _queue(session: Session, envelope: Envelope, kind: str, recipient: str, subject: str, body: str) -> None:
    notification = Notification(
        id=str(uuid.uuid4()),
        event_id=envelope.id,
        event_type=envelope.type,
        kind=kind,
        recipient=recipient,
        csp_id=envelope.payload.get("csp_id"),
        # A 300-character bid title makes a longer subject; PostgreSQL refuses what SQLite stores.
        subject=_shortened(subject, Notification.subject.type.length),
        body=body,
        status="pending",
    )
    session.add(notification)
    changes = created(snapshot(notification, ("event_type", "kind", "recipient", "subject", "status")))
    audit.record(
        session, "notification.queued", "notification", notification.id, csp_id=notification.csp_id, changes=changes
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
            # The sending continues the chain of the request that caused the notification.
            token = set_correlation_id(audit.first_correlation_id(session, "notification", notification.id))
            try:
                sent += _send(session, mailer, notification, sender)
            finally:
                reset_correlation_id(token)
    return sent


def _send(session: Session, mailer: Mailer, notification: Notification, sender: str) -> int:
    mail = OutgoingMail(
        message_id=notification.id,
        to=notification.recipient,
        subject=notification.subject,
        body=notification.body,
        sender=sender,
    )
    before = snapshot(notification, SENDING)
    try:
        mailer.send(mail)
    except MailDeliveryFailed as failure:
        log.warning("notification %s not sent: %s", notification.id, failure)
        notification.mark_failed(str(failure), failure.permanent)
        action = "notification.failed" if notification.status == "failed" else "notification.attempt_failed"
    else:
        notification.mark_sent()
        action = "notification.sent"
    changes = diff(before, snapshot(notification, SENDING))
    audit.record(session, action, "notification", notification.id, csp_id=notification.csp_id, changes=changes)
    return 1 if notification.status == "sent" else 0


def visible_notifications(session: Session, principal: Principal) -> list[Notification]:
    query = sa.select(Notification).order_by(Notification.created_at.desc())
    if principal.role in CSP_ROLES:  # their CSP's rows (the scope), and of those only their own messages
        query = query.where(Notification.recipient == principal.email)
    return list(session.scalars(query))


def get_notification(session: Session, principal: Principal, notification_id: str) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None or (principal.role in CSP_ROLES and notification.recipient != principal.email):
        raise DomainProblem("There is no notification with that id", status=404, kind="not-found")
    return notification
