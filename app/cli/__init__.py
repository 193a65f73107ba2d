"""The `gridscope` command (also `python -m app`): a thin dispatcher over one module per command group.

Each module has `add_parser(sub)` and `run(args) -> int`. The settings are built here, from the options (see
app.cli.options), and passed down; every error a user can act on is an AppError, printed as one line with
exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli import bench, circles, demo, export, importing, init, serve, users
from app.cli.options import settings_of

COMMANDS = {
    "init": init,
    "demo": demo,
    "serve": serve,
    "import": importing,
    "circles": circles,
    "export": export,
    "bench": bench,
    "users": users,
    "tokens": users,
    "wall-link": users,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridscope",
        description="GridScope (网格一张图): a geospatial dashboard for a town's city-operation center.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in dict.fromkeys(COMMANDS.values()):  # a module may add several commands
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app.errors import AppError
    from app.store.sql import QueryDefinitionError

    args = build_parser().parse_args(argv)
    try:
        if args.command == "export":
            return export.run(args, settings_of(args))
        return COMMANDS[args.command].run(args)
    except (AppError, QueryDefinitionError) as exc:
        print(f"gridscope {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
