"""Outgoing mail: the ``Mailer`` port, its SMTP and folder adapters, and the factory that picks one."""

from shared.mail.factory import make_mailer
from shared.mail.folder import FolderMailer
from shared.mail.port import MailDeliveryFailed, Mailer, MailUnavailable, OutgoingMail
from shared.mail.smtp import SmtpMailer

__all__ = [
    "FolderMailer",
    "MailDeliveryFailed",
    "MailUnavailable",
    "Mailer",
    "OutgoingMail",
    "SmtpMailer",
    "make_mailer",
]
