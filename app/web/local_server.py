"""A GridScope server inside the exporting process, for the CLI: the app on the given database, served by
waitress on a free loopback port from a background thread, for as long as the `with` block runs.

DuckDB lets one process open a file, so this works when no `gridscope serve` holds the database; when
one does, the CLI sends its requests to that server instead (`--server http://host:port`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.config import Settings
from app.store.db import Database


@dataclass(frozen=True)
class LocalServer:
    base_url: str
    db: Database
    settings: Settings
    headers: dict[str, str]  # the credential its pages ask of a browser (app.web.auth.internal_headers)


@contextmanager
def local_server(settings: Settings) -> Iterator[LocalServer]:
    from waitress.server import create_server

    from app.web.auth import internal_headers
    from app.web.factory import context_db, create_app

    app = create_app(settings)
    db = context_db(app)
    server = create_server(app.server, host="127.0.0.1", port=0, threads=8, ident="GridScope")
    stop = threading.Event()

    def loop() -> None:  # waitress's run(), in short turns so that it can be stopped between them
        while not stop.is_set():
            server.asyncore.loop(timeout=0.1, map=server._map, count=1)

    thread = threading.Thread(target=loop, name="gridscope-export-server", daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.effective_port}", db, settings, internal_headers(app.server))
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
        db.close()
