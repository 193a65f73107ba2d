"""The accounts store: accounts, tokens, sessions, sign-in failures and the audit log, in a SQLite file.

Not in the DuckDB file: that one is held by a single process (the server), while accounts are managed from
the command line, and sign-ins and exports audited, while the server runs. SQLite serves several processes on
one file (WAL mode). Its queries are the named files of `queries/accounts/` (SQLite takes `$name` too).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from app import QUERIES_DIR
from app.store.sql import QueryBook, load_queries


def accounts_path(db_path: Path) -> Path:
    """The accounts file of a database: beside it, `<name>.accounts.sqlite`."""
    return Path(db_path).with_name(Path(db_path).name + ".accounts.sqlite")


class AccountsDB:
    """One SQLite connection per thread on the accounts file; every statement commits on its own."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.queries: QueryBook = load_queries(QUERIES_DIR / "accounts")
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con().executescript(self.queries["schema"].sql)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=10000")
            self._local.con = con
        return con

    def run(self, query: str, **params: object) -> list[tuple]:
        """Run one named query of queries/accounts/; its rows (none for a write)."""
        return self.queries[query].execute(self._con(), **params).fetchall()

    def changed(self, query: str, **params: object) -> int:
        """Run one named write; how many rows it changed."""
        return self.queries[query].execute(self._con(), **params).rowcount
