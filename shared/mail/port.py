"""The port every mail adapter implements, and the one message shape they all send."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Protocol

from shared.clock import utcnow

MESSAGE_ID_DOMAIN = "safergrants.local"


class MailUnavailable(Exception):
    """The mail adapter cannot send right now (raised by ``Mailer.check``)."""


class MailDeliveryFailed(Exception):
    """A send failed. ``permanent`` says whether retrying the same mail could ever succeed."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class OutgoingMail:
    """One plain-text email, identified by the notification it delivers."""

    message_id: str
    to: str
    subject: str
    body: str
    sender: str

    def __post_init__(self) -> None:
        # The id becomes a file name and a header, so only a UUID is safe in both.
        uuid.UUID(str(self.message_id))

    def to_email_message(self) -> EmailMessage:
        """Build the RFC 5322 message, with a Message-ID derived only from ``message_id``.

        A crash between sending and recording the send makes us send again; the stable
        Message-ID lets the receiving side recognise and drop the duplicate.
        """
        message = EmailMessage(policy=_MAIL_POLICY)
        message["From"] = self.sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = format_datetime(utcnow())
        message["Message-ID"] = f"<{self.message_id}@{MESSAGE_ID_DOMAIN}>"
        # Quoted-printable keeps the body 7-bit clean for servers without 8BITMIME.
        message.set_content(self.body, charset="utf-8", cte="quoted-printable")
        return message


# Headers up to RFC 5322's 998 characters stay on one line: folding a long subject right after
# "Subject:" left readers (Python's parser among them) with a subject starting with a space.
_MAIL_POLICY = policy.default.clone(max_line_length=998)


class Mailer(Protocol):
    """Sends mail. Implemented by ``SmtpMailer`` (production) and ``FolderMailer`` (embedded)."""

    def send(self, mail: OutgoingMail) -> None:
        """Hand ``mail`` over for delivery or raise ``MailDeliveryFailed``."""
        ...

    def check(self) -> None:
        """Return if mail can be sent now, else raise ``MailUnavailable``."""
        ...
