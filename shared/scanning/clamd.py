"""A ClamAV daemon reached over a Unix socket or TCP, through the maintained ``clamav-client`` package."""

from __future__ import annotations

from typing import BinaryIO
from urllib.parse import urlsplit

from clamav_client.clamd import (
    BufferTooLongError,
    ClamdError,
    ClamdNetworkSocket,
    ClamdUnixSocket,
    CommunicationError,
)

from shared.scanning.port import ScanFailed, ScannerUnavailable, Verdict

PING_TIMEOUT = 3.0


def clamd_client(url: str, timeout: float) -> ClamdNetworkSocket:
    """``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310`` as a clamav-client connection."""
    parts = urlsplit(url)
    if parts.scheme == "unix" and parts.path:
        return ClamdUnixSocket(parts.path, timeout=timeout)  # type: ignore[arg-type]
    if parts.scheme == "tcp" and parts.hostname:
        return ClamdNetworkSocket(parts.hostname, parts.port or 3310, timeout=timeout)
    raise ValueError(f"CLAMD_URL must look like unix:///path/to/clamd.ctl or tcp://host:3310, not {url!r}")


class ClamdScanner:
    """``Scanner`` on clamd. Each scan streams the bytes with INSTREAM: clamd never needs our files' paths,
    so it can run in another container. clamd's ``StreamMaxLength`` must be at least the largest upload."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        clamd_client(url, timeout)  # a bad URL fails at start-up, not at the first upload
        self.url = url
        self._timeout = timeout

    def scan(self, stream: BinaryIO) -> Verdict:
        try:
            # A client per call: clamav-client keeps the open socket on the instance, so sharing one
            # between threads would mix their streams.
            result = clamd_client(self.url, self._timeout).instream(stream)
        except BufferTooLongError as error:
            raise ScanFailed("the file is larger than the virus scanner accepts") from error
        except CommunicationError as error:
            raise ScannerUnavailable(str(error)) from error
        except (ClamdError, OSError) as error:  # an answer we cannot read: clamd is restarting or confused
            raise ScannerUnavailable(f"clamd answered nonsense: {error}") from error
        status, signature = result.get("stream", ("ERROR", "no answer"))
        if status == "FOUND":
            return Verdict(infected=True, signature=signature)
        if status == "OK":
            return Verdict(infected=False)
        raise ScanFailed(f"clamd could not scan the file: {signature}")

    def check(self) -> None:
        try:
            if clamd_client(self.url, PING_TIMEOUT).ping() != "PONG":
                raise ScannerUnavailable("clamd did not answer PONG")
        except (ClamdError, OSError) as error:
            raise ScannerUnavailable(f"clamd at {self.url} is not answering: {error}") from error
