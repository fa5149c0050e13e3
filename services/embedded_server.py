"""`safergrants run`: serve the embedded system on one port until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import logging
import signal

from waitress import create_server

from services.embedded import EmbeddedSystem, build_embedded
from shared.auth.dev_identity import DEMO_USERS, demo_token
from shared.config import SERVICES, Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, host: str, port: int, seed: bool = True) -> None:
    # A supervisor's or `docker stop`'s SIGTERM stops as cleanly as Ctrl-C does.
    previous = {signum: signal.signal(signum, handler) for signum, handler in _STOP_HANDLERS.items()}
    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("alembic").setLevel(logging.WARNING)  # keep the welcome text readable
    system: EmbeddedSystem | None = None
    server = None
    try:
        system = build_embedded(settings, seed=seed)
        system.start_background()
        try:
            server = create_server(system.wsgi(), host=host, port=port, threads=8, ident="SaferGrants")
        except OSError as error:
            reason = error.strerror or error
            raise SystemExit(f"Cannot listen on {host}:{port} ({reason}): set PORT to a free port.") from None
        _print_welcome(settings, f"http://{host}:{server.effective_port}")
        server.run()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        # A second Ctrl-C while stopping must not turn a clean stop into a traceback.
        for signum in previous:
            signal.signal(signum, signal.SIG_IGN)
        if server is not None:
            server.close()
        if system is not None:
            system.shutdown()
            print("SaferGrants stopped. Data is kept in", settings.var_dir, flush=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


_STOP_HANDLERS = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: _interrupt}


def _print_welcome(settings: Settings, base: str) -> None:
    lines = ["", "SaferGrants is running (embedded mode: SQLite, local folders, in-process events).", ""]
    lines += [f"  Sign in:       {base}/   (choose a demo user; your account page shows an API token)", ""]
    lines += [f"  {name:<14} {base}/{name}/   API spec: {base}/{name}/openapi.json" for name in SERVICES]
    lines += [
        f"  {'events':<14} {base}/events/asyncapi.json",
        "",
        f"  data in {settings.var_dir}/   emails in {settings.mail.folder}/",
        "",
        "Tokens for the demo users (send as 'Authorization: Bearer <token>'):",
    ]
    for role, principal in DEMO_USERS.items():
        if role == "provider_contributor":
            continue  # invited to one bid: `safergrants token --role provider_contributor --bid ID`
        where = f" ({principal.csp_id})" if principal.csp_id else ""
        lines.append(f"  {role}{where}:\n    {demo_token(settings, principal)}")
    lines += ["", "Ready. Press Ctrl-C to stop.", ""]
    print("\n".join(lines), flush=True)
