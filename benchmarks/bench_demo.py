"""Demo generation: wall time per stage and database size for each incident count."""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

from app.config import Settings
from app.demo.build import build_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated incident counts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    now = datetime(2026, 11, 22, 16)
    print(f"{'incidents':>10} {'seconds':>8} {'MB':>8} {'MB/1M inc':>10}  stages (s)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"demo_{n}.duckdb"
            report = build_demo(path, incidents=n, seed=args.seed, now=now, settings=Settings())
            mb = path.stat().st_size / 1e6
            stages = " ".join(f"{k}={v}" for k, v in report.timings.items())
            print(f"{n:>10,} {report.seconds:>8.1f} {mb:>8.1f} {mb / n * 1e6:>10.0f}  {stages}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
