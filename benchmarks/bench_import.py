"""Incident CSV import: time to import N incidents (default 1,000,000) from a CSV into a town database.

The CSV is the demo town's own incidents written by DuckDB COPY, with the columns a direct import reads;
the target is the same town without incidents, so every row is validated, assigned to its grid and written
with its event log, as `gridscope import incidents FILE` does.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from app.config import Settings
from app.demo.build import build_demo
from app.ingest.run import ImportOptions, import_file
from app.store.db import Database, connect

NOW = datetime(2026, 11, 22, 16)
COLUMNS = (
    "incident_id, category, source, severity, status, reported_at, responded_at, arrived_at, disposed_at, "
    "closed_at, escalated, department, satisfaction, description, address, site_id, lon, lat"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        source, target, csv = Path(tmp) / "source.duckdb", Path(tmp) / "target.duckdb", Path(tmp) / "incidents.csv"
        t = time.perf_counter()
        build_demo(source, incidents=args.incidents, seed=7, now=NOW, settings=Settings())
        build_demo(target, incidents=0, seed=7, now=NOW, settings=Settings())
        con = connect(source, read_only=True)
        con.execute(f"COPY (SELECT {COLUMNS} FROM incident ORDER BY incident_id) TO '{csv}' (HEADER)")
        con.close()
        print(
            f"prepared {args.incidents:,} incidents, CSV {csv.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - t:.0f} s"
        )
        db = Database(target)
        t = time.perf_counter()
        result = import_file(db, ImportOptions(kind="incidents", path=csv), Settings())
        db.cursor().execute("CHECKPOINT")
        seconds = time.perf_counter() - t
        events = db.cursor().execute("SELECT count(*) FROM incident_event").fetchone()[0]
        db.close()
        print(result.summary())
        print(f"import incl. checkpoint: {seconds:.1f} s ({args.incidents / seconds:,.0f} rows/s), {events:,} events")


if __name__ == "__main__":
    main()
