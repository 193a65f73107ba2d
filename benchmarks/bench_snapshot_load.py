"""Snapshots under load: N concurrent GET /api/export/snapshot requests of mixed sizes against a real server
while /api/health is polled every 100 ms (target, DESIGN §7: health ≤ 1 s throughout; every snapshot 200 or
429; memory < 2 GB).

The server is `python -m app serve` from this checkout on a copy of the database. All requests start at the
same moment (a barrier). Prints the health latencies (p50/p95/max, and how many took over 1 s or failed), the
snapshots' answers by status with their times, Retry-After of the 429s, the server process's peak RSS (its
VmHWM; psutil if installed, else /proc), the peak proportional set size of the server with its browser
processes (sampled every 100 ms) and what the server left in its TMPDIR (a folder of its own).

    .venv/bin/python -m app demo --db /tmp/snap.duckdb --incidents 20000 --geodata -
    .venv/bin/python benchmarks/bench_snapshot_load.py --db /tmp/snap.duckdb
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.access import API  # noqa: E402
from tests.server import running_server, server_pid  # noqa: E402

# (label, query): PNGs from 800×600 to the 4K wall at 1× and 2×, both pages, and PDFs.
MIX = (
    ("png 1600x1000", "width=1600&height=1000"),
    ("png 1200x800 2x", "width=1200&height=800&scale=2&area=A01"),
    ("coverage 1000x700", "page=coverage&width=1000&height=700&minutes=10"),
    ("pdf A4", "format=pdf&paper=A4&area=A02"),
    ("png 3840x2160", "width=3840&height=2160"),
    ("png 800x600", "width=800&height=600&category=noise"),
    ("png 1920x1080 2x", "width=1920&height=1080&scale=2"),
    ("pdf A3", "format=pdf&paper=A3&page=coverage"),
)


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


class Memory:
    """The server's RSS (psutil if installed, else /proc) and the proportional set size of the server with its
    browser processes (Playwright's driver, Chromium and its helpers: shared pages counted once), in MB."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        try:
            import psutil

            self._ps = psutil.Process(pid)
        except ImportError:
            self._ps = None

    def own(self) -> float:
        if self._ps is not None:
            return self._ps.memory_info().rss / 2**20
        return _proc_kb(f"/proc/{self.pid}/status", "VmRSS") / 1024

    def peak_own(self) -> float:
        return _proc_kb(f"/proc/{self.pid}/status", "VmHWM") / 1024  # the kernel's high-water mark

    def tree(self) -> float:
        return sum(_proc_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in self._descendants()) / 1024

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = collections.defaultdict(list)
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(proc.name))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out


