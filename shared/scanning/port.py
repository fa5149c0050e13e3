"""The port every virus scanner implements, and what it can answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol


class ScannerUnavailable(Exception):
    """The scanner cannot be reached or stopped answering: nothing is known of the file, try again later."""


class ScanFailed(Exception):
    """The scanner was reached but could not check this file (too large for it, say): it cannot be passed."""


@dataclass(frozen=True)
class Verdict:
    """What the scanner found: ``signature`` names the malware when ``infected``."""

    infected: bool
    signature: str | None = None


class Scanner(Protocol):
    """Scans a stream of bytes for malware. Implemented by ``ClamdScanner`` (clamd's INSTREAM command)."""

    def scan(self, stream: BinaryIO) -> Verdict:
        """Read ``stream`` to its end and judge it. Raises ``ScannerUnavailable`` or ``ScanFailed``."""
        ...

    def check(self) -> None:
        """Return quickly if the scanner answers, else raise ``ScannerUnavailable``."""
        ...
