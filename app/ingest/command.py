"""`gridscope import …`: run one import against the database, or send incidents to a running server."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.ingest.problems import FileRefused


def run_import(args: argparse.Namespace, db_path: Path) -> int:
    if args.url:
        from app.ingest.client import send_file

        if args.kind != "incidents":
            raise FileRefused("--url sends incidents only; import other kinds with the server stopped")
        token = args.token or os.environ.get("GRIDSCOPE_INGEST_TOKEN")
        if not token:
            raise FileRefused("--url needs --token or $GRIDSCOPE_INGEST_TOKEN")
        report = send_file(args, args.url, token)
        print(report.summary())
        return 0
    from app.data.db import Database
    from app.ingest.run import ImportOptions, import_file

    db = Database(db_path)
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
        )
        if not args.dry_run:
            db.cursor().execute("CHECKPOINT")
    finally:
        db.close()
    print(result.summary())
    return 0
