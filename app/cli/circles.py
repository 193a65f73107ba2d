"""`gridscope circles`: compute the stations' walking service circles, grid coverage and site suggestions."""

from __future__ import annotations

import argparse

from app.cli.options import CliError, count, db_arg, existing_db, minutes_list, settings_of, speed


def add_parser(sub) -> None:
    circles = sub.add_parser(
        "circles",
        help="compute walking service circles, grid coverage and site suggestions",
        description="Compute every station's walking isochrones on the road network (buffer fallback where a "
        "station is over 300 m from it), per-grid population coverage, blind spots and suggested new sites; "
        "replaces what was stored.",
    )
    db_arg(circles)
    circles.add_argument(
        "--minutes", type=minutes_list, default=None, help="durations (default: the settings', 5,10,15)"
    )
    circles.add_argument("--speed", type=speed, default=None, help="walking speed in km/h (default 4.5)")
    circles.add_argument("--suggest", type=count, default=5, help="number of sites to suggest (default 5)")


def run(args: argparse.Namespace) -> int:
    from app.services.circles import compute_and_store
    from app.store.db import Database

    settings = settings_of(args)
    db = Database(existing_db(settings))
    try:
        report = compute_and_store(
            db,
            minutes=args.minutes or settings.circle_minutes,
            speed_kmh=args.speed or settings.walking_speed_kmh,
            suggestions=args.suggest,
        )
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
