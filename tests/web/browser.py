"""What a person does in a browser on the front door, done through Flask's test client."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_TOKEN = re.compile(r'<pre class="app-token" id="api-token">([^<]+)</pre>')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token a form on the page carries, as a browser would submit it."""
    page = client.get(path)
    match = _CSRF.search(page.text)
    assert match, f"no form with a CSRF token on {path}: {page.status_code} {page.text[:300]}"
    return match.group(1)


def sign_in_as(client: FlaskClient, role: str):
    """Press 'Sign in as …' for the demo user with `role` on the sign-in page."""
    return client.post("/sign-in/development", data={"role": role, "csrf_token": csrf_token(client)})


def api_token_on(page_text: str) -> str:
    match = _TOKEN.search(page_text)
    assert match, "the account page shows no API token"
    return match.group(1).strip()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
