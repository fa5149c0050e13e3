"""Where log lines go: stderr, one line per record, for the process supervisor or platform to keep.

The CLI sets this up for every command; a web app also calls it from its factory, because gunicorn
imports the factory in a fresh process where nothing has configured logging and INFO would be dropped.
"""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(verbose: bool = False) -> None:
    """Idempotent: a process that already has handlers (the CLI, pytest) keeps them."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format=FORMAT)
