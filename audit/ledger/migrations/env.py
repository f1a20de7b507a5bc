"""Alembic environment: the ledger opens the connection and hands it over; no ini file."""

from __future__ import annotations

from alembic import context

from audit.ledger.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
