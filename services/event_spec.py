"""Serves the AsyncAPI document of every event, from each service (and the embedded root)."""

from __future__ import annotations

from flask import Flask, jsonify

from services import registry
from shared.config import Settings
from shared.events.asyncapi import asyncapi_document


def add_event_spec_route(app: Flask, settings: Settings, rule: str = "/asyncapi.json") -> None:
    document: dict = {}

    def serve():
        # Built on first request, not at app creation: nothing heavy at start-up.
        if not document:
            document.update(asyncapi_document(registry.subscribers(settings)))
        return jsonify(document)

    app.add_url_rule(rule, "asyncapi", serve)
