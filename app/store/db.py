"""The DuckDB store: open the file, load the spatial extension from its wheel, hand out per-thread cursors.

The spatial extension is loaded from the file shipped in the `duckdb-extension-spatial` wheel; automatic
install and autoload are switched off so nothing is ever fetched from the network.

A cursor's last statement stays open until its result is read to the end or the cursor runs something else
(`fetchone()` on a streamed result does not end it). An open read pins every write committed after it began:
DuckDB keeps their old row versions in memory and no CHECKPOINT can run ("other write transactions
active"), so the WAL and the process grow for as long as the thread that left it never runs another query.
Threads that go idle (a server's request threads, the simulation) call `release()` when their work ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import duckdb_extension_spatial

from app import QUERIES_DIR
from app.errors import AppError
from app.store.sql import QueryBook, load_queries


class StoreError(AppError):
    """The database could not be opened or prepared; the message says why and what to do."""

    status = 503


def spatial_extension_path() -> Path:
    """Path of `spatial.duckdb_extension` inside the installed wheel, for the running DuckDB version."""
    base = Path(duckdb_extension_spatial.__file__).parent / "extensions"
    path = base / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if not path.is_file():
        found = sorted(p.name for p in base.glob("v*"))
        raise StoreError(
            f"spatial extension for DuckDB {duckdb.__version__} not found in {base} (has: {found}); "
            f"install duckdb-extension-spatial=={duckdb.__version__}"
        )
    return path


def connect(path: Path | str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB database with spatial loaded from the wheel; `:memory:` gives a scratch database."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"{path} is in use by another GridScope process (DuckDB allows one writer); "
                "stop that process or send data to it through its HTTP API"
            ) from exc
        raise StoreError(f"cannot open {path}: {exc}") from exc
    con.execute(f"LOAD '{spatial_extension_path()}'")
    return con


def create_schema(con: duckdb.DuckDBPyConnection, queries: QueryBook) -> None:
    """Create every table of the data model (queries/schema/*.sql, in file-name order) if missing."""
    for query in queries.group("schema"):
        con.execute(query.sql)


class Database:
    """One connection per process; each thread reads through its own cursor of it.

    DuckDB cursors of one connection share the database instance, its loaded extensions and its
    catalog, so a cursor per thread gives concurrent reads without re-opening the file.

    `checkpoint_every` (seconds, None: never) makes the writer checkpoint after a commit when that long
    has passed since its last checkpoint: the server sets it, so live writes reach the file and leave
    memory instead of waiting for DuckDB's WAL-size trigger.
    """

    def __init__(self, path: Path | str, read_only: bool = False, queries: QueryBook | None = None):
        self.path = Path(path) if str(path) != ":memory:" else path
        self.queries = queries if queries is not None else load_queries(QUERIES_DIR)
        self._con = connect(path, read_only=read_only)
        self.read_only = read_only
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self.checkpoint_every: float | None = None
        self._last_checkpoint = time.monotonic()
        self.checkpoints = 0  # taken by the writer policy (tests and benchmarks read it)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor, created on first use."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    def release(self) -> None:
        """Close this thread's cursor, ending whatever its last statement left open; the next `cursor()`
        opens a new one (microseconds). Call it when a thread's unit of work (a request, a tick) ends."""
        cur = getattr(self._local, "cursor", None)
        if cur is not None:
            self._local.cursor = None
            cur.close()

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, for a result read after this request's thread moves on (streaming)."""
        return self._con.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction on a fresh cursor, serialised within this process; rolled back on error."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
                self._checkpoint_if_due(cur)
            finally:
                cur.close()

    def _checkpoint_if_due(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Under the write lock, after a commit: CHECKPOINT when `checkpoint_every` has passed. Never forced:
        if another write is open (a transaction outside this lock) it is tried again after a later commit."""
        if self.checkpoint_every is None or time.monotonic() - self._last_checkpoint < self.checkpoint_every:
            return
        self._last_checkpoint = time.monotonic()
        try:
            cur.execute("CHECKPOINT")
        except duckdb.TransactionException:
            return
        self.checkpoints += 1

    def set_threads(self, threads: int) -> None:
        """DuckDB worker threads per query, for the whole database instance."""
        self._con.execute(f"SET threads = {int(threads)}")

    def run(self, name: str, **params: object) -> duckdb.DuckDBPyConnection:
        """Execute the named query on this thread's cursor and return the cursor for fetching."""
        return self.queries[name].execute(self.cursor(), **params)

    def close(self) -> None:
        self._con.close()
