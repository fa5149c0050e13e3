"""Rate limits on sign-in, token issue and uploads; with Redis, every process shares one count."""

from __future__ import annotations

import secrets

import pytest
import redis

from shared.auth.dev_identity import demo_principal, demo_token
from tests.web.browser import bearer, csrf_token

REDIS_URL = "redis://127.0.0.1:6379/9"


def press_sign_in(client, role: str = "admin"):
    return client.post("/sign-in/development", data={"role": role, "csrf_token": csrf_token(client)})


def assert_retry_after_a_minute_at_most(response) -> None:
    assert response.status_code == 429
    assert 0 <= int(response.headers["Retry-After"]) <= 60


def test_the_eleventh_sign_in_within_a_minute_is_refused_with_a_page_saying_when_to_retry(front_door):
    client = front_door.test_client()
    for _ in range(10):
        assert press_sign_in(client).status_code == 302

    refused = press_sign_in(client)

    assert_retry_after_a_minute_at_most(refused)
    assert "You have tried too many times" in refused.text and refused.mimetype == "text/html"


def test_sign_in_attempts_are_counted_per_client_address(front_door):
    client = front_door.test_client()
    for _ in range(10):
        press_sign_in(client)

    elsewhere = front_door.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.44"

    assert press_sign_in(elsewhere).status_code == 302


def test_the_eleventh_token_request_within_a_minute_gets_a_problem(front_door):
    client = front_door.test_client()
    for _ in range(10):
        assert client.post("/api/token", json={"role": "auditor"}).status_code == 200

    refused = client.post("/api/token", json={"role": "auditor"})

    assert_retry_after_a_minute_at_most(refused)
    assert refused.headers["Content-Type"] == "application/problem+json" and refused.json["status"] == 429


def test_evidence_uploads_are_limited_per_signed_in_user(settings, service_client):
    bids = service_client(settings, "bids")
    officer = bearer(demo_token(settings, demo_principal("csp_officer")))
    other = bearer(demo_token(settings, demo_principal("csp_officer", "charnwood")))
    upload = "/bids/no-such-bid/evidence"
    for _ in range(30):
        assert bids.post(upload, headers=officer).status_code != 429

    refused = bids.post(upload, headers=officer)

    assert_retry_after_a_minute_at_most(refused)
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert "too many requests" in refused.json["detail"]
    assert bids.post(upload, headers=other).status_code != 429
    assert bids.get("/bids/no-such-bid/evidence", headers=officer).status_code != 429  # reading is not limited


@pytest.fixture
def redis_storage() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not running on 127.0.0.1:6379 (infra/dev/ensure-test-services.sh starts it): {error}")
    return REDIS_URL


def test_with_redis_storage_two_processes_share_one_count(make_front_door, redis_storage):
    # Two front doors are two gunicorn workers (or replicas): each would allow 10 if it counted alone.
    first, second = (make_front_door(RATE_LIMIT_STORAGE_URI=redis_storage).test_client() for _ in range(2))
    address = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"  # counts from earlier runs do not apply
    for client in (first, second):
        client.environ_base["REMOTE_ADDR"] = address
    for client in [first, second] * 5:
        assert press_sign_in(client).status_code == 302

    assert_retry_after_a_minute_at_most(press_sign_in(first))
    assert_retry_after_a_minute_at_most(press_sign_in(second))
