"""Evidence in an S3-compatible bucket: AWS S3 in production, SeaweedFS in tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from functools import cached_property
from typing import Any, BinaryIO

from botocore.exceptions import BotoCoreError, ClientError

from shared.config import S3Settings
from shared.storage.port import ListedObject, ObjectNotFound, StorageUnavailable, StoredObject, validate_key
from shared.storage.s3_client import CONNECT_TIMEOUT, make_s3_client, translated_errors
from shared.storage.transfer import HashingReader, attachment_disposition

# Parts bound the memory of an upload; S3 needs at least 5 MiB for every part but the last.
PART_SIZE = 8 * 1024 * 1024


class S3EvidenceStore:
    """``EvidenceStore`` on one S3 bucket. Clients are built on first use, never at import or construction."""

    def __init__(self, settings: S3Settings, part_size: int = PART_SIZE) -> None:
        self._settings = settings
        self._bucket = settings.bucket
        self._part_size = part_size

    @cached_property
    def _s3(self) -> Any:
        # Parts of several MiB can take a while on a slow link: be patient with reads, retry a little.
        return make_s3_client(self._settings, read_timeout=30.0, attempts=3)

    @cached_property
    def _probe(self) -> Any:
        # Readiness checks must answer within seconds, so no retries and a short read timeout.
        return make_s3_client(self._settings, read_timeout=CONNECT_TIMEOUT, attempts=1)

    def put(self, key: str, stream: BinaryIO, content_type: str) -> StoredObject:
        validate_key(key)
        reader = HashingReader(stream)
        with translated_errors(key):
            self._upload(key, reader, content_type)
        return StoredObject(key, reader.size_bytes, reader.sha256, content_type)

    def _upload(self, key: str, reader: HashingReader, content_type: str) -> None:
        part = reader.read_exactly(self._part_size)
        if len(part) < self._part_size:
            # Most evidence fits in one part: one request, and nothing to clean up if it fails.
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=part, ContentType=content_type)
            return
        target = {"Bucket": self._bucket, "Key": key}
        upload_id = self._s3.create_multipart_upload(**target, ContentType=content_type)["UploadId"]
        try:
            done: list[dict[str, Any]] = []
            while part:
                number = len(done) + 1
                sent = self._s3.upload_part(**target, UploadId=upload_id, PartNumber=number, Body=part)
                done.append({"ETag": sent["ETag"], "PartNumber": number})
                part = b""  # drop the sent part before reading the next: one part in memory at a time
                part = reader.read_exactly(self._part_size)
            self._s3.complete_multipart_upload(**target, UploadId=upload_id, MultipartUpload={"Parts": done})
        except BaseException:
            # Unfinished uploads are invisible but billed until aborted.
            with suppress(ClientError, BotoCoreError):
                self._s3.abort_multipart_upload(**target, UploadId=upload_id)
            raise

    def open(self, key: str) -> BinaryIO:
        with translated_errors(validate_key(key)):
            return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"]

    def delete(self, key: str) -> None:
        with translated_errors(validate_key(key)):
            self._s3.delete_object(Bucket=self._bucket, Key=key)

    def exists(self, key: str) -> bool:
        try:
            with translated_errors(validate_key(key)):
                self._s3.head_object(Bucket=self._bucket, Key=key)
        except ObjectNotFound:
            return False
        return True

    def move(self, src_key: str, dst_key: str) -> None:
        validate_key(dst_key)
        with translated_errors(validate_key(src_key)):
            source = {"Bucket": self._bucket, "Key": src_key}
            self._s3.copy_object(Bucket=self._bucket, Key=dst_key, CopySource=source)
            self._s3.delete_object(**source)

    def listing(self, prefix: str) -> Iterator[ListedObject]:
        with translated_errors():
            pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket, Prefix=prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    yield ListedObject(item["Key"], item["Size"], item["LastModified"])

    def download_url(self, key: str, filename: str, content_type: str) -> str:
        params = {
            "Bucket": self._bucket,
            "Key": validate_key(key),
            "ResponseContentDisposition": attachment_disposition(filename),
            "ResponseContentType": content_type,
        }
        return self._signer.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=self._settings.presign_seconds
        )

    @cached_property
    def _signer(self) -> Any:
        # Browsers may reach S3 at another address than we do (compose: seaweedfs:8333 inside, localhost
        # outside). A presigned URL is signed for its host, so sign with the public endpoint when set.
        if not self._settings.public_endpoint_url:
            return self._s3
        public = replace(self._settings, endpoint_url=self._settings.public_endpoint_url)
        return make_s3_client(public, read_timeout=CONNECT_TIMEOUT, attempts=1)

    def check(self) -> None:
        try:
            with translated_errors():
                self._probe.head_bucket(Bucket=self._bucket)
        except (ObjectNotFound, ClientError) as error:
            raise StorageUnavailable(f"bucket {self._bucket!r} is not usable: {error}") from error

    def ensure_bucket(self) -> None:
        if self._has_bucket():
            return
        options: dict[str, Any] = {}
        if self._settings.region != "us-east-1":
            # AWS refuses an explicit us-east-1 constraint and requires one everywhere else.
            options["CreateBucketConfiguration"] = {"LocationConstraint": self._settings.region}
        with suppress(self._s3.exceptions.BucketAlreadyOwnedByYou), translated_errors():
            self._s3.create_bucket(Bucket=self._bucket, **options)

    def _has_bucket(self) -> bool:
        try:
            with translated_errors():
                self._s3.head_bucket(Bucket=self._bucket)
        except ObjectNotFound:
            return False
        return True
