"""create_app(settings) → the Dash app; `server` is its Flask server for WSGI."""

from __future__ import annotations

import sys

import dash
from dash import Dash, dcc, html

from app import ASSETS_DIR
from app.config import Settings
from app.ingest.refresh import refresh_derived
from app.services import deployment
from app.store.accounts_db import AccountsDB, accounts_path
from app.store.db import Database, StoreError, create_schema
from app.store.sql import load_queries
from app.web import api, auth, context, security
from app.web.api import limits
from app.web.components.nav import nav_links
from app.web.pages import coverage, home, map, performance, snapshot, wall

PAGES = (home, map, coverage, performance, wall, snapshot)


def create_app(settings: Settings | None = None, db: Database | None = None) -> Dash:
    """Build the app on the settings' database (opened read-write unless `db` is given).

    Query files are loaded and checked before anything is served: a malformed one stops start-up.
    """
    settings = settings or Settings()
    if db is None:
        queries = load_queries(settings.queries_dir)
        if not settings.db_path.exists():
            raise StoreError(
                f"{settings.db_path} does not exist; create it with `gridscope demo --db {settings.db_path}`"
            )
        db = Database(settings.db_path, queries=queries)
        # Tables and macros added since the file was built (all IF NOT EXISTS / OR REPLACE) are created now;
        # without a pre-aggregate, metric reads compute from raw incidents.
        with db.transaction() as cur:
            create_schema(cur, queries)
    settings = _settled(db, settings)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        title="网格一张图 GridScope",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    context.install(app.server, context.AppContext(settings=settings, db=db))
    db.checkpoint_every = settings.server_checkpoint_seconds
    # A request's thread then idles in the pool: whatever its cursor left open must not pin later writes.
    app.server.teardown_request(lambda _exc: db.release())
    for page in PAGES:
        dash.register_page(page.__name__, path=page.PATH, title=page.TITLE, name=page.TITLE, layout=page.layout)
    app.layout = html.Div(
        className="gs-app",
        children=[
            dcc.Location(id="app-url"),
            html.Header(
                className="gs-header",
                children=[
                    html.Div(
                        [html.Span("网格一张图", className="gs-brand"), html.Span("GridScope", className="gs-brand-en")]
                    ),
                    html.Nav(
                        nav_links(None),
                        id="app-nav",
                        className="gs-nav",
                        **{"aria-label": "页面"},
                    ),
                    # POSTs /logout with the session's CSRF token (assets/gridscope.js).
                    html.Button("退出登录 / Sign out", id="app-logout", className="gs-logout", n_clicks=0),
                ],
            ),
            html.Div(dash.page_container, className="gs-page"),
        ],
    )
    api.register(app.server)
    security.install(app, settings.basemap)
    auth.install(app.server, AccountsDB(accounts_path(settings.db_path)), settings)
    return app


def _settled(db: Database, settings: Settings) -> Settings:
    """The settings with the taxonomy this database is served with (see app.services.deployment); what
    derives from incidents is refreshed when a category changed layer."""
    if db.read_only:
        return deployment.settle(db.cursor(), db.queries, settings, write=False)[0]
    with db.transaction() as cur:
        settled, moved = deployment.settle(cur, db.queries, settings)
        if moved:
            refresh_derived(cur, db.queries, {"incident"}, settled)
    return settled


def context_db(app: Dash) -> Database:
    """The database an app created by create_app serves."""
    with app.server.app_context():
        return context.current().db


def serve(app: Dash, host: str, port: int, threads: int = 32) -> None:
    """Serve with waitress (a production WSGI server, pure Python) until interrupted.

    Threads mostly wait (on DuckDB, or on the grouped ingest writer), so more threads than cores lets
    concurrent ingest requests share one write instead of queueing at the socket. Each snapshot the queue
    admits (`[snapshots] renders + queue`) holds a thread while it waits for its file, so the server gets that
    many on top of `threads`: snapshots never take the threads that /api/health, the pages and the snapshot
    page itself (which the server's browser loads) are served by; a snapshot beyond the queue is answered 429
    at once. `channel_request_lookahead` lets waitress notice a client that hung up on a waiting snapshot
    (`waitress.client_disconnected`), whose job is then cancelled.

    The GIL switch interval is 1 ms, not 5: a thread returning from DuckDB (which runs without the GIL) waits
    up to one interval for a busy Python thread to hand the GIL back, and the ingest writer returns from
    DuckDB several times per write (p95 of ingest at 200 requests/s: 105 → 65 ms without a browser).

    Waitress refuses a request body of SERVER_MAX_REQUEST_BYTES or more before reading it (its default, 1 GB,
    would be read whole before the app could answer); the app refuses smaller ones over its own limit
    (app.web.api.limits).
    """
    from waitress import serve as waitress_serve

    sys.setswitchinterval(0.001)

    with app.server.app_context():
        options = waitress_options(context.current().settings, threads)
    waitress_serve(app.server, host=host, port=port, ident="GridScope", **options)


def waitress_options(settings: Settings, threads: int = 32) -> dict[str, int]:
    """waitress's threads (`threads` plus one per snapshot the queue admits), request lookahead and the body
    size it refuses before reading."""
    snapshots = settings.snapshot_renders + settings.snapshot_queue
    return {
        "threads": threads + snapshots,
        "channel_request_lookahead": 1,
        "max_request_body_size": limits.SERVER_MAX_REQUEST_BYTES,
    }
