"""Chooses the evidence store from settings: S3 when configured, else a folder under ``evidence_dir``."""

from __future__ import annotations

from shared.config import Settings
from shared.storage.local import LocalEvidenceStore
from shared.storage.port import EvidenceStore


def make_evidence_store(settings: Settings) -> EvidenceStore:
    if settings.s3.enabled:
        # Imported here so the embedded mode never pays for importing boto3 (about 0.3 s).
        from shared.storage.s3 import S3EvidenceStore

        return S3EvidenceStore(settings.s3)
    return LocalEvidenceStore(
        settings.evidence_dir,
        secret_key=settings.secret_key,
        base_url=settings.base_url,
        presign_seconds=settings.s3.presign_seconds,
    )
