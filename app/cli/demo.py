"""`gridscope demo`: build the synthetic demo town into the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import GEODATA_DIR
from app.cli.options import count, db_arg, settings_of, timestamp


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="generate the synthetic demo town into the database (replaces it)",
        description="Generate the synthetic demo town (示范镇, fictional) with its grids, "
        "walking network, stations, risk sites and incidents. Deterministic for "
        "a given --seed and --now.",
    )
    db_arg(demo)
    demo.add_argument("--incidents", type=count, default=100_000, help="number of incidents (default 100000)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument(
        "--now",
        type=timestamp,
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


def run(args: argparse.Namespace) -> int:
    from app.demo.build import build_demo

    settings = settings_of(args)
    geodata = None if str(args.geodata) == "-" else args.geodata
    report = build_demo(
        settings.db_path,
        settings=settings,
        incidents=args.incidents,
        seed=args.seed,
        now=args.now,
        geodata_dir=geodata,
    )
    size_mb = report.db_path.stat().st_size / 1e6
    print(
        f"demo town written to {report.db_path}: {report.incidents:,} incidents, "
        f"{size_mb:.1f} MB, {report.seconds:.1f} s"
    )
    if geodata:
        print(f"geodata written to {geodata}/")
    return 0
