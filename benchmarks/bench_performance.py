"""Server time of the performance page for a range of filters: all its data (the metric reads) and the
whole layout (reads + plotly figures), p50/p95 in milliseconds.

    .venv/bin/gridscope demo --db /tmp/perf1m.duckdb --incidents 1000000 --geodata -
    .venv/bin/python benchmarks/bench_performance.py --db /tmp/perf1m.duckdb

Targets (DESIGN §7): p95 ≤ 150 ms at 1,000,000 incidents, ≤ 300 ms at 5,000,000.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app, not the venv's

from app.config import Settings  # noqa: E402
from app.domain.filters import Filters, parse_filters  # noqa: E402
from app.services import metrics, repo  # noqa: E402
from app.services import performance as performance_view  # noqa: E402
from app.store.db import Database  # noqa: E402
from app.web.factory import create_app  # noqa: E402
from app.web.pages import performance  # noqa: E402

AREAS = ["", "area=A01", "area=A02,A03"]
DAYS = [7, 30, 90, 365, 730]
CATEGORIES = ["", "category=noise", "layer=warning&source=iot"]
EXTRA = ["grid=A01-C01", "severity=3,4", "status=open", "area=A05&grid=A05-C01-G01&from=2026-01-01"]


def queries(today) -> list[str]:
    out = []
    for area, days, cat in itertools.product(AREAS, DAYS, CATEGORIES):
        start = today - timedelta(days=days - 1)
        out.append("&".join(q for q in (area, f"from={start}&to={today}", cat) if q))
    return out + EXTRA


def page_data(db: Database, filters: Filters, settings: Settings) -> None:
    """Every read the page makes for one view (mirrors performance.layout)."""
    scope = metrics.make_scope(db, filters, settings.stage_limits)
    grain = performance.default_grain(scope.period.days)
    performance_view.load(db, scope, grain, repo.units(db))


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=Settings().server_query_threads, help="DuckDB threads (default: the server's)"
    )
    args = parser.parse_args()
    settings = Settings().with_db(args.db)
    db = Database(args.db, read_only=True)
    db.set_threads(args.threads)
    app = create_app(settings, db=db)
    (n,) = db.cursor().execute("SELECT count(*) FROM incident").fetchone()
    today = metrics.make_scope(db, Filters(), settings.stage_limits).now.date()
    qs = queries(today)
    data_ms: list[float] = []
    layout_ms: list[float] = []
    slowest: list[tuple[float, str]] = []
    with app.server.test_request_context():
        page_data(db, Filters(), settings)  # warm-up: first reads load column segments
        for _ in range(args.repeat):
            for q in qs:
                f = parse_filters(q)
                t = time.perf_counter()
                page_data(db, f, settings)
                data_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                performance.layout(**dict(p.split("=", 1) for p in q.split("&")))
                layout_ms.append((time.perf_counter() - t) * 1000)
                slowest.append((data_ms[-1], q))
    print(f"{n:,} incidents, {len(qs)} filters × {args.repeat}, DuckDB threads {args.threads}")
    print(f"all page data : p50 {pct(data_ms, 50):6.1f} ms  p95 {pct(data_ms, 95):6.1f} ms  max {max(data_ms):6.1f} ms")
    print(
        f"whole layout  : p50 {pct(layout_ms, 50):6.1f} ms  p95 {pct(layout_ms, 95):6.1f} ms  "
        f"max {max(layout_ms):6.1f} ms"
    )
    for ms, q in sorted(slowest, reverse=True)[:5]:
        print(f"  slow: {ms:6.1f} ms  {q}")
    db.close()


if __name__ == "__main__":
    main()
