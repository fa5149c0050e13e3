"""How the S3 adapter talks to S3: building boto3 clients, and turning botocore's errors into the port's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

from shared.config import S3Settings
from shared.storage.port import ObjectNotFound, StorageUnavailable

CONNECT_TIMEOUT = 3.0
_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
# No usable answer from the service: refused, reset, timed out, or no credentials to sign with.
_NO_ANSWER = (BotoConnectionError, HTTPClientError, NoCredentialsError)


def make_s3_client(settings: S3Settings, *, read_timeout: float, attempts: int) -> Any:
    """A boto3 S3 client for ``settings``, with bounded timeouts and ``attempts`` tries per call."""
    config = Config(
        region_name=settings.region,
        signature_version="s3v4",
        # Path style works with every S3-compatible service and with bucket names containing dots.
        s3={"addressing_style": "path"},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=read_timeout,
        retries={"max_attempts": attempts, "mode": "standard"},
    )
    # A session per client: boto3's default session is not safe to share between threads.
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.endpoint_url or None,
        # Empty means the default chain (environment, instance or task role), as in production on AWS.
        aws_access_key_id=settings.access_key_id or None,
        aws_secret_access_key=settings.secret_access_key or None,
        config=config,
    )


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def translated_errors(key: str = "") -> Iterator[None]:
    """Raise ``ObjectNotFound`` and ``StorageUnavailable`` for botocore's equivalents.

    Callers then handle one set of errors whichever adapter is configured.
    """
    try:
        yield
    except ClientError as error:
        if error_code(error) in _NOT_FOUND:
            raise ObjectNotFound(key) from error
        if error_code(error) == "NoSuchBucket":
            raise StorageUnavailable(f"no such bucket: {error}") from error
        raise
    except _NO_ANSWER as error:
        raise StorageUnavailable(str(error)) from error
