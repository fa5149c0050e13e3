"""SMTP adapter: one short-lived connection per send, every socket operation bounded by a timeout."""

from __future__ import annotations

import smtplib
import ssl

from shared.config import MailSettings
from shared.mail.port import MailDeliveryFailed, MailUnavailable, OutgoingMail


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


class SmtpMailer:
    """Sends through the SMTP relay in ``MailSettings``, with optional STARTTLS and login."""

    def __init__(self, settings: MailSettings, timeout: float = 10) -> None:
        self._settings = settings
        self._timeout = timeout

    def send(self, mail: OutgoingMail) -> None:
        try:
            client = self._open()
        except (OSError, smtplib.SMTPException) as error:
            # Failing to connect or log in says nothing about this mail: it may succeed later.
            raise MailDeliveryFailed(f"SMTP connection failed: {error}", permanent=False) from error
        try:
            refused = client.send_message(mail.to_email_message())
        except smtplib.SMTPRecipientsRefused as error:
            raise _refusal(error.recipients) from error
        except smtplib.SMTPResponseException as error:
            raise MailDeliveryFailed(
                f"SMTP replied {error.smtp_code}: {error.smtp_error!r}",
                permanent=_is_permanent(error.smtp_code),
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailDeliveryFailed(f"SMTP send failed: {error}", permanent=False) from error
        finally:
            _quit_quietly(client)
        if refused:
            raise _refusal(refused)

    def check(self) -> None:
        try:
            client = self._open()
        except (OSError, smtplib.SMTPException) as error:
            raise MailUnavailable(f"SMTP server unavailable: {error}") from error
        try:
            code, reply = client.noop()
        except (OSError, smtplib.SMTPException) as error:
            raise MailUnavailable(f"SMTP NOOP failed: {error}") from error
        finally:
            _quit_quietly(client)
        if code != 250:
            raise MailUnavailable(f"SMTP NOOP replied {code}: {reply!r}")

    def _open(self) -> smtplib.SMTP:
        settings = self._settings
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=self._timeout)
        try:
            if settings.smtp_starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                client.login(settings.smtp_username, settings.smtp_password)
        except BaseException:
            client.close()
            raise
        return client


def _refusal(recipients: dict[str, tuple[int, bytes]]) -> MailDeliveryFailed:
    # Permanent only if every recipient was refused for good; a 4xx anywhere is worth a retry.
    permanent = all(_is_permanent(code) for code, _ in recipients.values())
    return MailDeliveryFailed(f"SMTP refused recipients: {recipients}", permanent=permanent)


def _quit_quietly(client: smtplib.SMTP) -> None:
    # By now the server has accepted or refused the mail; a failed QUIT must not change that answer.
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
