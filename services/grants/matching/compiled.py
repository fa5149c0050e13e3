"""The compiled filing of a batch (_filing.pyx), where it is built, and built from the source beside it.

`pip install -e .` builds it (setup.py); `make` reinstalls when the source changes. Where it is missing (no C
compiler where the package was installed) or stale (the source changed since the build), an import adds one
record at a time instead: the same index, at about half the rate. Each case is logged when the module loads.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def _compiled():
    try:
        from . import _filing
    except ImportError:
        log.warning("matching: the compiled filing (_filing.pyx) is not built, so imports add one record at a time")
        return None
    source = Path(__file__).with_name("_filing.pyx")
    if source.exists() and hashlib.sha256(source.read_bytes()).hexdigest() != getattr(_filing, "SOURCE_SHA256", ""):
        log.warning("matching: the compiled filing was built from another _filing.pyx; `make` rebuilds it")
        return None
    return _filing


FILING = _compiled()
