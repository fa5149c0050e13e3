"""The one way a service builds its Flask app: flask-smorest API, problems, principal, health."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask, Response, g, request
from flask_smorest import Api, Blueprint, abort
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter

from shared.auth.principal import Principal
from shared.config import Settings
from shared.context import set_correlation_id
from shared.http.problems import (
    PROBLEM_JSON,
    DomainProblem,
    ProblemSchema,
    from_domain_problem,
    from_http_exception,
)
from shared.logs import configure_logging

_SAFE_CORRELATION = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Every id we mint is a UUID; anything else in an id's place names nothing, so routing answers 404
# before a NUL byte or a megabyte of text reaches a database that would choke on it.
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"


class IdConverter(BaseConverter):
    """`<id:bid_id>`: a path segment that can be an id."""

    regex = ID_PATTERN


class ServiceParser(FlaskParser):
    """webargs' parser, but a body that is not JSON is a 422 like any other unusable input."""

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, message="The request body is not valid JSON", messages={"json": {"_schema": ["Invalid JSON body."]}})

    def load_multipart(self, req, schema):
        """A multipart body's files and fields together, so one schema documents an upload with its fields."""
        return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)


class ServiceBlueprint(Blueprint):
    """The blueprint every service's API uses, so all of them read requests the same way."""

    ARGUMENTS_PARSER = ServiceParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


class ServiceApi(Api):
    """flask-smorest's Api with RFC 9457 errors, documented as application/problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        return from_http_exception(error)

    def _register_responses(self):
        import http

        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def create_service_app(
    name: str, title: str, settings: Settings, ready_checks: dict[str, Callable[[], None]]
) -> tuple[Flask, ServiceApi]:
    from shared.auth.verifier import build_api_verifier
    from shared.http.headers import install_api_headers
    from shared.http.limits import install_api_limits
    from shared.http.security import install_gate

    configure_logging()
    proxy_hops = settings.proxy_hops
    app = Flask(f"services.{name}", static_folder=None)  # an API serves no files of its own
    if proxy_hops:
        # Behind the gateway: take the client address, scheme, host and path prefix (/bids) from the
        # X-Forwarded-* headers it sets. Only as many hops as configured, so clients cannot spoof them.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxy_hops, x_proto=proxy_hops, x_host=proxy_hops, x_prefix=proxy_hops
        )
    app.config.update(
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "security": [{"bearerAuth": []}],
            "components": {
                "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
            },
        },
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=30 * 1024 * 1024,
    )
    app.url_map.converters["id"] = IdConverter
    api = ServiceApi(app)
    api.register_converter(IdConverter, lambda _: {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": 64})
    app.register_error_handler(DomainProblem, from_domain_problem)

    @app.before_request
    def _load_context() -> None:
        offered = request.headers.get("X-Correlation-ID", "")
        set_correlation_id(offered if _SAFE_CORRELATION.fullmatch(offered) else None)

    install_gate(app, name, build_api_verifier(settings))
    install_api_headers(app, settings.production)
    install_api_limits(app, name, settings)  # after the gate: limits are counted per signed-in caller

    @app.after_request
    def _echo_correlation(response: Response) -> Response:
        from shared.context import correlation_id

        response.headers["X-Correlation-ID"] = correlation_id()
        return response

    from shared.http.health import make_health_blueprint

    app.register_blueprint(make_health_blueprint(ready_checks))
    return app, api


def current_principal() -> Principal:
    """The signed-in principal, already allowed this operation by the gate (`shared.http.security`)."""
    principal: Principal | None = g.get("principal")
    if principal is None:  # only reachable from a public operation, which has no business asking
        abort(401, message="Sign in to use this service: send a bearer token")
    return principal
