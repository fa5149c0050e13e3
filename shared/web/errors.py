"""Error pages in GOV.UK style; the JSON endpoint under /api/ answers RFC 9457 problems instead."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from shared.http.problems import problem_response

PAGES = {
    400: ("Sorry, there is a problem with that request", "Go back to the sign-in page and try again."),
    403: ("You cannot do that", "Go back to the sign-in page."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Page not found", "If you typed the web address, check it is correct."),
    429: (
        "You have tried too many times",
        "To keep accounts safe, sign-in is paused for a short while. Wait a minute, then try again.",
    ),
    500: ("Sorry, there is a problem with the service", "Try again later."),
}


def page(status: int, title: str, *paragraphs: str) -> tuple[str, int]:
    return render_template("problem.html", title=title, paragraphs=paragraphs), status


def install_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError):
        return page(400, "Your page timed out", "Go back to the sign-in page, reload it and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response | tuple[str, int]:
        status = error.code or 500
        if request.path.startswith("/api/"):
            response = problem_response(status, error.description or "", None)
        else:
            title, advice = PAGES.get(status, PAGES[400 if status < 500 else 500])
            response = app.make_response(page(status, title, advice))
        # Keep werkzeug's own headers (Allow on a 405, Retry-After); the body is ours.
        for name, value in error.get_response().headers.items():
            if name.lower() not in ("content-type", "content-length"):
                response.headers.setdefault(name, value)
        return response
