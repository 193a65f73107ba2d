"""Exports: PNG snapshot time (target ≤ 3 s) and a 1,000,000-row CSV export (target ≤ 30 s, flat memory).

Snapshot: the app served in this process on the database (as `gridscope export snapshot` does), one
Chromium; the first render includes the browser's start, the rest are warm; plus the whole CLI command
(Python start, app start, browser start, render). CSV: `gridscope export data` in a child process over the
whole period, its resident memory sampled every 50 ms; the same for a tenth of the rows, to show memory does
not grow with rows.

    .venv/bin/python -m app demo --incidents 1000000 --db /tmp/export/demo1m.duckdb --geodata -
    .venv/bin/python benchmarks/bench_export.py --db /tmp/export/demo1m.duckdb
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from app.config import Settings
from app.export.render_queue import Renderer
from app.export.snapshot import spec_from_url
from app.web.local_server import local_server

VIEWS = ("/map", "/map?area=A01&category=noise", "/map?layers=grids,incidents,circles&metric=compliance", "/coverage")


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def run_sampled(cmd: list[str]) -> tuple[float, list[int], str]:
    """Run `cmd`; (seconds, RSS samples in kB every 50 ms, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples: list[int] = []

    def sample() -> None:
        while proc.poll() is None:
            kb = _rss_kb(proc.pid)
            if kb:
                samples.append(kb)
            time.sleep(0.05)

    t = threading.Thread(target=sample)
    t.start()
    out, _ = proc.communicate()
    t.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {out}")
    return time.perf_counter() - start, samples, out.strip()


def bench_snapshots(db: Path, repeat: int, out_dir: Path) -> None:
    print(f"PNG snapshots, 1600x1000 (target ≤ 3 s); database {db}")
    with local_server(Settings(db_path=db)) as srv, Renderer() as renderer:
        for url in VIEWS:
            times = []
            for k in range(repeat):
                spec = spec_from_url(url, fmt="png")
                t = time.perf_counter()
                renderer.render(srv.base_url, spec, out_dir / f"snap{k}.png")
                times.append(time.perf_counter() - t)
            print(f"  {url:<58} first {times[0]:.2f} s, then median {statistics.median(times[1:] or times):.2f} s")
        for scale in (2,):
            t = time.perf_counter()
            renderer.render(srv.base_url, spec_from_url("/map", fmt="png", scale=scale), out_dir / "x2.png")
            print(f"  /map at {scale}x (3200x2000 pixels): {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        renderer.render(srv.base_url, spec_from_url("/map", fmt="pdf", paper="A4"), out_dir / "a4.pdf")
        print(f"  /map as PDF A4: {time.perf_counter() - t:.2f} s")
    cmd = [sys.executable, "-m", "app", "export", "snapshot", "--db", str(db), "--out", str(out_dir / "cli.png")]
    seconds, _, _ = run_sampled(cmd)
    print(f"  whole command `gridscope export snapshot --url /map` (Python, app and browser start): {seconds:.2f} s")


def bench_csv(db: Path, out_dir: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        first, last, n = con.execute(
            "SELECT min(reported_at)::DATE, max(reported_at)::DATE, count(*) FROM incident"
        ).fetchone()
    print(f"CSV export of every incident (target ≤ 30 s at 1M, flat memory); {n:,} incidents {first} – {last}")
    base = [sys.executable, "-m", "app", "export", "data", "--db", str(db), "--layer", "incidents"]
    tenth = first + (last - first) * 9 // 10
    for label, since in (("last tenth of the period", tenth), ("whole period", first)):
        out = out_dir / "incidents.csv"
        seconds, rss, printed = run_sampled([*base, "--from", str(since), "--to", str(last), "--out", str(out)])
        quarter = [rss[int(len(rss) * q) - 1] // 1024 for q in (0.25, 0.5, 0.75, 1.0)] if rss else []
        print(
            f"  {label}: {printed}\n"
            f"    {seconds:.1f} s wall; peak RSS {max(rss) / 1024:.0f} MB; RSS at 25/50/75/100 % of the run: "
            f"{' / '.join(f'{m} MB' for m in quarter)}; file {out.stat().st_size / 1e6:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a demo database (1M incidents for the targets)")
    parser.add_argument("--repeat", type=int, default=4, help="snapshots per view (default 4)")
    parser.add_argument("--skip-snapshots", action="store_true")
    parser.add_argument("--skip-csv", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        if not args.skip_snapshots:
            bench_snapshots(args.db, args.repeat, Path(tmp))
        if not args.skip_csv:
            bench_csv(args.db, Path(tmp))


if __name__ == "__main__":
    main()
