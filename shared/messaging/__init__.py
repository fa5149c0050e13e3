"""Reliable messaging between services: outbox, relay, inbox, consumers, RabbitMQ topology."""
