"""Every request through one gate: who is asking (bearer token), and may they do this (permission table).

The gate also sets the data scope for the request (`shared.auth.scoping`), so handlers and queries
never decide on their own which CSP's rows a principal may see.
"""

from __future__ import annotations

import re

from flask import Flask, g, request
from flask_smorest import abort

from shared.auth import permissions, scoping
from shared.auth.security_log import security_event
from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.context import set_client_address

_PARAMETER = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")


def operation_name(method: str, rule: str) -> str:
    """`GET /bids/<id:bid_id>` as its OpenAPI spec names it: `GET /bids/{bid_id}`."""
    path = _PARAMETER.sub(r"{\1}", rule)
    return f"{'GET' if method == 'HEAD' else method} {path}"


def install_gate(app: Flask, service: str, verifier: TokenVerifier) -> None:
    @app.before_request
    def _gate() -> None:
        set_client_address(request.remote_addr)
        g.principal = _principal(verifier)
        g.access_token = scoping.enter(scoping.NOBODY)
        if request.url_rule is None or request.method == "OPTIONS":
            return  # Flask answers 404/405/OPTIONS itself, having touched no data
        operation = operation_name(request.method, request.url_rule.rule)
        if operation in permissions.PUBLIC:
            return
        if not permissions.is_listed(service, operation):
            security_event("access.refused", reason="operation not in the permission table", operation=operation)
            abort(403, message="This operation is not open to anyone yet")
        principal = g.principal
        if principal is None:
            abort(
                401,
                message="Sign in to use this service: send a bearer token",
                headers={"WWW-Authenticate": 'Bearer realm="safergrants"'},
            )
        scope = permissions.scope_for(service, operation, principal.role)
        if scope is None:
            security_event(
                "access.refused",
                reason="role not allowed",
                operation=f"{service} {operation}",
                user_id=principal.user_id,
                role=principal.role,
                organisation=principal.organisation,
            )
            abort(403, message="Your role does not allow this")
        scoping.leave(g.pop("access_token"))
        g.access_token = scoping.enter(scoping.access_for(principal, scope))

    @app.teardown_request
    def _leave(_error=None) -> None:
        token = g.pop("access_token", None)
        if token is not None:
            scoping.leave(token)
        set_client_address(None)


def _principal(verifier: TokenVerifier):
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken("not a bearer token")
        return verifier.verify(token.strip())
    except InvalidToken as error:
        security_event("authentication.failed", reason=str(error), path=request.path)
        abort(
            401,
            message="Your sign-in token is not valid or has expired: get a new one",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
