"""The first ledger schema: runs (hash-chained records) and the chain head.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``runs`` and ``chain_head`` and seed the head with the genesis hash."""
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("inventory", sa.Text, nullable=False),
        sa.Column("inventory_sha256", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("row_hash", name="uq_runs_row_hash"),
    )
    op.create_index("ix_runs_inventory", "runs", ["inventory"])
    head = op.create_table(
        "chain_head",
        sa.Column("name", sa.String(16), primary_key=True),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"name": "runs", "last_id": 0, "last_hash": "0" * 64}])


def downgrade() -> None:
    """Drop both tables (only for development; a ledger is never downgraded in use)."""
    op.drop_table("chain_head")
    op.drop_index("ix_runs_inventory", "runs")
    op.drop_table("runs")
