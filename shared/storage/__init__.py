"""Evidence file storage: the ``EvidenceStore`` port, its adapters, and the factory that picks one.

``S3EvidenceStore`` lives in ``shared.storage.s3`` and is not imported here, so that importing this
package does not import boto3.
"""

from shared.storage.factory import make_evidence_store
from shared.storage.local import LocalEvidenceStore
from shared.storage.port import (
    DownloadLinkExpired,
    DownloadLinkInvalid,
    EvidenceStore,
    InvalidKey,
    ListedObject,
    ObjectNotFound,
    StorageUnavailable,
    StoredObject,
)

__all__ = [
    "DownloadLinkExpired",
    "DownloadLinkInvalid",
    "EvidenceStore",
    "InvalidKey",
    "ListedObject",
    "LocalEvidenceStore",
    "ObjectNotFound",
    "StorageUnavailable",
    "StoredObject",
    "make_evidence_store",
]
