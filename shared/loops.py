"""Background loops for relays and senders: keep going through errors, stop promptly when asked."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def run_until_stopped(
    stop: threading.Event,
    work: Callable[[], object],
    idle_seconds: float,
    wake: threading.Event | None = None,
    name: str = "loop",
) -> None:
    """Call `work` repeatedly; when it reports nothing done, wait up to `idle_seconds` (or until woken)."""
    while not stop.is_set():
        try:
            done = work()
        except Exception:  # noqa: BLE001 - a loop that dies silently would lose the system's pulse
            log.exception("%s failed; trying again shortly", name)
            done = 0
        if done:
            continue
        if wake is not None:
            wake.wait(idle_seconds)
            wake.clear()
        else:
            stop.wait(idle_seconds)


def start_thread(
    stop: threading.Event,
    work: Callable[[], object],
    idle_seconds: float,
    name: str,
    wake: threading.Event | None = None,
) -> threading.Thread:
    thread = threading.Thread(
        target=run_until_stopped, args=(stop, work, idle_seconds, wake, name), name=name, daemon=True
    )
    thread.start()
    return thread
