"""The evidence store contract, against a real SeaweedFS S3 endpoint and the local folder adapter."""

from __future__ import annotations

import hashlib
import io
import random
import socket
import time
import tracemalloc
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from shared.config import S3Settings, Settings
from shared.storage import (
    DownloadLinkExpired,
    DownloadLinkInvalid,
    EvidenceStore,
    InvalidKey,
    LocalEvidenceStore,
    ObjectNotFound,
    StorageUnavailable,
    make_evidence_store,
)
from shared.storage.s3 import S3EvidenceStore
from shared.storage.s3_client import make_s3_client
from shared.storage.transfer import attachment_disposition

MiB = 1024 * 1024
_BLOCK = random.Random(7).randbytes(MiB)
UNSAFE_KEYS = ["../outside.pdf", "quarantine/../../outside.pdf", "/etc/passwd", "", "a//b", "a/./b", "a\\b"]


class GeneratedFile:
    """A read-only file of ``size`` bytes made on demand, so the test never holds all of it."""

    def __init__(self, size: int, fail_after: int | None = None) -> None:
        self._remaining = size
        self._position = 0
        self._fail_after = fail_after

    def read(self, size: int = -1) -> bytes:
        size = self._remaining if size < 0 else min(size, self._remaining)
        if self._fail_after is not None and self._position + size > self._fail_after:
            raise ConnectionResetError("the browser went away mid-upload")
        start = self._position % MiB
        data = (_BLOCK * -(-(start + size) // MiB))[start : start + size]
        self._position += size
        self._remaining -= size
        return data

    @staticmethod
    def sha256_of(size: int) -> str:
        digest, source = hashlib.sha256(), GeneratedFile(size)
        while chunk := source.read(MiB):
            digest.update(chunk)
        return digest.hexdigest()


def new_key(folder: str = "quarantine") -> str:
    return f"{folder}/{uuid.uuid4()}/evidence.pdf"


def make_local_store(root: Path, **overrides: object) -> LocalEvidenceStore:
    options: dict = {"secret_key": "test-secret", "base_url": "http://bids.test", "presign_seconds": 60}
    return LocalEvidenceStore(root, **(options | overrides))


@pytest.fixture(scope="module")
def s3_store(s3_settings: S3Settings) -> S3EvidenceStore:
    store = S3EvidenceStore(s3_settings)
    store.ensure_bucket()
    return store


@pytest.fixture(params=["s3", "local"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> EvidenceStore:
    if request.param == "s3":
        return request.getfixturevalue("s3_store")
    return make_local_store(tmp_path / "evidence")


def test_put_then_open_gives_back_the_bytes_with_their_size_and_sha256(store: EvidenceStore) -> None:
    key, body = new_key(), b"%PDF-1.7 spend return evidence"
    stored = store.put(key, io.BytesIO(body), "application/pdf")
    with store.open(key) as stream:
        assert stream.read() == body
    assert (stored.key, stored.size_bytes, stored.content_type) == (key, len(body), "application/pdf")
    assert stored.sha256 == hashlib.sha256(body).hexdigest()


def test_a_large_upload_streams_with_memory_far_below_the_file_size(store: EvidenceStore) -> None:
    size, key = 48 * MiB, new_key()
    tracemalloc.start()
    try:
        stored = store.put(key, GeneratedFile(size), "application/pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size / 3, f"peak {peak / MiB:.1f} MiB for a {size / MiB:.0f} MiB upload"
    assert (stored.size_bytes, stored.sha256) == (size, GeneratedFile.sha256_of(size))
    digest = hashlib.sha256()
    with store.open(key) as stream:
        while chunk := stream.read(MiB):
            digest.update(chunk)
    assert digest.hexdigest() == stored.sha256


def test_a_failed_upload_leaves_no_object_behind(store: EvidenceStore) -> None:
    key = new_key()
    with pytest.raises(ConnectionResetError):
        store.put(key, GeneratedFile(20 * MiB, fail_after=12 * MiB), "application/pdf")
    assert not store.exists(key)


def test_an_interrupted_upload_leaves_no_unfinished_parts_or_temporary_files(
    s3_store: S3EvidenceStore, s3_settings: S3Settings, tmp_path: Path
) -> None:
    for store in (s3_store, make_local_store(tmp_path)):
        with pytest.raises(ConnectionResetError):
            store.put(new_key(), GeneratedFile(20 * MiB, fail_after=12 * MiB), "application/pdf")
    s3 = make_s3_client(s3_settings, read_timeout=5.0, attempts=1)
    assert s3.list_multipart_uploads(Bucket=s3_settings.bucket).get("Uploads", []) == []
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_move_puts_the_object_under_the_new_key_and_removes_the_old_one(store: EvidenceStore) -> None:
    source, target = new_key("quarantine"), new_key("clean")
    store.put(source, io.BytesIO(b"scanned"), "text/plain")
    store.move(source, target)
    assert not store.exists(source)
    with store.open(target) as stream:
        assert stream.read() == b"scanned"


def test_moving_or_opening_a_missing_object_says_it_is_not_found(store: EvidenceStore) -> None:
    with pytest.raises(ObjectNotFound):
        store.move(new_key(), new_key("clean"))
    with pytest.raises(ObjectNotFound):
        store.open(new_key())


def test_delete_removes_the_object_and_deleting_again_is_harmless(store: EvidenceStore) -> None:
    key = new_key()
    store.put(key, io.BytesIO(b"x"), "text/plain")
    store.delete(key)
    store.delete(key)
    assert not store.exists(key)


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_keys_that_could_escape_the_store_are_refused(store: EvidenceStore, key: str) -> None:
    with pytest.raises(InvalidKey):
        store.put(key, io.BytesIO(b"x"), "text/plain")
    with pytest.raises(InvalidKey):
        store.open(key)
    with pytest.raises(InvalidKey):
        store.download_url(key, "x.pdf", "application/pdf")


def test_check_passes_when_the_bucket_or_folder_is_there(store: EvidenceStore) -> None:
    store.ensure_bucket()
    store.check()


def test_presigned_url_downloads_the_file_as_an_attachment(s3_store: S3EvidenceStore) -> None:
    key, filename = new_key(), "Évaluation report 2026.pdf"
    s3_store.put(key, io.BytesIO(b"%PDF report"), "application/pdf")
    response = requests.get(s3_store.download_url(key, filename, "application/pdf"), timeout=5)
    assert response.status_code == 200
    assert response.content == b"%PDF report"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == attachment_disposition(filename)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="Evaluation report')


@pytest.mark.usefixtures("s3_store")  # creates the bucket
def test_download_links_are_signed_for_the_public_endpoint_when_browsers_use_another_address(
    s3_settings: S3Settings,
) -> None:
    public = s3_settings.endpoint_url.replace("127.0.0.1", "localhost")
    store = S3EvidenceStore(replace(s3_settings, public_endpoint_url=public))
    key = new_key()
    store.put(key, io.BytesIO(b"quote"), "text/plain")
    url = store.download_url(key, "quote.txt", "text/plain")
    assert urlsplit(url).hostname == "localhost"
    assert requests.get(url, timeout=5).content == b"quote"


@pytest.mark.usefixtures("s3_store")  # creates the bucket
def test_presigned_url_is_refused_once_it_has_expired(s3_settings: S3Settings) -> None:
    store = S3EvidenceStore(replace(s3_settings, presign_seconds=1))
    key = new_key()
    store.put(key, io.BytesIO(b"short-lived"), "text/plain")
    url = store.download_url(key, "a.txt", "text/plain")
    assert requests.get(url, timeout=5).status_code == 200
    time.sleep(2.5)
    refused = requests.get(url, timeout=5)
    assert refused.status_code == 403
    assert "expired" in refused.text


def test_presigned_url_with_an_altered_signature_or_filename_is_refused(s3_store: S3EvidenceStore) -> None:
    key = new_key()
    s3_store.put(key, io.BytesIO(b"private"), "text/plain")
    url = s3_store.download_url(key, "a.txt", "text/plain")
    assert requests.get(url, timeout=5).status_code == 200
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    for name, value in [("X-Amz-Signature", "0" * 64), ("response-content-disposition", "inline")]:
        refused = requests.get(urlunsplit(parts._replace(query=urlencode(query | {name: value}))), timeout=5)
        assert refused.status_code == 403
        assert "SignatureDoesNotMatch" in refused.text


def test_ensure_bucket_creates_a_missing_bucket_and_can_be_repeated(s3_settings: S3Settings) -> None:
    store = S3EvidenceStore(replace(s3_settings, bucket=f"fresh-{uuid.uuid4().hex[:12]}"))
    with pytest.raises(StorageUnavailable):
        store.check()
    store.ensure_bucket()
    store.ensure_bucket()
    store.check()


def test_check_gives_up_within_seconds_when_nothing_listens(s3_settings: S3Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = S3EvidenceStore(replace(s3_settings, endpoint_url=f"http://127.0.0.1:{port}"))
    started = time.monotonic()
    with pytest.raises(StorageUnavailable):
        store.check()
    assert time.monotonic() - started < 5


def test_check_fails_when_the_local_folder_is_missing(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailable):
        make_local_store(tmp_path / "never-created").check()


def test_local_download_link_names_the_key_filename_and_content_type(tmp_path: Path) -> None:
    store, key = make_local_store(tmp_path), new_key()
    url = store.download_url(key, "Évaluation.pdf", "application/pdf")
    assert url.startswith("http://bids.test/bids/evidence-downloads/")
    token = url.rsplit("/", 1)[1]
    assert store.resolve_download(token) == (key, "Évaluation.pdf", "application/pdf")


def test_local_download_link_is_refused_once_it_has_expired(tmp_path: Path) -> None:
    store = make_local_store(tmp_path, presign_seconds=1)
    token = store.download_url(new_key(), "a.pdf", "application/pdf").rsplit("/", 1)[1]
    time.sleep(2.1)
    with pytest.raises(DownloadLinkExpired):
        store.resolve_download(token)


def test_local_download_link_that_was_altered_or_signed_elsewhere_is_refused(tmp_path: Path) -> None:
    store = make_local_store(tmp_path)
    token = store.download_url(new_key(), "a.pdf", "application/pdf").rsplit("/", 1)[1]
    forged = make_local_store(tmp_path, secret_key="someone-else").download_url(new_key(), "a.pdf", "x/y")
    # Alter the signed payload, not the signature's last character: its spare base64 bits may not count.
    altered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    for bad in [altered, forged.rsplit("/", 1)[1]]:
        with pytest.raises(DownloadLinkInvalid):
            store.resolve_download(bad)


def test_factory_uses_s3_when_configured_and_the_local_folder_otherwise(
    s3_settings: S3Settings, tmp_path: Path
) -> None:
    assert isinstance(make_evidence_store(Settings(s3=s3_settings)), S3EvidenceStore)
    local = make_evidence_store(Settings(evidence_dir=tmp_path, s3=S3Settings()))
    assert isinstance(local, LocalEvidenceStore)


def test_download_filename_cannot_smuggle_quotes_or_folders_into_the_header() -> None:
    assert attachment_disposition('C:\\fakepath\\my "final".pdf') == (
        "attachment; filename=\"my _final_.pdf\"; filename*=UTF-8''my%20%22final%22.pdf"
    )


def test_listing_names_each_object_under_a_prefix_with_its_size_and_when_it_was_written(store: EvidenceStore) -> None:
    folder = f"quarantine/{uuid.uuid4()}"
    for name, body in (("a", b"one"), ("b", b"three")):
        store.put(f"{folder}/{name}", io.BytesIO(body), "application/pdf")
    store.put(f"evidence/{uuid.uuid4()}/elsewhere", io.BytesIO(b"x"), "application/pdf")

    listed = sorted(store.listing(f"{folder}/"), key=lambda item: item.key)

    assert [(item.key, item.size_bytes) for item in listed] == [(f"{folder}/a", 3), (f"{folder}/b", 5)]
    assert all(abs((datetime.now(UTC) - item.modified_at).total_seconds()) < 120 for item in listed)
    assert list(store.listing(f"quarantine/{uuid.uuid4()}/")) == []
