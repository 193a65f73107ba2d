"""Ingest API throughput: single-incident POST /api/incidents requests against a running server while a
headless Chromium reloads the leaders' map in a loop. Loopback only; a bounded number of requests.

Prints requests/s and latency percentiles (target: ≥ 200 requests/s, p95 ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's app, not the venv's

from app.demo.build import build_demo  # noqa: E402
from tests.server import running_server  # noqa: E402

TOKEN = "bench-token"


def browse(base_url: str, stop: threading.Event, counter: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        while not stop.is_set():
            page.goto(base_url + "/map", wait_until="networkidle")
            counter[0] += 1
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--incidents", type=int, default=100_000, help="incidents already in the database")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "town.duckdb"
        build_demo(db, incidents=args.incidents, seed=7, now=datetime(2026, 11, 22, 16))
        os.environ["GRIDSCOPE_INGEST_TOKEN"] = TOKEN
        with running_server(db) as base:
            stop, pages = threading.Event(), [0]
            browser = None
            if not args.no_browser:
                browser = threading.Thread(target=browse, args=(base, stop, pages), daemon=True)
                browser.start()
                time.sleep(5)  # let the first page load settle
            local = threading.local()
            rng = np.random.default_rng(3)
            lons, lats = rng.uniform(121.40, 121.44, args.requests), rng.uniform(31.03, 31.07, args.requests)

            def one(i: int) -> tuple[float, int]:
                session = getattr(local, "session", None) or requests.Session()
                local.session = session
                body = {
                    "incident_id": f"BENCH-{i:07d}",
                    "category": "noise",
                    "reported_at": "2026-11-22 15:30:00",
                    "lon": float(lons[i]),
                    "lat": float(lats[i]),
                }
                t = time.perf_counter()
                r = session.post(
                    f"{base}/api/incidents", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
                )
                return time.perf_counter() - t, r.status_code

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                results = list(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - t0
            stop.set()
            if browser is not None:
                browser.join(timeout=60)
            latency = np.array([r[0] for r in results]) * 1000
            ok = sum(1 for r in results if r[1] == 200)
            print(
                f"{args.requests:,} single-incident requests, concurrency {args.concurrency}, "
                f"{args.incidents:,} incidents stored; {ok:,} answered 200"
            )
            print(
                f"{args.requests / wall:.0f} requests/s; latency p50 {np.percentile(latency, 50):.1f} ms, "
                f"p95 {np.percentile(latency, 95):.1f} ms, p99 {np.percentile(latency, 99):.1f} ms; "
                f"home page reloads meanwhile: {pages[0]}"
            )


if __name__ == "__main__":
    main()
