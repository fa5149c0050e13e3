"""grants' own database: its declarative base and messaging tables."""

from shared.db import make_base
from shared.messaging.tables import add_messaging_tables

Base = make_base()
messaging = add_messaging_tables(Base.metadata)
