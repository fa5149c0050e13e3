"""RFC 9457 problem details for every 4xx and 5xx, with a message per invalid field.

Messages are written for a person, in GOV.UK style, because pages will show them verbatim.
werkzeug's own headers (`Allow`, `WWW-Authenticate`, `Retry-After`) are kept.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import quote

import marshmallow as ma
from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from shared.context import correlation_id

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://safergrants.local/problems/"

_FRIENDLY = {
    "Unknown field.": "Remove this field: it is not recognised",
    "Missing data for required field.": "Enter a value for this field",
    "Field may not be null.": "Enter a value for this field",
    "Not a valid integer.": "Enter a whole number",
    "Not a valid string.": "Enter text",
    "Not a valid list.": "Enter a list of values",
    "Not a valid date.": "Enter a real date, like 2026-04-01",
    "Invalid JSON body.": "Send the request body as valid JSON",
    "Invalid input type.": "Send the request body as a JSON object",
}


def listed(words: Sequence[str]) -> str:
    """Several things in one message as a person writes them: "pot", "pot and dates", "rules, pot and dates"."""
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


class FieldErrorSchema(ma.Schema):
    """What is wrong with one field, in words a page can show beside it."""

    field = ma.fields.String(metadata={"description": "The field's name; empty for the body as a whole"})
    pointer = ma.fields.String(metadata={"description": "A JSON Pointer (RFC 6901) to the value, as a URI fragment"})
    detail = ma.fields.String(metadata={"description": "What to do about it, for a person"})


class ProblemSchema(ma.Schema):
    """Documents the problem+json body (RFC 9457)."""

    type = ma.fields.String(metadata={"description": "A URI identifying the kind of problem"})
    title = ma.fields.String(metadata={"description": "A short summary of the kind of problem"})
    status = ma.fields.Integer(metadata={"description": "The HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong this time, for a person"})
    instance = ma.fields.String(metadata={"description": "The request path"})
    correlation_id = ma.fields.String()
    errors = ma.fields.List(
        ma.fields.Nested(FieldErrorSchema),
        metadata={"description": "One entry per invalid field"},
    )


class DomainProblem(Exception):
    """A business rule said no. Raised by domain code; the app turns it into problem+json."""

    def __init__(
        self, detail: str, status: int = 422, errors: Mapping[str, str] | None = None, kind: str = "rule-broken"
    ):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.errors = dict(errors or {})
        self.kind = kind


def field_errors(messages: Mapping) -> list[dict[str, str]]:
    """Flatten marshmallow/webargs messages ({"json": {"amount": ["..."]}}) into one entry per field.

    The first message for a question wins, so a form shows one line against it, as the GOV.UK pattern asks.
    A list of plain values is one question (a priority's checkboxes); each row of a list of objects is a
    question of its own (two wrong budget lines are two errors, each with its pointer, under the one field).
    """
    found: dict[str, dict[str, str]] = {}
    for segments, message in _leaves(messages, ()):
        if segments and segments[0] in _LOCATIONS:
            segments = segments[1:]
        segments = tuple(s for s in segments if s != "_schema")  # marshmallow's key for the whole body
        if len(segments) > 2 and segments[-1] in ("key", "value"):
            segments = segments[:-1]  # a Dict field's error is about the entry, at the entry's own pointer
        field = segments[0] if segments else ""
        pointer = "#" + "".join("/" + _pointer_token(s) for s in segments)
        question = segments
        while question and question[-1].isdigit():
            question = question[:-1]
        found.setdefault(
            "/".join(question), {"field": field, "pointer": pointer, "detail": _FRIENDLY.get(message, message)}
        )
    return list(found.values())


def _pointer_token(name: str) -> str:
    # RFC 6901: escape "~" and "/", then percent-encode what a URI fragment may not hold.
    return quote(name.replace("~", "~0").replace("/", "~1"), safe="~!$&'()*+,;=:@")


def _leaves(messages: object, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            yield from _leaves(value, (*path, str(key)))
    elif isinstance(messages, list | tuple):
        for message in messages:
            yield from _leaves(message, path)
    else:
        yield path, str(messages)


_LOCATIONS = ("json", "query", "form", "files", "multipart", "headers", "path", "view_args")


def problem_response(
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    kind: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    phrase = http.HTTPStatus(status).phrase
    body = {
        "type": PROBLEM_BASE + kind if kind else "about:blank",
        "title": phrase,
        "status": status,
        "detail": detail,
        "instance": request.script_root + request.path,
        "correlation_id": correlation_id(),
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    # Start from werkzeug's own response so headers like Allow and WWW-Authenticate survive.
    kept = {
        k: v for k, v in error.get_response().headers.items() if k.lower() not in ("content-type", "content-length")
    }
    data = getattr(error, "data", None) or {}
    kept.update(data.get("headers") or {})
    messages = data.get("errors") or data.get("messages")
    errors = field_errors(messages) if isinstance(messages, Mapping) else None
    detail = data.get("message") or _default_detail(error, errors)
    if error.code and error.code >= 500:
        log.error("server error on %s %s: %s", request.method, request.path, error)
    return problem_response(error.code or 500, detail, errors, kind="invalid-request" if errors else None, headers=kept)


def from_domain_problem(problem: DomainProblem) -> Response:
    errors = [{"field": f, "pointer": f"#/{f}", "detail": m} for f, m in problem.errors.items()] or None
    return problem_response(problem.status, problem.detail, errors, kind=problem.kind)


def _default_detail(error: HTTPException, errors) -> str:
    if (error.code or 500) >= 500:
        return "Sorry, there is a problem with the service. Try again later."
    if errors:
        return "There is a problem: check each field listed in errors"
    return error.description or http.HTTPStatus(error.code or 500).phrase
