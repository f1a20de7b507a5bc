"""Alembic migrations of the ledger schema (run programmatically by ``audit.ledger.store``)."""
