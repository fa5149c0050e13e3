"""What every refusal looks like: an RFC 9457 problem, with one message per field at fault."""

from __future__ import annotations

PROBLEM_JSON = "application/problem+json"


def assert_problem(response, status: int, fields: dict[str, str]) -> None:
    """An RFC 9457 problem with exactly these fields listed, each with its own message."""
    assert response.status_code == status
    assert response.mimetype == PROBLEM_JSON
    assert response.json["status"] == status
    assert response.json["detail"]
    assert {e["field"]: e["detail"] for e in response.json["errors"]} == fields
