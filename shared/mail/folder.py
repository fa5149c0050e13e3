"""Folder adapter for the embedded mode: each mail becomes ``<message_id>.eml`` in a local folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shared.mail.port import MailDeliveryFailed, MailUnavailable, OutgoingMail


class FolderMailer:
    """Writes mail to ``folder`` instead of sending it, one file per message id.

    Files are written to a temporary name and renamed into place, so a reader never sees half a
    message and sending the same mail twice leaves exactly one file.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)

    def send(self, mail: OutgoingMail) -> None:
        try:
            self._write_atomically(f"{mail.message_id}.eml", bytes(mail.to_email_message()))
        except OSError as error:
            raise MailDeliveryFailed(
                f"cannot write mail to {self._folder}: {error}", permanent=False
            ) from error

    def check(self) -> None:
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            # Actually writing is the only reliable test: os.access lies for root and on some mounts.
            with tempfile.TemporaryFile(dir=self._folder):
                pass
        except OSError as error:
            raise MailUnavailable(f"mail folder {self._folder} is not writable: {error}") from error

    def _write_atomically(self, name: str, content: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        # The temporary name starts with a dot and does not end in .eml, so readers globbing *.eml skip it.
        handle, temporary = tempfile.mkstemp(dir=self._folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self._folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
