"""The DuckDB store: open the file, load the spatial extension from its wheel, hand out per-thread cursors.

The spatial extension is loaded from the file shipped in the `duckdb-extension-spatial` wheel; automatic
install and autoload are switched off so nothing is ever fetched from the network.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import duckdb_extension_spatial

from app import QUERIES_DIR
from app.data.sql import QueryBook, load_queries


class StoreError(RuntimeError):
    """The database could not be opened or prepared; the message says why and what to do."""


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
    """

    def __init__(self, path: Path | str, read_only: bool = False, queries: QueryBook | None = None):
        self.path = Path(path) if str(path) != ":memory:" else path
        self.queries = queries if queries is not None else load_queries(QUERIES_DIR)
        self._con = connect(path, read_only=read_only)
        self._local = threading.local()
        self._write_lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor, created on first use."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

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
            finally:
                cur.close()

    def set_threads(self, threads: int) -> None:
        """DuckDB worker threads per query, for the whole database instance."""
        self._con.execute(f"SET threads = {int(threads)}")

    def run(self, name: str, **params: object) -> duckdb.DuckDBPyConnection:
        """Execute the named query on this thread's cursor and return the cursor for fetching."""
        return self.queries[name].execute(self.cursor(), **params)

    def close(self) -> None:
        self._con.close()
