"""The security log: refused sign-ins and refused operations, one JSON object per line.

JSON encoding escapes newlines and control characters, so a crafted header or claim cannot start a
forged line. What is logged and for how long: docs/audit.md.
"""

from __future__ import annotations

import json
import logging

from shared.clock import utcnow
from shared.context import client_address, correlation_id

log = logging.getLogger("safergrants.security")


def security_event(kind: str, **fields) -> None:
    record = {
        "at": utcnow().isoformat(),
        "event": kind,
        "client_address": client_address(),
        "correlation_id": correlation_id(),
        **fields,
    }
    log.warning(json.dumps(record, ensure_ascii=True, default=str, sort_keys=True))
