"""Evidence in a local folder, for the embedded mode and tests. Downloads go through a signed app URL."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from shared.storage.port import (
    CHUNK_SIZE,
    DownloadLinkExpired,
    DownloadLinkInvalid,
    InvalidKey,
    ListedObject,
    ObjectNotFound,
    StorageUnavailable,
    StoredObject,
    validate_key,
)
from shared.storage.transfer import HashingReader

DOWNLOAD_PATH = "/bids/evidence-downloads/"
_SALT = "evidence-download"


class LocalEvidenceStore:
    """``EvidenceStore`` on a folder. ``download_url`` returns a link to the app's download route,
    which calls ``resolve_download`` to learn what to serve, the way S3 checks a presigned URL."""

    def __init__(self, root: Path, secret_key: str, base_url: str, presign_seconds: int) -> None:
        self._root = Path(root)
        self._tokens = URLSafeTimedSerializer(secret_key, salt=_SALT)
        self._base_url = base_url.rstrip("/")
        self._presign_seconds = presign_seconds

    def _path(self, key: str) -> Path:
        root = self._root.resolve()
        path = (root / validate_key(key)).resolve()
        # validate_key already refuses ".."; this also catches a symlink inside the folder leading out.
        if not path.is_relative_to(root):
            raise InvalidKey(f"evidence key escapes the store: {key!r}")
        return path

    def put(self, key: str, stream: BinaryIO, content_type: str) -> StoredObject:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        reader = HashingReader(stream)
        # A temporary file in the same folder, renamed into place: readers see the old file or the
        # whole new one, never a half-written one, and a crash leaves only a hidden temp file.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                shutil.copyfileobj(reader, handle, CHUNK_SIZE)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return StoredObject(key, reader.size_bytes, reader.sha256, content_type)

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as error:
            raise ObjectNotFound(key) from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def move(self, src_key: str, dst_key: str) -> None:
        src, dst = self._path(src_key), self._path(dst_key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(src, dst)
        except FileNotFoundError as error:
            raise ObjectNotFound(src_key) from error

    def listing(self, prefix: str) -> Iterator[ListedObject]:
        root = self._root.resolve()
        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self._path(folder) if folder else root
        for path in sorted(start.rglob("*")) if start.is_dir() else []:
            key = path.relative_to(root).as_posix()
            # Hidden files are uploads still being written (".upload-*"): not objects yet.
            if path.is_file() and not path.name.startswith(".") and key.startswith(prefix):
                stat = path.stat()
                yield ListedObject(key, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))

    def download_url(self, key: str, filename: str, content_type: str) -> str:
        payload = {"key": validate_key(key), "filename": filename, "content_type": content_type}
        return f"{self._base_url}{DOWNLOAD_PATH}{self._tokens.dumps(payload)}"

    def resolve_download(self, token: str, max_age: int | None = None) -> tuple[str, str, str]:
        """What a download token from ``download_url`` asks for: ``(key, filename, content_type)``.

        Raises ``DownloadLinkExpired`` once the token is older than ``max_age`` seconds (default
        ``presign_seconds``) and ``DownloadLinkInvalid`` if it was not signed by us or was altered.
        """
        age = self._presign_seconds if max_age is None else max_age
        try:
            payload = self._tokens.loads(token, max_age=age)
        except SignatureExpired as error:
            raise DownloadLinkExpired("this download link has expired") from error
        except BadSignature as error:
            raise DownloadLinkInvalid("this download link is not valid") from error
        try:
            return validate_key(payload["key"]), str(payload["filename"]), str(payload["content_type"])
        except (AttributeError, TypeError, KeyError, InvalidKey) as error:
            raise DownloadLinkInvalid("this download link is not valid") from error

    def check(self) -> None:
        if not self._root.is_dir() or not os.access(self._root, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"evidence folder {self._root} is missing or not writable")

    def ensure_bucket(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
