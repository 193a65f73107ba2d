"""Spatial assignment: time to assign N random points in the town to their level-3 grid."""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from app.config import Settings
from app.demo.build import build_demo
from app.store.db import Database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "town.duckdb"
        build_demo(path, incidents=1000, seed=7, now=datetime(2026, 11, 22, 16), settings=Settings())
        db = Database(path)
        cur = db.cursor()
        min_lon, min_lat, max_lon, max_lat = cur.execute(
            "SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM grid WHERE level = 0"
        ).fetchone()
        rng = np.random.default_rng(1)
        stage = pd.DataFrame(
            {
                "seq": np.arange(args.points),
                "lon": rng.uniform(min_lon, max_lon, args.points),
                "lat": rng.uniform(min_lat, max_lat, args.points),
            }
        )
        cur.register("incident_stage", stage)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            db.queries["incident/assign_staged_grids"].execute(cur)
            times.append(time.perf_counter() - t)
        assigned = cur.execute("SELECT count(*) FROM staged_grid").fetchone()[0]
        best, median = min(times), float(np.median(times))
        print(f"points={args.points:,} assigned={assigned:,} (rest fall outside the town in its bounding box)")
        print(f"best {best:.2f} s, median {median:.2f} s → {median / args.points * 1e6:.2f} s per million points")
        db.close()


if __name__ == "__main__":
    main()
