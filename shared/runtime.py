"""What every service has at run time: its database, its messaging tables and outbox."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.mail.port import Mailer
from shared.messaging.outbox import Outbox
from shared.messaging.tables import MessagingTables
from shared.scanning.port import Scanner
from shared.storage.port import EvidenceStore


@dataclass
class ServiceRuntime:
    name: str
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    tables: MessagingTables
    outbox: Outbox
    # Ports a service uses beyond its database; bootstrap wires a real or an embedded adapter.
    evidence: EvidenceStore | None = None
    scanner: Scanner | None = None  # None: no virus scanner configured, so no file ever becomes downloadable
    mailer: Mailer | None = None

    def check_database(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

    def check_broker(self) -> None:
        if not self.settings.broker_url:
            return
        from shared.messaging.broker import close_quietly, connect

        close_quietly(connect(self.settings.broker_url, timeout=min(self.settings.broker_timeout, 3.0)))

    def ready_checks(self) -> dict:
        checks = {"database": self.check_database, "broker": self.check_broker}
        if self.evidence is not None:
            checks["storage"] = self.evidence.check
        if self.mailer is not None:
            checks["mail"] = self.mailer.check
        return checks

    def dispose(self) -> None:
        self.engine.dispose()


def build_runtime(name: str, settings: Settings, tables: MessagingTables) -> ServiceRuntime:
    engine = make_engine(settings.database_url(name))
    return ServiceRuntime(
        name=name,
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        tables=tables,
        outbox=Outbox(tables, producer=name),
    )
