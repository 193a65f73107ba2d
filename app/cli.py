"""The `gridscope` command (also `python -m app`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from app import GEODATA_DIR
from app.config import DEFAULT_DB_NAME, Settings, default_db_path

NOT_YET = {
    "bench": "the benchmark suite (see benchmarks/ for the scripts available now)",
}


class CliError(Exception):
    """Bad input: printed as one line, exit status 2."""


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help=f"database file (default: $GRIDSCOPE_DB, else ./{DEFAULT_DB_NAME})"
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _minutes_list(text: str) -> tuple[int, ...]:
    try:
        values = tuple(sorted({int(v) for v in text.split(",") if v.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole minutes like 5,10,15, got {text!r}") from None
    if not values or values[0] <= 0 or values[-1] > 60:
        raise argparse.ArgumentTypeError(f"minutes must be between 1 and 60, got {text!r}")
    return values


def _number_in(low: float, high: float, what: str):
    """An argparse type: a number from `low` to `high`; `what` names the range in the message."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}, got {text}")
        return value

    return parse


_speed = _number_in(1.0, 10.0, "walking speed must be 1-10 km/h")
_seconds = _number_in(0.5, 3600, "must be 0.5-3600 seconds")


def _timestamp(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time (YYYY-MM-DD[ HH:MM]): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridscope",
        description="GridScope (网格一张图): a geospatial dashboard for a town's city-operation center.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="generate the synthetic demo town into the database (replaces it)",
        description="Generate the synthetic demo town (示范镇, fictional) with its grids, "
        "walking network, stations, risk sites and incidents. Deterministic for "
        "a given --seed and --now.",
    )
    _db_arg(demo)
    demo.add_argument("--incidents", type=_positive_int, default=100_000, help="number of incidents (default 100000)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument(
        "--now",
        type=_timestamp,
        default=None,
        help="end of the generated period, local time (default: the current hour)",
    )
    demo.add_argument(
        "--geodata",
        type=Path,
        default=GEODATA_DIR / "demo",
        help="also write boundaries, roads, water, stations, risk sites as GeoJSON here "
        "(default geodata/demo; '-' to skip)",
    )

    serve = sub.add_parser("serve", help="start the dashboard", description="Serve the dashboard over HTTP.")
    _db_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    serve.add_argument(
        "--simulate",
        action="store_true",
        help="feed the database live: new incidents every few seconds and lifecycles moving on (for the demo town)",
    )
    serve.add_argument(
        "--simulate-every",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="seconds between simulation ticks (default 5)",
    )
    serve.add_argument(
        "--checkpoint-every",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="checkpoint after a write when this long passed since the last one (default 60)",
    )

    _import_parser(sub)
    circles = sub.add_parser(
        "circles",
        help="compute walking service circles, grid coverage and site suggestions",
        description="Compute every station's walking isochrones on the road network (buffer fallback where a "
        "station is over 300 m from it), per-grid population coverage, blind spots and suggested new sites; "
        "replaces what was stored.",
    )
    _db_arg(circles)
    circles.add_argument("--minutes", type=_minutes_list, default=(5, 10, 15), help="durations (default 5,10,15)")
    circles.add_argument("--speed", type=_speed, default=4.5, help="walking speed in km/h (default 4.5)")
    circles.add_argument("--suggest", type=_positive_int, default=5, help="number of sites to suggest (default 5)")

    from app.export.command import add_parser as export_parser

    export_parser(sub, _db_arg)
    for name, what in NOT_YET.items():
        p = sub.add_parser(name, help=f"{what} (not yet available)", description=f"{what}: not yet available.")
        _db_arg(p)
        p.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _import_parser(sub) -> None:
    from app.ingest.readers import FORMATS

    imp = sub.add_parser(
        "import",
        help="import a town's own grids, stations, roads, risk sites or incidents",
        description="Import one file as one transaction. Bad rows are listed in FILE.rejects.csv (and the "
        "import_reject table) with their row number and reason; a bad file changes nothing; importing the "
        "same file again changes nothing.",
    )
    _db_arg(imp)
    imp.add_argument(
        "kind", choices=["grids", "stations", "roads", "risk-sites", "incidents"], help="what the file holds"
    )
    imp.add_argument("file", type=Path, help="the file to import")
    imp.add_argument("--format", dest="fmt", choices=FORMATS, help="file format (default: from the file name)")
    imp.add_argument("--crs", help="coordinates are wgs84 (default), gcj02, bd09 or EPSG:n")
    imp.add_argument("--mapping", type=Path, help="TOML file mapping the file's columns and values (docs/mappings/)")
    imp.add_argument("--dry-run", action="store_true", help="validate only; write nothing to the database")
    imp.add_argument("--url", help="send incidents to the running server at this address instead of the database")
    imp.add_argument("--token", help="ingest token for --url (default: $GRIDSCOPE_INGEST_TOKEN)")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(db_path=args.db or default_db_path())


