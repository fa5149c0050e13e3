"""What the embedded mode scans with when no CLAMD_URL is set (docs/configuration.md)."""

from __future__ import annotations

import io

from shared.scanning.clamd import ClamdScanner
from shared.scanning.daemon import eicar
from shared.scanning.embedded import start_embedded_clamd
from tests.evidence import files


def test_a_configured_clamd_is_used_as_it_is(make_settings):
    settings = make_settings(CLAMD_URL="tcp://clamav:3310")

    assert start_embedded_clamd(settings) == (settings, None)


def test_production_never_starts_a_clamd_of_its_own(make_settings):
    settings = make_settings(
        SAFERGRANTS_ENV="production", SECRET_KEY="x" * 40, OIDC_ISSUER="https://id.example", FINANCE_EMAIL="f@x.example"
    )

    assert start_embedded_clamd(settings) == (settings, None)


def test_without_signatures_the_embedded_clamd_knows_only_the_eicar_test_file(make_settings, tmp_path, caplog):
    settings, daemon = start_embedded_clamd(make_settings(CLAMAV_DATABASE_DIR=str(tmp_path / "no-signatures")))
    try:
        daemon.wait_until_ready(timeout=30)
        scanner = ClamdScanner(settings.evidence.clamd_url)

        assert settings.evidence.clamd_url == daemon.url
        assert scanner.scan(io.BytesIO(eicar())).infected
        assert not scanner.scan(io.BytesIO(files.pdf())).infected
        assert "EICAR TEST signature" in caplog.text
    finally:
        daemon.stop()
