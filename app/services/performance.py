"""Everything the performance page shows for one view, read concurrently.

The reads are independent, and each is a short DuckDB query that cannot keep both cores busy on its own, so
they run on a small thread pool; every worker thread reads through its own cursor (Database.cursor()).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from app.services import metrics, ranking
from app.store.db import Database

WORKERS = 3
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="gridscope-read")


@dataclass(frozen=True)
class PerformanceData:
    current: metrics.Figures
    previous: metrics.Figures
    open_now: tuple[int, int]
    series: list[metrics.SeriesPoint]
    durations: list[metrics.Durations]
    backlog: list[tuple[date, int]]
    areas: dict[str | None, metrics.Figures]
    heatmap: tuple[list[list[int]], list[list[int]]]
    escalations: list[metrics.Escalation]
    rankings: list[ranking.Ranking]


def load(db: Database, scope: metrics.Scope, grain: str, units: dict[str, ranking.Unit]) -> PerformanceData:
    """All reads of one view; the slowest (per-incident) ones are submitted first."""
    jobs = {
        "durations": lambda: metrics.durations(db, scope, grain),
        "rankings": lambda: ranking.rankings(db, scope, units),
        "heatmap": lambda: metrics.heatmap(db, scope),
        "escalations": lambda: metrics.escalations(db, scope),
        "series": lambda: metrics.series_and_summary(db, scope, grain),
        "open_now": lambda: metrics.open_now(db, scope),
        "backlog": lambda: metrics.backlog(db, scope),
    }
    # The areas side by side are compared under the other filters: a chosen area or grid does not hide the rest.
    # Its own scope: without a grid filter the pre-aggregate serves it again.
    town = metrics.make_scope(db, scope.filters.replace(areas=(), grids=()), scope.limits)
    jobs["areas"] = lambda: metrics.areas(db, town)
    futures = {k: _POOL.submit(fn) for k, fn in jobs.items()}
    got = {k: f.result() for k, f in futures.items()}
    got["series"], current, previous = got["series"]
    return PerformanceData(current=current, previous=previous, **got)
