"""Chooses the mail adapter from settings: SMTP when a host is configured, else the local folder."""

from __future__ import annotations

from shared.config import MailSettings
from shared.mail.folder import FolderMailer
from shared.mail.port import Mailer
from shared.mail.smtp import SmtpMailer


def make_mailer(settings: MailSettings) -> Mailer:
    if settings.uses_smtp:
        return SmtpMailer(settings)
    return FolderMailer(settings.folder)
