"""The mail adapters against a real SMTP server and a real folder."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from shared.config import MailSettings
from shared.mail import (
    FolderMailer,
    MailDeliveryFailed,
    MailUnavailable,
    OutgoingMail,
    SmtpMailer,
    make_mailer,
)
from tests.fixtures.smtp import HOST, SmtpInbox, free_port

SENDER = "SaferGrants <no-reply@safergrants.local>"


@pytest.fixture
def make_mail() -> Callable[..., OutgoingMail]:
    def make(**overrides: str) -> OutgoingMail:
        fields = {
            "message_id": str(uuid.uuid4()),
            "to": "treasurer@charnwood-csp.example",
            "subject": "Bid received for Café safety patrols",
            "body": "We received your bid for £12,500.\nRéférence: B-0042\n",
            "sender": SENDER,
        } | overrides
        return OutgoingMail(**fields)

    return make


@pytest.fixture
def smtp_mailer(smtp_inbox: SmtpInbox) -> SmtpMailer:
    return SmtpMailer(MailSettings(smtp_host=smtp_inbox.host, smtp_port=smtp_inbox.port), timeout=5)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections but never says a word, like a wedged relay."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind((HOST, 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_smtp_mailer_delivers_headers_and_utf8_body(smtp_mailer, smtp_inbox, make_mail):
    mail = make_mail()

    smtp_mailer.send(mail)

    [received] = smtp_inbox.wait_for(1)
    assert received.mail_from == "no-reply@safergrants.local"
    assert received.rcpt_tos == ("treasurer@charnwood-csp.example",)
    message = received.message
    assert message["From"] == SENDER
    assert message["To"] == "treasurer@charnwood-csp.example"
    assert message["Subject"] == "Bid received for Café safety patrols"
    assert message["Date"].datetime.utcoffset().total_seconds() == 0
    assert message["Message-ID"] == f"<{mail.message_id}@safergrants.local>"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == "We received your bid for £12,500.\nRéférence: B-0042\n"


def test_message_id_depends_only_on_the_notification_id(make_mail):
    notification_id = str(uuid.uuid4())
    first = make_mail(message_id=notification_id).to_email_message()
    second = make_mail(message_id=notification_id, subject="Reminder").to_email_message()

    assert first["Message-ID"] == second["Message-ID"] == f"<{notification_id}@safergrants.local>"


def test_mail_refuses_a_message_id_that_is_not_a_uuid(make_mail):
    with pytest.raises(ValueError):
        make_mail(message_id="../../etc/passwd")


def test_folder_mailer_keeps_one_file_per_message_id_when_sent_twice(tmp_path, make_mail):
    folder = tmp_path / "mail"
    mailer = FolderMailer(folder)
    mail = make_mail()

    mailer.send(mail)
    mailer.send(mail)

    assert [path.name for path in folder.iterdir()] == [f"{mail.message_id}.eml"]
    parsed = message_from_bytes((folder / f"{mail.message_id}.eml").read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == f"<{mail.message_id}@safergrants.local>"
    assert parsed["Subject"] == mail.subject
    assert parsed.get_content() == mail.body


def test_folder_mailer_check_passes_for_a_writable_folder(tmp_path):
    FolderMailer(tmp_path / "new" / "mail").check()


def test_folder_mailer_check_fails_when_the_folder_is_a_file(tmp_path):
    blocker = tmp_path / "mail"
    blocker.write_text("not a folder")

    with pytest.raises(MailUnavailable):
        FolderMailer(blocker).check()


def test_smtp_check_passes_when_the_server_answers(smtp_mailer):
    smtp_mailer.check()


def test_smtp_check_fails_quickly_when_nothing_listens():
    mailer = SmtpMailer(MailSettings(smtp_host=HOST, smtp_port=free_port()), timeout=1)

    started = time.monotonic()
    with pytest.raises(MailUnavailable):
        mailer.check()
    assert time.monotonic() - started < 2


def test_smtp_check_gives_up_after_the_timeout_when_the_server_never_answers(silent_server):
    mailer = SmtpMailer(MailSettings(smtp_host=HOST, smtp_port=silent_server), timeout=0.5)

    started = time.monotonic()
    with pytest.raises(MailUnavailable):
        mailer.check()
    assert time.monotonic() - started < 2


def test_smtp_send_to_a_dead_server_is_a_temporary_failure(make_mail):
    mailer = SmtpMailer(MailSettings(smtp_host=HOST, smtp_port=free_port()), timeout=1)

    with pytest.raises(MailDeliveryFailed) as failure:
        mailer.send(make_mail())
    assert failure.value.permanent is False


def test_a_550_recipient_refusal_is_a_permanent_failure(smtp_mailer, smtp_inbox, make_mail):
    smtp_inbox.refuse("nobody@charnwood-csp.example", "550 5.1.1 No such mailbox")

    with pytest.raises(MailDeliveryFailed) as failure:
        smtp_mailer.send(make_mail(to="nobody@charnwood-csp.example"))
    assert failure.value.permanent is True
    assert smtp_inbox.messages == []


def test_a_451_recipient_refusal_is_a_temporary_failure(smtp_mailer, smtp_inbox, make_mail):
    smtp_inbox.refuse("busy@charnwood-csp.example", "451 4.3.0 Try again later")

    with pytest.raises(MailDeliveryFailed) as failure:
        smtp_mailer.send(make_mail(to="busy@charnwood-csp.example"))
    assert failure.value.permanent is False


def test_make_mailer_uses_smtp_when_a_host_is_configured():
    assert isinstance(make_mailer(MailSettings(smtp_host="smtp.example", smtp_port=587)), SmtpMailer)


def test_make_mailer_uses_the_folder_without_a_host(tmp_path: Path, make_mail):
    mailer = make_mailer(MailSettings(folder=tmp_path))
    mail = make_mail()

    mailer.send(mail)

    assert isinstance(mailer, FolderMailer)
    assert (tmp_path / f"{mail.message_id}.eml").exists()


def test_a_long_subject_reads_back_exactly_as_written(tmp_path) -> None:
    from email import message_from_bytes, policy

    subject = "New bid from Melton: Online safety workshops for Melton secondary schools and their parents"
    mail = OutgoingMail(
        message_id=str(uuid.uuid4()),
        to="a@example.org",
        subject=subject,
        body="x",
        sender="SaferGrants <no-reply@safergrants.local>",
    )
    parsed = message_from_bytes(mail.to_email_message().as_bytes(), policy=policy.default)
    assert parsed["Subject"] == subject
