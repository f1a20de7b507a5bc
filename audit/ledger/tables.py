"""The ledger's tables (SQLAlchemy Core). The schema itself is created and migrated by
Alembic (``audit/ledger/migrations``); these definitions are what the code reads and writes.

One row per run in ``runs``: the run's canonical record (JSON text, exactly what was hashed),
a few columns copied out of it for listing, the hash of the previous run's row and its own.
Nothing updates or deletes a run; ``history --verify`` recomputes the chain.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    # the run's number in this ledger: 1, 2, 3, ... in the order runs were appended
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("inventory", Text, nullable=False),
    Column("inventory_sha256", String(64), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("record", Text, nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
    UniqueConstraint("row_hash", name="uq_runs_row_hash"),
)

chain_head = Table(
    "chain_head",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)
"""One row (``name = 'runs'``): the newest run and its hash; locked while a run is appended,
so concurrent writers queue instead of forking the chain."""
