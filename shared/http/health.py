"""/healthz says the process is up; /readyz says its database, broker and storage answer."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify

from shared.http.problems import problem_response


def make_health_blueprint(ready_checks: dict[str, Callable[[], None]]) -> Blueprint:
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @blueprint.get("/readyz")
    def readyz():
        results: dict[str, str] = {}
        for name, check in ready_checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as error:  # noqa: BLE001 - any failure means not ready
                results[name] = f"unavailable: {error}"[:300]
        failing = [name for name, result in results.items() if result != "ok"]
        if failing:
            response = problem_response(503, f"Not ready: {', '.join(failing)} unavailable", kind="not-ready")
            return response
        return jsonify(status="ok", checks=results)

    return blueprint
