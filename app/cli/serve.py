"""`gridscope serve`: the dashboard over HTTP (waitress), optionally fed by the live demo simulation."""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.cli.options import db_arg, seconds, settings_of


def add_parser(sub) -> None:
    serve = sub.add_parser("serve", help="start the dashboard", description="Serve the dashboard over HTTP.")
    db_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    serve.add_argument(
        "--simulate",
        action="store_true",
        help="feed the database live: new incidents every few seconds and lifecycles moving on (for the demo town)",
    )
    serve.add_argument(
        "--simulate-every",
        type=seconds,
        default=5.0,
        metavar="SECONDS",
        help="seconds between simulation ticks (default 5)",
    )
    serve.add_argument(
        "--checkpoint-every",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="checkpoint after a write when this long passed since the last one (default 60)",
    )


def own_address(host: str, port: int) -> str:
    """The address this machine reaches a server listening on `host`:`port` at (any-address → loopback)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def run(args: argparse.Namespace) -> int:
    from app.services.circles import refresh_if_stale
    from app.store.aggregates import rebuild_if_outdated
    from app.web.factory import context_db, create_app, serve

    settings = settings_of(args)
    if not settings.server_base_url:
        settings = replace(settings, server_base_url=own_address(args.host, args.port))
    if args.checkpoint_every is not None:
        settings = replace(settings, server_checkpoint_seconds=args.checkpoint_every)
    app = create_app(settings)
    db = context_db(app)
    try:
        refreshed = refresh_if_stale(db, settings.walking_speed_kmh, settings.circle_minutes)
    except ValueError as exc:  # an empty database has no town to compute circles for yet
        refreshed = None
        print(f"service circles not computed: {exc}", flush=True)
    if refreshed is not None:
        print(f"stations, roads or grids changed: service circles recomputed in {refreshed.seconds:.1f} s", flush=True)
    rebuilt = rebuild_if_outdated(db, settings.stage_limits)
    if rebuilt is not None:
        print(f"pre-aggregates were outdated: rebuilt in {rebuilt:.1f} s", flush=True)
    db.set_threads(settings.server_query_threads)  # after the (parallel) computations above
    db.release()  # this thread only waits from here on
    simulator = None
    if args.simulate:
        from app.demo.simulate import Simulator
        from app.web.api.ingest import ingest_writer

        writer = ingest_writer(app.server)
        simulator = Simulator(db, writer.submit, settings, interval=args.simulate_every).start()
        print(f"simulating live incidents every {args.simulate_every:g} s", flush=True)
    print(f"GridScope on http://{args.host}:{args.port}/  (database {settings.db_path}; Ctrl+C to stop)", flush=True)
    if not _has_accounts(settings):
        print(f"no accounts yet: gridscope users add NAME --role admin --db {settings.db_path}", flush=True)
    try:
        serve(app, args.host, args.port)
    finally:
        if simulator is not None:
            simulator.stop()
    return 0


def _has_accounts(settings) -> bool:
    from app.services.accounts import list_accounts
    from app.store.accounts_db import AccountsDB, accounts_path

    return bool(list_accounts(AccountsDB(accounts_path(settings.db_path))))
