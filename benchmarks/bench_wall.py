"""The wall display (/wall) on a real server and Chromium: first paint, and memory over many refresh cycles.

    .venv/bin/python -m app demo --incidents 1000000 --db /tmp/wall/demo1m.duckdb --geodata -
    .venv/bin/python benchmarks/bench_wall.py --db /tmp/wall/demo1m.duckdb

First paint = navigation start → the first /api/wall payload drawn (tiles, map, charts), from the page's own
performance.now(); cold (first load after the server started) and warm (fresh browser contexts). Then one page
runs `--cycles` refreshes at a shortened interval (`refresh=`), rotating through the areas every 5 s (with
`--simulate`, while `serve --simulate` writes a new incident every second and moves lifecycles on), and prints
the JS heap (after a forced GC), the DOM node count, JS event listeners and the server's RSS every `--every`
cycles. Growth is measured from the end of the warm-up. Targets (DESIGN §7): first paint ≤ 1.5 s; heap, DOM
and RSS growth < 10 %.

The server runs on a copy of the database (the simulation writes to it; the server checkpoints them every
60 s, so its RSS levels off once warm; use --warmup 200 to measure from the first checkpoint on).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402
from tests.access import signing_in  # noqa: E402
from tests.server import running_server, server_pid  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_paint(browser, url: str, size: tuple[int, int]) -> float:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = signing_in(context.new_page())
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#wall-root[data-first-paint]", state="attached", timeout=60_000)
    ms = float(page.locator("#wall-root").get_attribute("data-first-paint"))
    context.close()
    return ms


def sample(cdp, page) -> dict[str, float]:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {
        "cycles": int(page.locator("#wall-root").get_attribute("data-cycles") or 0),
        "heap_mb": metrics["JSHeapUsedSize"] / 1e6,
        "nodes": metrics["Nodes"],
        "listeners": metrics["JSEventListeners"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/wall/demo1m.duckdb"))
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--refresh", type=float, default=0.1, help="refresh interval of the memory run, seconds")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--paints", type=int, default=5)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--simulate", action="store_true", help="serve --simulate --simulate-every 1 meanwhile")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "wall.duckdb"
        shutil.copy(args.db, db)
        serve_args = ["--simulate", "--simulate-every", "1"] if args.simulate else []
        with running_server(db, args=serve_args) as base, sync_playwright() as p:
            pid = server_pid(int(base.rsplit(":", 1)[1]))
            browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
            url = base + "/wall?rotate=0"
            cold = first_paint(browser, url, size)
            warm = [first_paint(browser, url, size) for _ in range(args.paints)]
            print(
                f"first paint at {args.size}: cold {cold:.0f} ms; warm median {statistics.median(warm):.0f} ms, "
                f"max {max(warm):.0f} ms over {len(warm)} loads (target ≤ 1500 ms)",
                flush=True,
            )

            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            page = signing_in(context.new_page())
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{base}/wall?rotate=5&refresh={args.refresh}&still=0", wait_until="commit")
            page.wait_for_selector("#wall-root[data-ready]", state="attached", timeout=60_000)
            rows = []
            started = time.perf_counter()
            target = 0
            while target <= args.cycles:
                page.wait_for_function(
                    f"() => +document.getElementById('wall-root').dataset.cycles >= {max(target, 1)}",
                    timeout=600_000,
                    polling=200,
                )
                row = sample(cdp, page) | {"rss_mb": rss_mb(pid), "s": time.perf_counter() - started}
                rows.append(row)
                print(
                    f"  cycle {row['cycles']:>5}  {row['s']:7.1f} s  heap {row['heap_mb']:7.2f} MB  "
                    f"nodes {row['nodes']:>6.0f}  listeners {row['listeners']:>5.0f}  "
                    f"server RSS {row['rss_mb']:7.1f} MB",
                    flush=True,
                )
                target = args.warmup if target == 0 else target + args.every
            errors = page.evaluate("window.gridscopeWall.failures")
            context.close()
            browser.close()
    base_row = next(r for r in rows if r["cycles"] >= args.warmup)
    end = rows[-1]
    print(
        f"over {end['cycles']} refresh cycles at {args.refresh} s ({end['s']:.0f} s), growth after warm-up "
        f"(cycle {base_row['cycles']} → {end['cycles']}), fetch failures {errors}:"
    )
    for key, label in (
        ("heap_mb", "JS heap MB"),
        ("nodes", "DOM nodes"),
        ("listeners", "listeners"),
        ("rss_mb", "server RSS MB"),
    ):
        a, b = base_row[key], end[key]
        peak = max(r[key] for r in rows if r["cycles"] >= base_row["cycles"])
        print(f"  {label:<14} {a:9.2f} → {b:9.2f}  ({(b - a) / a * 100:+.1f} %, peak {peak:.2f})")


if __name__ == "__main__":
    main()
