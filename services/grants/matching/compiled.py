"""The compiled filing of a batch (_filing.pyx), where it is built and no older than its source.

`pip install -e .` builds it (pyproject.toml: ext-modules); `make` reinstalls when the source changes. Where it
is missing (no C compiler where the package was installed) or stale (the source edited since the build), an
import adds one record at a time instead: the same index, about four times slower. Each case is logged once.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def _compiled():
    try:
        from . import _filing
    except ImportError:
        log.warning("matching: the compiled filing (_filing.pyx) is not built, so imports add one record at a time")
        return None
    source, built = Path(__file__).with_name("_filing.pyx"), Path(_filing.__file__)
    if source.exists() and source.stat().st_mtime > built.stat().st_mtime:
        log.warning("matching: %s is older than its source; `make` (pip install -e .) rebuilds it", built.name)
        return None
    return _filing


FILING = _compiled()
