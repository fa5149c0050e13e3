"""Security headers for the JSON APIs: nothing they answer may run script, be framed or leak a referrer.

The APIs serve JSON and file downloads only, so their Content Security Policy allows nothing at all.
The front door's pages get a nonce-based policy instead (`shared.web.headers`).
"""

from __future__ import annotations

from flask import Flask, Response, request

API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def install_api_headers(app: Flask, production: bool) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in API_HEADERS.items():
            response.headers.setdefault(name, value)
        # Only over HTTPS (as the gateway reports it): browsers ignore HSTS sent over plain HTTP anyway.
        if production and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
