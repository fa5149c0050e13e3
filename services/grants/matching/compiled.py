"""The index's compiled modules, where they are built, and built from the source beside them.

- FILING (_filing.pyx) files a batch of records at once: without it an import adds one record at a time, the
  same index at about half the rate.
- READING (_reading.pyx) reads the thousands of records a check finds: without it Store.dot reads each one.

`pip install -e .` builds both (setup.py); `make` reinstalls when a source changes. Where one is missing (no C
compiler where the package was installed) or stale (its source changed since the build), it is None here and
the Python path runs instead; each case is logged when the module loads.
"""

from __future__ import annotations

import hashlib
import logging
from importlib import import_module
from pathlib import Path

log = logging.getLogger(__name__)


def _compiled(module: str, without: str):
    try:
        built = import_module(f"{__package__}.{module}")
    except ImportError:
        log.warning("matching: %s.pyx is not compiled, so %s", module, without)
        return None
    source = Path(__file__).with_name(f"{module}.pyx")
    if source.exists() and hashlib.sha256(source.read_bytes()).hexdigest() != getattr(built, "SOURCE_SHA256", ""):
        log.warning("matching: the compiled %s was built from another %s.pyx; `make` rebuilds it", module, module)
        return None
    return built


FILING = _compiled("_filing", "imports add one record at a time")
READING = _compiled("_reading", "checks read each record they find in Python")
