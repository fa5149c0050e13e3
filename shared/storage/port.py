"""The port every evidence store implements, the errors it raises, and the rules all adapters share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol

CHUNK_SIZE = 1024 * 1024
# S3 counts key length in UTF-8 bytes and stops at 1024.
MAX_KEY_BYTES = 1024
# Control characters break headers and logs; a backslash is a path separator on Windows.
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")


class StorageUnavailable(Exception):
    """The bucket or folder cannot be reached right now (raised by ``EvidenceStore.check``)."""


class InvalidKey(ValueError):
    """A key that could escape its folder or that S3 would mangle: refused before any I/O."""


class ObjectNotFound(LookupError):
    """No object is stored under the key."""


class DownloadLinkInvalid(Exception):
    """A local download token was not signed by us, was altered, or does not say what to serve."""


class DownloadLinkExpired(DownloadLinkInvalid):
    """A local download token was genuine but is older than its allowed age."""


@dataclass(frozen=True)
class StoredObject:
    """What was stored: the key, and the size and SHA-256 (hex) measured while the bytes streamed past."""

    key: str
    size_bytes: int
    sha256: str
    content_type: str


@dataclass(frozen=True)
class ListedObject:
    """One stored object as a listing shows it: its key, size and when it was last written (UTC)."""

    key: str
    size_bytes: int
    modified_at: datetime


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe relative path of ``/``-separated segments, else raise ``InvalidKey``.

    Both adapters use the same rule, so a key that works locally also works on S3 and the other way round.
    """
    if not key or key.startswith("/") or _UNSAFE_CHARS.search(key):
        raise InvalidKey(f"unsafe evidence key: {key!r}")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidKey(f"evidence key longer than {MAX_KEY_BYTES} bytes")
    if any(segment in ("", ".", "..") for segment in key.split("/")):
        raise InvalidKey(f"unsafe evidence key: {key!r}")
    return key


class EvidenceStore(Protocol):
    """Stores uploaded evidence files by key.

    Implemented by ``S3EvidenceStore`` (production, any S3-compatible service) and
    ``LocalEvidenceStore`` (embedded mode, a folder). Keys are checked with ``validate_key``:
    every method raises ``InvalidKey`` for an unsafe key before touching storage.
    """

    def put(self, key: str, stream: BinaryIO, content_type: str) -> StoredObject:
        """Store the bytes read from ``stream`` under ``key``, replacing any object there.

        Reads in bounded chunks and never holds the whole file in memory; size and SHA-256 are
        computed on the way through. A failed put leaves no partial object behind.
        """
        ...

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the object's bytes; the caller closes it. Raises ``ObjectNotFound``."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object. Deleting a missing key is not an error (so retries are safe)."""
        ...

    def exists(self, key: str) -> bool:
        """Whether an object is stored under ``key``."""
        ...

    def move(self, src_key: str, dst_key: str) -> None:
        """Move an object to a new key (e.g. quarantine to clean). Raises ``ObjectNotFound``.

        Not atomic on S3 (copy, then delete): after a crash both keys may exist, never neither,
        so a retried move finishes the job.
        """
        ...

    def listing(self, prefix: str) -> Iterator[ListedObject]:
        """Every object whose key starts with ``prefix`` (a folder such as ``quarantine/``), in no set order.

        For housekeeping and tests, never for serving requests: it walks the whole folder.
        """
        ...

    def download_url(self, key: str, filename: str, content_type: str) -> str:
        """A short-lived URL that downloads the object as an attachment named ``filename``.

        Sign one per response and never store it: it expires after ``presign_seconds``.
        """
        ...

    def check(self) -> None:
        """Return quickly if the bucket or folder is usable, else raise ``StorageUnavailable``."""
        ...

    def ensure_bucket(self) -> None:
        """Create the bucket (S3) or folder (local) if it does not exist yet."""
        ...
