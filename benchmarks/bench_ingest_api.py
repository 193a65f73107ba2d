"""Ingest API: single-incident POST /api/incidents requests against a running server while a headless Chromium
uses the leaders' map (`--browser reload`: reloads it in a loop; `interact`: a person's actions). Loopback only;
a bounded number of requests.

Two modes:
- open loop (default, `--rate 200`): requests are sent on a fixed schedule, one every 1/rate s, from a scheduler
  thread to a pool of sender threads large enough that sending never waits on a reply; each latency runs from the
  request's *scheduled* send time, so time spent queued behind a slow reply counts (no coordinated omission).
  This is the target as stated: "sustains ≥ 200 requests/s with p95 ≤ 100 ms".
- closed loop (`--rate 0`): `--concurrency` clients each send as soon as their last reply came; prints the
  throughput reached and its latencies (by Little's law, latency ≈ concurrency / throughput).

Prints the achieved rate, p50/p95/p99 latency, errors and the browser's map reloads or actions meanwhile.

The browser shares this machine's cores with the server; `--browser-idle` runs it under SCHED_IDLE so it
yields them, which is closer to a real ops center, where the browser runs on a display PC and only its
requests reach the server. (A nice value does not do this: Chromium run as root sets its threads' own
priorities, to nice 0, 5 and -8, whatever it inherited.)
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's app, not the venv's

from app.config import Settings  # noqa: E402
from app.demo.build import build_demo  # noqa: E402
from tests.access import signing_in  # noqa: E402
from tests.server import running_server  # noqa: E402

TOKEN = "bench-token"


AREAS = ("老镇片区", "新城片区")


def browse(base_url: str, stop, counter, mode: str, think: float, idle: bool) -> None:
    """Use the map until stopped, counting page loads (`reload`) or interactions (`interact`); each waits for
    the network to go idle (the map's callbacks answered).

    - reload: load /map again and again, a stress far beyond a person's use;
    - interact: a person at the map: zoom in, pan, zoom out, choose an area, drill into a unit, go back up,
      with `think` seconds between actions."""
    from playwright.sync_api import sync_playwright

    from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH

    if idle:  # Chromium and its helpers inherit the policy, and none of their priority settings leaves it
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        page = signing_in(browser.new_page(viewport={"width": 1440, "height": 900}))
        page.goto(base_url + "/map", wait_until="networkidle")
        step = 0
        while not stop.is_set():
            if mode == "reload":
                page.goto(base_url + "/map", wait_until="networkidle")
            else:
                _interact(page, step)
                page.wait_for_load_state("networkidle")
                time.sleep(think)
            with counter.get_lock():
                counter.value += 1
            step += 1
        browser.close()


def _interact(page, step: int) -> None:
    action = step % 6
    box = page.locator(".leaflet-container").bounding_box()
    if action == 0:
        page.locator(".leaflet-control-zoom-in").click()
    elif action == 1:
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 150, y - 80, steps=8)
        page.mouse.up()
    elif action == 2:
        page.locator(".leaflet-control-zoom-out").click()
    elif action == 3:
        page.locator("#map-filter-area").click()
        page.get_by_role("option", name=AREAS[(step // 6) % len(AREAS)]).click()
        page.keyboard.press("Escape")
    elif action == 4:
        page.locator(".leaflet-units-pane path").first.click(force=True)
    else:
        page.locator("#map-breadcrumb .gs-crumb").first.click()


class Poster:
    """One keep-alive HTTP connection per sender thread."""

    def __init__(self, base: str):
        self.url = urlparse(base)
        self.local = threading.local()

    def post(self, body: bytes) -> int:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=30)
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        try:
            conn.request("POST", "/api/incidents", body, headers)
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            self.local.conn = None
            return 0


def bodies(n: int, prefix: str, reported_at: str) -> list[bytes]:
    rng = np.random.default_rng(3)
    lons, lats = rng.uniform(121.40, 121.44, n), rng.uniform(31.03, 31.07, n)
    return [
        json.dumps(
            {
                "incident_id": f"{prefix}-{i:07d}",
                "category": "noise",
                "reported_at": reported_at,
                "lon": float(lons[i]),
                "lat": float(lats[i]),
            }
        ).encode()
        for i in range(n)
    ]


def open_loop(poster: Poster, payloads: list[bytes], rate: float, senders: int):
    """Send payloads[i] at t0 + i/rate; latency from that scheduled time to the reply."""
    results: list[tuple[float, int] | None] = [None] * len(payloads)
    interval = 1.0 / rate

    def send(i: int, due: float) -> None:
        status = poster.post(payloads[i])
        results[i] = (time.perf_counter() - due, status)

    with ThreadPoolExecutor(senders) as pool:
        t0 = time.perf_counter() + 0.05
        for i in range(len(payloads)):
            due = t0 + i * interval
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, i, due)
        issued = time.perf_counter() - t0
    wall = time.perf_counter() - t0
    return results, wall, issued


def closed_loop(poster: Poster, payloads: list[bytes], concurrency: int):
    def one(i: int) -> tuple[float, int]:
        t = time.perf_counter()
        status = poster.post(payloads[i])
        return time.perf_counter() - t, status

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(len(payloads))))
    wall = time.perf_counter() - t0
    return results, wall, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=200.0, help="open loop: requests/s on a schedule; 0: closed")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument(
        "--senders", type=int, default=64, help="open loop: sender threads (below waitress's 100 connections)"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="closed loop: clients")
    parser.add_argument("--incidents", type=int, default=100_000, help="incidents already in the database")
    parser.add_argument("--db", type=Path, help="copy of an existing demo database to use (else one is built)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--browser", choices=("reload", "interact"), default="reload", help="how the browser uses the map"
    )
    parser.add_argument("--think", type=float, default=1.0, help="interact: seconds between a person's actions")
    parser.add_argument(
        "--browser-idle",
        action="store_true",
        help="run the browser under SCHED_IDLE: it yields the cores to the server, as a browser on another machine",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "town.duckdb"
        if args.db:
            db.write_bytes(args.db.read_bytes())
        else:
            build_demo(db, incidents=args.incidents, seed=7, now=datetime(2026, 11, 22, 16), settings=Settings())
        # The usual live write: reported half an hour before the dataset's now (a day not yet pre-aggregated).
        with duckdb.connect(str(db), read_only=True) as con:
            until = con.execute("SELECT value FROM meta WHERE key = 'data_until'").fetchone()[0]
        reported_at = str(datetime.fromisoformat(until) - timedelta(minutes=30))
        os.environ["GRIDSCOPE_INGEST_TOKEN"] = TOKEN
        with running_server(db) as base:
            poster = Poster(base)
            for body in bodies(20, "WARM", reported_at):  # the writer thread and first connections
                poster.post(body)
            # The browser's driver runs in a process of its own: in a thread here it would hold this process's GIL
            # while it handles the page's protocol messages, and the senders' replies would wait for it.
            spawn = multiprocessing.get_context("spawn")
            stop, pages = spawn.Event(), spawn.Value("i", 0)
            browser = None
            if not args.no_browser:
                browser = spawn.Process(
                    target=browse, args=(base, stop, pages, args.browser, args.think, args.browser_idle), daemon=True
                )
                browser.start()
                time.sleep(5)  # let the first page load settle
            payloads = bodies(args.requests, "BENCH", reported_at)
            load = os.getloadavg()[0]
            reloads0 = pages.value
            if args.rate > 0:
                results, wall, issued = open_loop(poster, payloads, args.rate, args.senders)
                mode = (
                    f"open loop at {args.rate:.0f}/s ({args.senders} senders; issued at {len(payloads) / issued:.0f}/s)"
                )
            else:
                results, wall, issued = closed_loop(poster, payloads, args.concurrency)
                mode = f"closed loop, concurrency {args.concurrency}"
            reloads = pages.value - reloads0
            stop.set()
            if browser is not None:
                browser.join(timeout=60)
            latency = np.array([r[0] for r in results]) * 1000
            actions = "reloads" if args.browser == "reload" else f"actions ({args.think:g} s apart)"
            if args.browser_idle:
                actions += ", browser under SCHED_IDLE"
            ok = sum(1 for r in results if r[1] == 200)
            print(
                f"{mode}; {args.requests:,} single-incident requests, {args.incidents:,} incidents stored; "
                f"load {load:.1f} → {os.getloadavg()[0]:.1f}"
            )
            print(
                f"achieved {ok / wall:.0f} answered/s over {wall:.1f} s; "
                f"latency p50 {np.percentile(latency, 50):.1f} ms, "
                f"p95 {np.percentile(latency, 95):.1f} ms, p99 {np.percentile(latency, 99):.1f} ms, "
                f"max {latency.max():.0f} ms; errors {len(results) - ok}; "
                f"browser: {'off' if browser is None else f'{reloads} map {actions}'}"
            )


if __name__ == "__main__":
    main()
