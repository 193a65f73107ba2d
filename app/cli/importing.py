"""`gridscope import …`: run one import against the database, or send incidents to a running server."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli.options import CliError, db_arg, settings_of

KINDS = ["grids", "stations", "roads", "risk-sites", "incidents"]


def add_parser(sub) -> None:
    from app.ingest.readers import FORMATS

    imp = sub.add_parser(
        "import",
        help="import a town's own grids, stations, roads, risk sites or incidents",
        description="Import one file as one transaction. Bad rows are listed in FILE.rejects.csv (and the "
        "import_reject table) with their row number and reason; a bad file changes nothing; importing the "
        "same file again changes nothing.",
    )
    db_arg(imp)
    imp.add_argument("kind", choices=KINDS, help="what the file holds")
    imp.add_argument("file", type=Path, help="the file to import")
    imp.add_argument("--format", dest="fmt", choices=FORMATS, help="file format (default: from the file name)")
    imp.add_argument("--crs", help="coordinates are wgs84 (default), gcj02, bd09 or EPSG:n")
    imp.add_argument("--mapping", type=Path, help="TOML file mapping the file's columns and values (docs/mappings/)")
    imp.add_argument("--dry-run", action="store_true", help="validate only; write nothing to the database")
    imp.add_argument("--url", help="send incidents to the running server at this address instead of the database")
    imp.add_argument("--token", help="ingest token for --url (default: $GRIDSCOPE_INGEST_TOKEN)")


def run(args: argparse.Namespace) -> int:
    if args.url:
        from app.ingest.client import send_file

        if args.kind != "incidents":
            raise CliError("--url sends incidents only; import other kinds with the server stopped")
        token = args.token or os.environ.get("GRIDSCOPE_INGEST_TOKEN")
        if not token:
            raise CliError("--url needs --token or $GRIDSCOPE_INGEST_TOKEN")
        report = send_file(args, args.url, token)
        print(report.summary())
        return 0
    from app.ingest.run import ImportOptions, import_file
    from app.store.db import Database

    settings = settings_of(args)
    db = Database(settings.db_path)
    try:
        result = import_file(
            db,
            ImportOptions(
                kind=args.kind,
                path=args.file,
                fmt=args.fmt,
                crs=args.crs,
                mapping=args.mapping,
                dry_run=args.dry_run,
            ),
            settings,
        )
        if not args.dry_run:
            db.cursor().execute("CHECKPOINT")
    finally:
        db.close()
    print(result.summary())
    return 0
