"""Security headers: a nonce-based policy on the pages, nothing-at-all on the JSON APIs."""

from __future__ import annotations

import re

from shared.config import load_settings
from shared.web.app import create_front_door
from tests.web.production import PRODUCTION, PROVIDER

_NONCE = re.compile(r"'nonce-([^']+)'")


def nonce_of(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    script, style = (_NONCE.fullmatch(policy[name].split()[-1]).group(1) for name in ("script-src", "style-src"))
    assert script == style
    return script


def test_each_page_gets_its_own_nonce_and_only_its_nonced_style_runs(front_door):
    client = front_door.test_client()

    first, second = client.get("/"), client.get("/")

    nonce = nonce_of(first)
    assert nonce != nonce_of(second) and len(nonce) >= 16
    assert f'<style nonce="{nonce}">' in first.text
    assert re.findall(r"<(?:style|script)\b[^>]*>", first.text) == [f'<style nonce="{nonce}">']
    policy = first.headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy


def test_pages_may_not_be_framed_sniffed_or_cached(front_door):
    page = front_door.test_client().get("/")

    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in page.headers  # plain http on loopback: the embedded default


def test_error_pages_carry_the_same_policy(front_door):
    missing = front_door.test_client().get("/no-such-page")

    assert missing.status_code == 404 and "Page not found" in missing.text
    assert f'<style nonce="{nonce_of(missing)}">' in missing.text


def test_in_production_pages_are_https_only_with_hsts(tmp_path):
    environment = {**PRODUCTION, **PROVIDER, "SAFERGRANTS_VAR_DIR": str(tmp_path), "BASE_URL": "https://sg.example"}
    client = create_front_door(load_settings(environment)).test_client()

    plain = client.get("/", base_url="http://sg.example")
    secure = client.get("/", base_url="https://sg.example")

    assert plain.status_code == 302 and plain.headers["Location"].startswith("https://sg.example/")
    max_age, *options = secure.headers["Strict-Transport-Security"].split("; ")
    assert int(max_age.removeprefix("max-age=")) >= 365 * 24 * 3600 and options == ["includeSubDomains"]
    # Signing out redirects to the provider's sign-out page, so forms may go there too.
    assert "form-action 'self' https://login.example" in secure.headers["Content-Security-Policy"]


def test_api_answers_allow_nothing_to_run_frame_or_leak(settings, service_client):
    grants = service_client(settings, "grants")

    for response in (grants.get("/healthz"), grants.get("/rounds"), grants.get("/openapi.json")):
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
