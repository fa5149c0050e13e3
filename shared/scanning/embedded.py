"""The embedded mode's virus scanner when ``CLAMD_URL`` is not set: a private clamd, if ClamAV is installed.

It reads the machine's signatures (``CLAMAV_DATABASE_DIR``, Debian's freshclam keeps them in
/var/lib/clamav). Where there are none, because freshclam cannot reach its mirrors, it falls back to a
test signature that knows only the EICAR test file, and says so loudly: the demo then shows the whole
quarantine-scan-release path, but real malware would pass. Production never comes here: it must set
``CLAMD_URL``, and without it files stay "scanning" and can never be downloaded.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from shared.config import Settings
from shared.scanning.daemon import ClamdProcess, clamd_installed, has_signatures, write_eicar_database

log = logging.getLogger(__name__)


def start_embedded_clamd(settings: Settings) -> tuple[Settings, ClamdProcess | None]:
    """Settings naming the private clamd it started (or the same settings and None)."""
    evidence = settings.evidence
    if evidence.clamd_url or settings.production:
        return settings, None
    if not clamd_installed():
        log.warning(
            "ClamAV is not installed and CLAMD_URL is not set: uploaded evidence stays 'scanning' and cannot be "
            "downloaded. Install Debian's clamav and clamav-daemon, or point CLAMD_URL at a clamd."
        )
        return settings, None
    database = evidence.clamav_database_dir
    if not has_signatures(database):
        database = write_eicar_database(settings.var_dir / "clamav" / "test-signatures")
        log.warning(
            "No ClamAV signatures in %s: the embedded clamd knows only the EICAR TEST signature, so it finds no "
            "real malware. Run freshclam (or set CLAMAV_DATABASE_DIR) for real scanning.",
            evidence.clamav_database_dir,
        )
    daemon = ClamdProcess(settings.var_dir / "clamav", database, evidence.max_file_bytes).start()
    log.info("started a private clamd on %s", daemon.socket)
    return settings.with_overrides(evidence=replace(evidence, clamd_url=daemon.url)), daemon
