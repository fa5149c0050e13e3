"""The outbox, inbox and dead-letter tables every service keeps in its own database."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shared.db import UTCDateTime


@dataclass(frozen=True)
class MessagingTables:
    outbox: sa.Table
    inbox: sa.Table
    dead_letter: sa.Table


def add_messaging_tables(metadata: sa.MetaData) -> MessagingTables:
    outbox = sa.Table(
        "outbox_message",
        metadata,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("exchange", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("published_at", UTCDateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Index("ix_outbox_message_pending", "published_at", "next_attempt_at"),
    )
    inbox = sa.Table(
        "inbox_message",
        metadata,
        # Unique per (consumer, message id): a redelivered message cannot take effect twice.
        sa.Column("consumer", sa.String(64), primary_key=True),
        sa.Column("message_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("processed_at", UTCDateTime, nullable=False),
    )
    dead_letter = sa.Table(
        "dead_letter",
        metadata,
        # Embedded mode parks poison messages here; with RabbitMQ they wait in <service>.dead instead.
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("parked_at", UTCDateTime, nullable=False),
        sa.Column("replayed_at", UTCDateTime, nullable=True),
    )
    return MessagingTables(outbox=outbox, inbox=inbox, dead_letter=dead_letter)
