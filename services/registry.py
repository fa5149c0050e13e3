"""The composition root's view of the three services: how to build each one's parts.

Each service has the same shape: `app.bootstrap(settings)` wires its runtime and adapters,
`app.create_app(...)` its HTTP API, `consumers.subscriptions(settings)` what it listens to, and
optionally `app.background(runtime)` the periodic work its worker does (such as sending mail).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from shared.config import SERVICES, Settings
from shared.messaging.consumer import EventConsumer
from shared.messaging.topology import ConsumerTopology
from shared.runtime import ServiceRuntime


def app_module(name: str):
    if name not in SERVICES:
        raise ValueError(f"unknown service {name!r}; choose one of {', '.join(SERVICES)}")
    return importlib.import_module(f"services.{name}.app")


def metadata(name: str):
    return importlib.import_module(f"services.{name}.db").Base.metadata


def bootstrap(name: str, settings: Settings) -> ServiceRuntime:
    return app_module(name).bootstrap(settings)


def make_consumer(runtime: ServiceRuntime, after_commit: Callable[[], None] | None = None) -> EventConsumer:
    subscriptions = importlib.import_module(f"services.{runtime.name}.consumers").subscriptions(runtime.settings)
    return EventConsumer(runtime.name, runtime.tables, runtime.session_factory, subscriptions, after_commit)


def background(runtime: ServiceRuntime) -> list[Callable[[], object]]:
    """Periodic work a service's worker runs between messages."""
    hook = getattr(app_module(runtime.name), "background", None)
    return list(hook(runtime)) if hook else []


def topology(name: str, settings: Settings) -> ConsumerTopology:
    subscriptions = importlib.import_module(f"services.{name}.consumers").subscriptions(settings)
    bindings: dict[str, list[str]] = {}
    for subscription in subscriptions:
        bindings.setdefault(subscription.exchange, []).append(subscription.event_type)
    return ConsumerTopology(
        name, {k: tuple(v) for k, v in bindings.items()}, settings.retry_delays, settings.delivery_limit
    )


def subscribers(settings: Settings) -> dict[str, list[str]]:
    """Event type -> the services that consume it (for the AsyncAPI document)."""
    found: dict[str, list[str]] = {}
    for name in SERVICES:
        for event_types in topology(name, settings).bindings.values():
            for event_type in event_types:
                found.setdefault(event_type, []).append(name)
    return found


def all_topologies(settings: Settings) -> list[ConsumerTopology]:
    return [topology(name, settings) for name in SERVICES]
