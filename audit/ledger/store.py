"""The audit ledger: an append-only, hash-chained list of runs in SQLite or PostgreSQL.

Every run row holds the hash of the previous run's row, so editing or deleting any stored run
breaks the chain at that row, which ``verify`` names. Appending locks the chain head (SQLite
``BEGIN IMMEDIATE`` in WAL mode; PostgreSQL ``SELECT ... FOR UPDATE``), so concurrent scans
queue and each lands whole. The schema is created and migrated by Alembic; a ledger whose
schema is newer than this program knows is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from audit.errors import InputError, InputProblem, ToolError
from audit.ledger.record import GENESIS_HASH, canonical_json, row_hash
from audit.ledger.url import LedgerAddress

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another to finish before giving up (SQLite)."""


class LedgerError(ToolError):
    """The ledger could not be reached, read or written (exit status 3)."""


@dataclass(frozen=True)
class StoredRun:
    """One run as stored: its number, listing columns, record and chain hashes."""

    id: int
    kind: str
    recorded_at: str
    as_of: str
    inventory: str
    inventory_sha256: str
    verdict: str
    record_text: str
    previous_hash: str
    row_hash: str

    @property
    def record(self) -> dict[str, Any]:
        """The run's record, parsed."""
        parsed: dict[str, Any] = json.loads(self.record_text)
        return parsed


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the stored chain does not hold."""

    run_id: int | None
    message: str


class Ledger:
    """An open ledger. Use ``open_ledger``; close with ``close`` or as a context manager."""

    def __init__(self, address: LedgerAddress) -> None:
        from sqlalchemy import create_engine, event

        self.address = address
        if address.backend == "sqlite":
            assert address.sqlite_path is not None
            if not address.sqlite_path.parent.is_dir():
                raise InputError(
                    [
                        InputProblem(
                            "--ledger",
                            0,
                            "",
                            f"{address.shown}: folder {address.sqlite_path.parent} does not exist",
                        )
                    ]
                )
            self.engine = create_engine(address.sqlalchemy_url, poolclass=_null_pool())

            @event.listens_for(self.engine, "connect")
            def _on_connect(dbapi_connection: Any, _record: Any) -> None:
                # Let SQLAlchemy, not pysqlite, decide where transactions begin, so that
                # BEGIN IMMEDIATE below takes the write lock before the chain head is read.
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.close()

            @event.listens_for(self.engine, "begin")
            def _on_begin(connection: Any) -> None:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        else:
            self.engine = create_engine(
                address.sqlalchemy_url, poolclass=_null_pool(), connect_args={"connect_timeout": 10}
            )
        self._ensure_schema()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the ledger's connections."""
        self.engine.dispose()

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Any]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise LedgerError(f"ledger {self.address.shown}: could not {what}: {reason}") from None

    def _ensure_schema(self) -> None:
        """Create or migrate the schema to this program's newest revision; refuse a newer one."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        location = resources.files("audit.ledger").joinpath("migrations")
        config.set_main_option("script_location", str(location))
        script = ScriptDirectory.from_config(config)
        known = {rev.revision for rev in script.walk_revisions()}
        head = script.get_current_head()
        with self._transaction("read its schema version") as connection:
            if self.address.backend == "postgresql":
                # one migrating writer at a time (the key is arbitrary but fixed)
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7431002)")
            current = MigrationContext.configure(connection).get_current_revision()
            if current is not None and current not in known:
                raise LedgerError(
                    f"ledger {self.address.shown} has schema version {current}, newer than this "
                    f"model-audit knows (up to {head}): upgrade model-audit to use it"
                )
            if current != head:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        self.schema_version = head

    def append(self, record: Mapping[str, Any]) -> StoredRun:
        """Append one run; return it as stored (with its number and hashes)."""
        from sqlalchemy import insert, select, update

        from audit.ledger.tables import chain_head, runs

        text = canonical_json(record)
        with self._transaction("append the run") as connection:
            head = connection.execute(
                select(chain_head.c.last_id, chain_head.c.last_hash)
                .where(chain_head.c.name == "runs")
                .with_for_update()
            ).one()
            run_id, previous = head.last_id + 1, head.last_hash
            digest = row_hash(previous, text)
            values = {
                "id": run_id,
                "kind": str(record.get("kind", "scan")),
                "recorded_at": str(record.get("recorded_at", "")),
                "as_of": str(record.get("as_of", "")),
                "inventory": str((record.get("inventory") or {}).get("key", "")),
                "inventory_sha256": str((record.get("inventory") or {}).get("sha256", "")),
                "verdict": str(record.get("verdict", "")),
                "record": text,
                "previous_hash": previous,
                "row_hash": digest,
            }
            connection.execute(insert(runs).values(**values))
            connection.execute(
                update(chain_head)
                .where(chain_head.c.name == "runs")
                .values(last_id=run_id, last_hash=digest)
            )
        return _stored({**values})

    def runs(
        self, *, inventory: str | None = None, kind: str | None = None, last: int | None = None
    ) -> list[StoredRun]:
        """Every run, oldest first; only those of one inventory (its key) or kind if asked,
        and only the ``last`` most recent ones if given."""
        from sqlalchemy import select

        from audit.ledger.tables import runs

        query = select(runs).order_by(runs.c.id.desc() if last is not None else runs.c.id)
        if inventory is not None:
            query = query.where(runs.c.inventory == inventory)
        if kind is not None:
            query = query.where(runs.c.kind == kind)
        if last is not None:
            query = query.limit(last)
        with self._transaction("read its runs") as connection:
            found = [_stored(dict(row._mapping)) for row in connection.execute(query)]
        return found[::-1] if last is not None else found

    def run(self, run_id: int) -> StoredRun | None:
        """The run with this number, or None."""
        from sqlalchemy import select

        from audit.ledger.tables import runs

        with self._transaction("read a run") as connection:
            row = connection.execute(select(runs).where(runs.c.id == run_id)).first()
        return None if row is None else _stored(dict(row._mapping))

    def verify(self) -> tuple[int, ChainProblem | None]:
        """Recompute the chain: (runs checked, the first problem or None)."""
        from sqlalchemy import select

        from audit.ledger.tables import chain_head

        stored = self.runs()
        with self._transaction("read its chain head") as connection:
            head = connection.execute(
                select(chain_head.c.last_id, chain_head.c.last_hash).where(
                    chain_head.c.name == "runs"
                )
            ).one()
        previous = GENESIS_HASH
        for expected_id, run in enumerate(stored, start=1):
            problem = _check_row(run, expected_id, previous)
            if problem is not None:
                return expected_id - 1, problem
            previous = run.row_hash
        if (head.last_id, head.last_hash) != (len(stored), previous):
            return len(stored), ChainProblem(
                head.last_id,
                f"the chain head names run {head.last_id} but the ledger ends at run "
                f"{len(stored)}: runs were deleted or the head was altered",
            )
        return len(stored), None


def _check_row(run: StoredRun, expected_id: int, previous: str) -> ChainProblem | None:
    if run.id != expected_id:
        return ChainProblem(run.id, f"run {expected_id} is missing (the next stored is {run.id})")
    if run.previous_hash != previous:
        return ChainProblem(run.id, f"run {run.id} does not follow run {run.id - 1}'s hash")
    if row_hash(previous, run.record_text) != run.row_hash:
        return ChainProblem(run.id, f"run {run.id}'s record was changed after it was written")
    try:
        record = run.record
    except json.JSONDecodeError:
        return ChainProblem(run.id, f"run {run.id}'s record is not JSON")
    listed = {
        "kind": record.get("kind"),
        "recorded_at": record.get("recorded_at"),
        "as_of": record.get("as_of"),
        "inventory": (record.get("inventory") or {}).get("key"),
        "inventory_sha256": (record.get("inventory") or {}).get("sha256"),
        "verdict": record.get("verdict"),
    }
    for column, value in listed.items():
        if str(value if value is not None else "") != getattr(run, column):
            return ChainProblem(run.id, f"run {run.id}'s {column} column differs from its record")
    return None


def _stored(values: Mapping[str, Any]) -> StoredRun:
    return StoredRun(
        id=int(values["id"]),
        kind=values["kind"],
        recorded_at=values["recorded_at"],
        as_of=values["as_of"],
        inventory=values["inventory"],
        inventory_sha256=values["inventory_sha256"],
        verdict=values["verdict"],
        record_text=values["record"],
        previous_hash=values["previous_hash"],
        row_hash=values["row_hash"],
    )


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


def open_ledger(given: str, option: str = "--ledger") -> Ledger:
    """Open (creating or migrating) the ledger at ``given``.

    ``InputError`` (exit 2) for an address that is not a ledger address; ``LedgerError``
    (exit 3) when the database cannot be reached or read.
    """
    from audit.ledger.url import parse_ledger_address

    address = parse_ledger_address(given, option)
    try:
        return Ledger(address)
    except (InputError, LedgerError):
        raise
    except Exception as exc:  # driver errors outside SQLAlchemy's hierarchy (DNS, ...)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LedgerError(f"ledger {address.shown}: could not be opened: {reason}") from None
