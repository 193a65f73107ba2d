"""A GridScope server inside the exporting process, for the CLI: the app on the given database, served by
waitress on a free loopback port from a background thread, for as long as the `with` block runs.

DuckDB lets one process open a file, so this works when no `gridscope serve` holds the database; when
one does, the CLI sends its requests to that server instead (`--server http://host:port`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from app.config import Settings
from app.store.db import Database


@dataclass(frozen=True)
class LocalServer:
    base_url: str
    db: Database
    settings: Settings
    headers: dict[str, str]  # the credential its pages ask of a browser (app.web.auth.internal_headers)


@contextmanager
def local_server(settings: Settings, threads: int = 8) -> Iterator[LocalServer]:
    """The app served on a free loopback port; unless the settings give one, the app's own address (where
    its snapshots are drawn from) is that port's."""
    from waitress.server import create_server

    from app.web.auth import internal_headers
    from app.web.factory import context_db, create_app, waitress_options

    made = []  # the app, once made: the port comes first, the app's settings name it

    def application(environ, start_response):
        return made[0].server(environ, start_response)

    server = create_server(
        application, host="127.0.0.1", port=0, ident="GridScope", **waitress_options(settings, threads)
    )
    base_url = f"http://127.0.0.1:{server.effective_port}"
    try:
        made.append(create_app(replace(settings, server_base_url=settings.server_base_url or base_url)))
    except BaseException:
        server.close()
        raise
    db = context_db(made[0])
    stop = threading.Event()

    def loop() -> None:  # waitress's run(), in short turns so that it can be stopped between them
        while not stop.is_set():
            server.asyncore.loop(timeout=0.1, map=server._map, count=1)

    thread = threading.Thread(target=loop, name="gridscope-export-server", daemon=True)
    thread.start()
    try:
        yield LocalServer(base_url, db, settings, internal_headers(made[0].server))
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
        _close_snapshot_queue(made[0])
        db.close()


def _close_snapshot_queue(app) -> None:
    from app.web.api.export import SNAPSHOT_QUEUE_KEY

    queue = app.server.extensions.get(SNAPSHOT_QUEUE_KEY)
    if queue is not None:
        queue.close()
