"""Chooses the virus scanner from settings: the clamd at ``CLAMD_URL``, or none at all."""

from __future__ import annotations

from shared.config import EvidenceSettings
from shared.scanning.port import Scanner


def make_scanner(settings: EvidenceSettings) -> Scanner | None:
    """None means no scanner is configured: files then stay "scanning" and can never be downloaded."""
    if not settings.clamd_url:
        return None
    from shared.scanning.clamd import ClamdScanner

    return ClamdScanner(settings.clamd_url, settings.clamd_timeout)
