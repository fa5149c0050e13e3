"""`safergrants run`: serve the embedded system on one port until Ctrl-C."""

from __future__ import annotations

import logging

from waitress import create_server

from services.embedded import build_embedded
from shared.config import SERVICES, Settings
from shared.identity import DEMO_USERS, issue_token

log = logging.getLogger(__name__)


def serve(settings: Settings, host: str, port: int, seed: bool = True) -> None:
    system = build_embedded(settings, seed=seed)
    system.start_background()
    server = create_server(system.wsgi(), host=host, port=port, threads=8, ident="SaferGrants")
    base = f"http://{host}:{server.effective_port}"
    _print_welcome(settings, base)
    try:
        server.run()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.close()
        system.shutdown()
        print("SaferGrants stopped. Data is kept in", settings.var_dir, flush=True)


def _print_welcome(settings: Settings, base: str) -> None:
    lines = ["", "SaferGrants is running (embedded mode: SQLite, local folders, in-process events).", ""]
    lines += [f"  {name:<14} {base}/{name}/   API spec: {base}/{name}/openapi.json" for name in SERVICES]
    lines += [
        f"  {'events':<14} {base}/events/asyncapi.json",
        "",
        f"  data in {settings.var_dir}/   emails in {settings.mail.folder}/",
        "",
        "Tokens for the demo users (send as 'Authorization: Bearer <token>'):",
    ]
    for role, principal in DEMO_USERS.items():
        where = f" ({principal.csp_id})" if principal.csp_id else ""
        lines.append(f"  {role}{where}:\n    {issue_token(settings.secret_key, principal)}")
    lines += ["", "Ready. Press Ctrl-C to stop.", ""]
    print("\n".join(lines), flush=True)