def _proc_kb(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(base: str, pid: int, n: int, poll: float, server_tmp: Path) -> None:
    memory = Memory(pid)
    before_temp = set(server_tmp.iterdir())
    idle_tree = memory.tree()
    stop = threading.Event()
    health: list[tuple[float, float, int]] = []  # (since start, seconds, status; 0 = failed)
    peaks = {"own": memory.own(), "tree": idle_tree}
    start = time.perf_counter()

    def poll_health() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            try:
                status = requests.get(f"{base}/api/health", timeout=10).status_code
            except requests.RequestException:
                status = 0
            health.append((t - start, time.perf_counter() - t, status))
            stop.wait(max(0.0, poll - (time.perf_counter() - t)))

    def sample_memory() -> None:
        while not stop.is_set():
            peaks["own"] = max(peaks["own"], memory.own())
            peaks["tree"] = max(peaks["tree"], memory.tree())
            stop.wait(0.1)

    answers: list[dict] = []
    barrier = threading.Barrier(n)

    def snapshot(k: int) -> None:
        label, query = MIX[k % len(MIX)]
        barrier.wait()
        t = time.perf_counter()
        try:
            r = requests.get(f"{base}/api/export/snapshot?{query}", headers=API, timeout=600)
            status, retry = r.status_code, r.headers.get("Retry-After")
            json_body = r.headers.get("Content-Type", "").startswith("application/json")
            size = len(r.content)
        except requests.RequestException as exc:
            status, retry, json_body, size = 0, None, False, 0
            label += f" ({type(exc).__name__})"
        seconds = time.perf_counter() - t
        answers.append(
            {"label": label, "status": status, "seconds": seconds, "retry": retry, "json": json_body, "size": size}
        )

    watchers = [threading.Thread(target=poll_health), threading.Thread(target=sample_memory)]
    for w in watchers:
        w.start()
    time.sleep(1.0)  # a second of idle health first
    clients = [threading.Thread(target=snapshot, args=(k,)) for k in range(n)]
    t0 = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    burst = time.perf_counter() - t0
    time.sleep(1.0)
    stop.set()
    for w in watchers:
        w.join()
    time.sleep(0.5)
    left = set(server_tmp.iterdir()) - before_temp

    lat = [s for _, s, status in health if status == 200]
    failed = [h for h in health if h[2] != 200]
    print(f"{n} concurrent snapshot requests ({len(MIX)} kinds, mixed sizes); all answered in {burst:.1f} s")
    print(
        f"  /api/health every {poll * 1000:.0f} ms: {len(health)} polls, p50 {_pct(lat, 0.5) * 1000:.0f} ms, "
        f"p95 {_pct(lat, 0.95) * 1000:.0f} ms, max {max(s for _, s, _ in health) * 1000:.0f} ms; "
        f"over 1 s: {sum(1 for _, s, _ in health if s > 1)}; not 200: {len(failed)}"
    )
    by_status = collections.Counter(a["status"] for a in answers)
    print("  snapshot answers: " + ", ".join(f"{s or 'no answer'}: {c}" for s, c in sorted(by_status.items())))
    for status in sorted(by_status):
        times = [a["seconds"] for a in answers if a["status"] == status]
        extra = ""
        if status == 429:
            busy = [a for a in answers if a["status"] == 429]
            retry = sorted({a["retry"] for a in busy}, key=str)
            extra = f"; Retry-After {', '.join(map(str, retry))} s; all JSON: {all(a['json'] for a in busy)}"
        print(f"    {status or 'no answer'}: median {statistics.median(times):.1f} s, max {max(times):.1f} s{extra}")
    for a in sorted(answers, key=lambda a: a["seconds"]):
        print(f"      {a['label']:<22} {a['status']} in {a['seconds']:5.1f} s, {a['size'] / 1e3:8.0f} kB")
    print(
        f"  server process peak RSS {max(peaks['own'], memory.peak_own()):.0f} MB (VmHWM {memory.peak_own():.0f}); "
        f"server + browser processes peak PSS {peaks['tree']:.0f} MB (before the burst: {idle_tree:.0f} MB)"
    )
    print(f"  left behind in the server's TMPDIR: {len(left)} {sorted(p.name for p in left)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a demo database (served from a copy)")
    parser.add_argument("--requests", type=int, default=20, help="concurrent snapshot requests (default 20)")
    parser.add_argument("--poll", type=float, default=0.1, help="seconds between health polls (default 0.1)")
    parser.add_argument("--renders", type=int, help="[snapshots] renders (default: one per two cores, at most 2)")
    parser.add_argument("--queue", type=int, help="[snapshots] queue for the server (default 8)")
    args = parser.parse_args()
    # The stopped server's Chromium may still be writing its profile there as the folder goes.
    with tempfile.TemporaryDirectory(prefix="bench-snapload-", ignore_cleanup_errors=True) as tmp:
        db = Path(tmp) / "snap.duckdb"
        shutil.copy(args.db, db)
        limits = {"renders": args.renders, "queue": args.queue}
        if any(v is not None for v in limits.values()):
            lines = [f"{k} = {v}" for k, v in limits.items() if v is not None]
            (Path(tmp) / "gridscope.toml").write_text("[snapshots]\n" + "\n".join(lines) + "\n")
            print(f"server settings: [snapshots] {', '.join(lines)}")
        server_tmp = Path(tmp) / "server-tmp"  # the server's TMPDIR: what it leaves there is its own
        server_tmp.mkdir()
        os.environ["TMPDIR"] = str(server_tmp)
        with running_server(db) as base:
            pid = server_pid(int(base.rsplit(":", 1)[1]))
            # One snapshot first, so that the browser has started before the load.
            requests.get(f"{base}/api/export/snapshot?width=800&height=600", headers=API, timeout=300)
            run(base, pid, args.requests, args.poll, server_tmp)


if __name__ == "__main__":
    main()
