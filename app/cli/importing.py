"""`gridscope import …`: run one import against the database, or send incidents to a running server."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from app.cli.options import CliError, db_arg, settings_of
from app.config import Settings

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
    imp.add_argument(
        "--write-mapping",
        type=Path,
        metavar="FILE",
        help="write a mapping file listing the values a mapping must translate (with --mapping's entries kept), "
        "to fill in and pass as --mapping",
    )
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
        print(report.summary(), flush=True)
        _refuse_if_nothing_loaded(report)
        return 0
    settings = settings_of(args)
    result = _dry_run(args, settings) if args.dry_run else _import(args, settings, settings.db_path)
    print(result.summary(), flush=True)
    _refuse_if_nothing_loaded(result)
    return 0


def _options(args: argparse.Namespace):
    from app.ingest.run import ImportOptions

    return ImportOptions(
        kind=args.kind,
        path=args.file,
        fmt=args.fmt,
        crs=args.crs,
        mapping=args.mapping,
        dry_run=args.dry_run,
        write_mapping=args.write_mapping,
    )


def _import(args: argparse.Namespace, settings: Settings, db_path: Path):
    from app.ingest.run import import_file
    from app.store.db import Database

    db = Database(db_path)
    try:
        result = import_file(db, _options(args), settings)
        if not args.dry_run:
            db.cursor().execute("CHECKPOINT")
    finally:
        db.close()
    return result


def _dry_run(args: argparse.Namespace, settings: Settings):
    """Validate against a copy of the database, so that the file itself stays byte for byte as it was (opening
    a DuckDB file read-write may checkpoint it) and a missing one is not created."""
    with tempfile.TemporaryDirectory(prefix="gridscope-dry-run-") as tmp:
        copy = Path(tmp) / settings.db_path.name
        for suffix in ("", ".wal"):
            source = Path(f"{settings.db_path}{suffix}")
            if source.exists():
                shutil.copyfile(source, f"{copy}{suffix}")
        return _import(args, settings, copy)


def _refuse_if_nothing_loaded(result) -> None:
    if result.nothing_loaded:
        where = f"; the reasons are in {result.rejects_path}" if result.rejects_path else ""
        raise CliError(f"every row was rejected, nothing was loaded{where}")
