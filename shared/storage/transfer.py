"""What every adapter (and the local download route) shares about moving bytes and naming downloads."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import BinaryIO
from urllib.parse import quote

from shared.storage.port import CHUNK_SIZE

_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9 ._()+-]")


class HashingReader:
    """Wraps a binary stream and counts and hashes every byte read through it.

    Lets an upload measure size and SHA-256 in the same single pass that writes the bytes out,
    so the file is never buffered whole.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._sha256 = hashlib.sha256()
        self.size_bytes = 0

    def read(self, size: int | None = CHUNK_SIZE) -> bytes:
        # A bounded default: copy loops that call read() with no size must not slurp the file.
        chunk = self._stream.read(CHUNK_SIZE if size is None or size < 0 else size)
        self._sha256.update(chunk)
        self.size_bytes += len(chunk)
        return chunk

    def read_exactly(self, size: int) -> bytes:
        """Up to ``size`` bytes, shorter only at end of stream (plain ``read`` may return less early)."""
        # Files and spooled uploads return it all in one read: no joining, so no second copy in memory.
        first = self.read(size)
        if len(first) == size or not first:
            return first
        parts = [first]
        wanted = size - len(first)
        while wanted > 0:
            chunk = self.read(wanted)
            if not chunk:
                break
            parts.append(chunk)
            wanted -= len(chunk)
        return b"".join(parts)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()


def attachment_disposition(filename: str) -> str:
    """A ``Content-Disposition`` header value that makes browsers save the file as ``filename``.

    Carries an ASCII fallback for old clients and the exact UTF-8 name (RFC 6266 / RFC 8187).
    Any folder part is dropped: browsers send ``C:\\fakepath\\name`` and names must not carry paths.
    """
    name = re.split(r"[\\/]", filename)[-1].strip() or "download"
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C") or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = _NOT_ASCII_SAFE.sub("_", ascii_name).strip(" .") or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
