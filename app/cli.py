"""The `gridscope` command (also `python -m app`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app import GEODATA_DIR
from app.config import DEFAULT_DB_NAME, Settings, default_db_path

NOT_YET = {
    "import": "importing a town's own data",
    "circles": "computing 15-minute service circles",
    "export": "map snapshots and data exports",
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
    serve.add_argument("--simulate", action="store_true", help="feed the demo town live incidents (not yet available)")

    for name, what in NOT_YET.items():
        p = sub.add_parser(name, help=f"{what} (not yet available)", description=f"{what}: not yet available.")
        _db_arg(p)
        p.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


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


def run_serve(args: argparse.Namespace) -> int:
    from app.main import create_app, serve

    if args.simulate:
        raise CliError("--simulate is not yet available")
    settings = _settings(args)
    app = create_app(settings)
    print(f"GridScope on http://{args.host}:{args.port}/  (database {settings.db_path}; Ctrl+C to stop)", flush=True)
    serve(app, args.host, args.port)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from app.data.db import StoreError
    from app.data.sql import QueryDefinitionError

    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(args)
        if args.command == "serve":
            return run_serve(args)
        raise CliError(f"{args.command}: {NOT_YET[args.command]} is not yet available")
    except (CliError, StoreError, QueryDefinitionError) as exc:
        print(f"gridscope {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