def run_demo(args: argparse.Namespace) -> int:
    from app.demo.build import build_demo

    settings = _settings(args)
    geodata = None if str(args.geodata) == "-" else args.geodata
    report = build_demo(settings.db_path, incidents=args.incidents, seed=args.seed, now=args.now, geodata_dir=geodata)
    size_mb = report.db_path.stat().st_size / 1e6
    print(
        f"demo town written to {report.db_path}: {report.incidents:,} incidents, "
        f"{size_mb:.1f} MB, {report.seconds:.1f} s"
    )
    if geodata:
        print(f"geodata written to {geodata}/")
    return 0


def run_circles(args: argparse.Namespace) -> int:
    from app.circles import compute_and_store
    from app.data.db import Database

    settings = _settings(args)
    if not settings.db_path.exists():
        raise CliError(f"{settings.db_path} does not exist; create it with `gridscope demo` or import data")
    db = Database(settings.db_path)
    try:
        report = compute_and_store(db, minutes=args.minutes, speed_kmh=args.speed, suggestions=args.suggest)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.close()
    shares = ", ".join(f"{m} min {s:.1%}" for m, s in report.town_share.items() if s is not None)
    print(
        f"{report.circles} circles for {report.stations} stations ({report.buffer_fallbacks} buffer fallbacks), "
        f"coverage of {report.grids} grids: {shares}; {report.seconds:.1f} s"
    )
    for s in report.suggestions:
        print(
            f"  suggested site {s['rank']}: node {s['node_id']} at {s['lon']:.6f},{s['lat']:.6f} "
            f"+{s['added_population']:,.0f} residents → {s['share_after']:.1%}"
        )
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from app.circles import refresh_if_stale
    from app.data.aggregates import rebuild_if_outdated
    from app.main import context_db, create_app, serve

    settings = _settings(args)
    if args.checkpoint_every is not None:
        settings = replace(settings, server_checkpoint_seconds=args.checkpoint_every)
    app = create_app(settings)
    try:
        refreshed = refresh_if_stale(context_db(app), settings.walking_speed_kmh)
    except ValueError as exc:  # an empty database has no town to compute circles for yet
        refreshed = None
        print(f"service circles not computed: {exc}", flush=True)
    if refreshed is not None:
        print(f"stations, roads or grids changed: service circles recomputed in {refreshed.seconds:.1f} s", flush=True)
    rebuilt = rebuild_if_outdated(context_db(app), settings.stage_limits)
    if rebuilt is not None:
        print(f"pre-aggregates were outdated: rebuilt in {rebuilt:.1f} s", flush=True)
    context_db(app).set_threads(settings.server_query_threads)  # after the (parallel) computations above
    context_db(app).release()  # this thread only waits from here on
    simulator = None
    if args.simulate:
        from app.api import ingest_writer
        from app.simulate import Simulator

        writer = ingest_writer(app.server)
        simulator = Simulator(context_db(app), writer.submit, interval=args.simulate_every).start()
        print(f"simulating live incidents every {args.simulate_every:g} s", flush=True)
    print(f"GridScope on http://{args.host}:{args.port}/  (database {settings.db_path}; Ctrl+C to stop)", flush=True)
    try:
        serve(app, args.host, args.port)
    finally:
        if simulator is not None:
            simulator.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from app.data.db import StoreError
    from app.data.sql import QueryDefinitionError
    from app.export.command import ExportCliError
    from app.export.snapshot import SnapshotError
    from app.ingest.problems import FileRefused

    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command == "circles":
            return run_circles(args)
        if args.command == "import":
            from app.ingest.command import run_import

            return run_import(args, _settings(args).db_path)
        if args.command == "export":
            from app.export import command as export

            run = export.run_snapshot if args.export_kind == "snapshot" else export.run_data
            return run(args, _settings(args))
        raise CliError(f"{args.command}: {NOT_YET[args.command]} is not yet available")
    except (CliError, StoreError, QueryDefinitionError, FileRefused, ExportCliError, SnapshotError) as exc:
        print(f"gridscope {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
