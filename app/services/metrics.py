"""Typed reads of the 51530 and closed-loop metrics (queries/metrics/*.sql) for a filter.

`Scope` fixes what every read of one view shares: the filter, its period, the dataset's now, the 51530
limits and where the pre-aggregate stops. Each function runs one named query and returns plain values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.config import StageLimits
from app.domain.filters import Filters, Period, resolve_period, sql_params
from app.services import repo
from app.store import aggregates
from app.store.db import Database

GRAINS = ("day", "week", "month")
STAGES = ("respond", "arrive", "dispose")
# Periods longer than this (week and month buckets) read stage-time quantiles from histograms instead of sorting
# every incident (the page states the precision).
HISTOGRAM_DAYS = 62
_PREFIX = {"respond": "r", "arrive": "a", "dispose": "d"}


def ratio(num: float, den: float) -> float | None:
    """num / den, or None when there is nothing to divide (0/0 is "no data", not 0 %)."""
    return num / den if den else None


@dataclass(frozen=True)
class Stage:
    met: int = 0
    missed: int = 0
    pending: int = 0

    @property
    def rate(self) -> float | None:
        return ratio(self.met, self.met + self.missed)

    def as_dict(self) -> dict[str, Any]:
        return {"met": self.met, "missed": self.missed, "pending": self.pending, "rate": self.rate}


@dataclass(frozen=True)
class Figures:
    count: int = 0
    closed: int = 0
    sat_sum: int = 0
    sat_n: int = 0
    escalated: int = 0
    respond: Stage = field(default_factory=Stage)
    arrive: Stage = field(default_factory=Stage)
    dispose: Stage = field(default_factory=Stage)

    @property
    def closure_rate(self) -> float | None:
        return ratio(self.closed, self.count)

    @property
    def satisfaction(self) -> float | None:
        return ratio(self.sat_sum, self.sat_n)

    @property
    def overall(self) -> Stage:
        """The three stages pooled: one 51530 figure for rankings."""
        s = (self.respond, self.arrive, self.dispose)
        return Stage(sum(x.met for x in s), sum(x.missed for x in s), sum(x.pending for x in s))

    def stage(self, name: str) -> Stage:
        return getattr(self, name)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Figures:
        def stage(p: str) -> Stage:
            return Stage(int(row[f"{p}_met"] or 0), int(row[f"{p}_missed"] or 0), int(row[f"{p}_pending"] or 0))

        return cls(
            count=int(row["n"] or 0),
            closed=int(row["closed_n"] or 0),
            sat_sum=int(row["sat_sum"] or 0),
            sat_n=int(row["sat_n"] or 0),
            escalated=int(row["escalated_n"] or 0),
            respond=stage("r"),
            arrive=stage("a"),
            dispose=stage("d"),
        )

    def __add__(self, other: Figures) -> Figures:
        def add(a: Stage, b: Stage) -> Stage:
            return Stage(a.met + b.met, a.missed + b.missed, a.pending + b.pending)

        return Figures(
            self.count + other.count,
            self.closed + other.closed,
            self.sat_sum + other.sat_sum,
            self.sat_n + other.sat_n,
            self.escalated + other.escalated,
            add(self.respond, other.respond),
            add(self.arrive, other.arrive),
            add(self.dispose, other.dispose),
        )


@dataclass(frozen=True)
class Scope:
    filters: Filters
    period: Period
    now: datetime
    limits: StageLimits
    agg_until: date
    grid_ids: tuple[str, ...] = ()  # the `grid` filter as level-3 grid ids
    # Where the pre-aggregates stop whatever the filters (agg_until is 1900-01-01 for filters incident_daily
    # lacks); for reads of a pre-aggregate that keeps other dimensions (incident_grid_daily keeps the grid).
    agg_bound: date = aggregates.RAW_ONLY

    def params(self) -> dict[str, object]:
        base = sql_params(self.filters, self.period, self.now, self.limits)
        return base | {"agg_until": self.agg_until, "grids": list(self.grid_ids)}


def level3_ids(db: Database, unit_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The level-3 grids inside the given units (areas, communities or grids); unknown ids stay as they are,
    matching nothing. Incidents carry only their level-3 grid, so queries need no join with `grid`."""
    if not unit_ids:
        return ()
    units = repo.units(db)
    parent = {u.unit_id: u.parent_id for u in units.values()}
    level = {u.unit_id: u.level for u in units.values()}
    wanted = set(unit_ids)
    out = {u for u in unit_ids if u not in level}
    for g, lv in level.items():
        if lv == 3 and ({g, parent[g], parent.get(parent[g])} & wanted):
            out.add(g)
    return tuple(sorted(out))


def make_scope(db: Database, filters: Filters, limits: StageLimits, raw_only: bool = False) -> Scope:
    """The scope of a view: dataset now and pre-aggregate bound from meta; `raw_only` skips the pre-aggregate."""
    meta = dict(db.run("meta/all").fetchall())
    now = aggregates.dataset_now(meta)
    bound = aggregates.RAW_ONLY if raw_only else aggregates.read_until(meta, limits)
    until = aggregates.RAW_ONLY if filters.needs_raw_rows else bound
    period = resolve_period(filters, now.date())
    return Scope(filters, period, now, limits, until, level3_ids(db, filters.grids), bound)


def _rows(db: Database, name: str, scope: Scope, **extra: object) -> list[dict[str, Any]]:
    query = db.queries[name]
    cur = query.execute(db.cursor(), **query.declared_of(scope.params() | extra))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _grain(grain: str) -> str:
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, not {grain!r}")
    return grain


def summary(db: Database, scope: Scope) -> tuple[Figures, Figures]:
    """(this period, the previous period of equal length)."""
    prev = scope.period.previous()
    by = {r["period"]: Figures.from_row(r) for r in _rows(db, "metrics/summary", scope, prev_from_day=prev.start)}
    return by.get("current", Figures()), by.get("previous", Figures())


def open_now(db: Database, scope: Scope) -> tuple[int, int]:
    """(open now, overdue now) among the period's incidents."""
    # The open incidents of decided days keep every filter dimension: the pre-aggregate serves any filter.
    row = _rows(db, "metrics/open_now_daily", scope, agg_until=scope.agg_bound)[0]
    return int(row["open_n"] or 0), int(row["overdue_n"] or 0)


@dataclass(frozen=True)
class SeriesPoint:
    bucket: date
    figures: Figures
    by_category: dict[str, int]
    closed_on_day: int = 0


def series(db: Database, scope: Scope, grain: str) -> list[SeriesPoint]:
    """The period's figures per day / week / month, with the volume per category."""
    # series_summary with an empty previous period: the bucket rows alone.
    rows = _rows(db, "metrics/series_summary", scope, grain=_grain(grain), prev_from_day=scope.period.start)
    return _series_points(rows)


def _series_points(rows: list[dict[str, Any]]) -> list[SeriesPoint]:
    totals: dict[date, Figures] = {}
    cats: dict[date, dict[str, int]] = defaultdict(dict)
    for r in rows:
        b = r["bucket"]
        totals[b] = totals.get(b, Figures()) + Figures.from_row(r)
        if r["n"]:
            cats[b][r["category"]] = int(r["n"])
    return [SeriesPoint(b, totals[b], cats[b]) for b in sorted(totals) if totals[b].count]


def series_and_summary(db: Database, scope: Scope, grain: str) -> tuple[list[SeriesPoint], Figures, Figures]:
    """`series` and `summary` (this period, the previous one) from one read."""
    prev = scope.period.previous()
    rows = _rows(db, "metrics/series_summary", scope, grain=_grain(grain), prev_from_day=prev.start)
    previous = sum((Figures.from_row(r) for r in rows if r["bucket"] is None), Figures())
    current = [r for r in rows if r["bucket"] is not None]
    return _series_points(current), sum((Figures.from_row(r) for r in current), Figures()), previous


@dataclass(frozen=True)
class Durations:
    bucket: date | None  # None: the whole period
    p50: dict[str, float | None]
    p90: dict[str, float | None]


def _durations_daily(db: Database, scope: Scope, grain: str) -> list[Durations]:
    """Per-bucket quantiles from the stage-time histograms (to half a bin: 15 s under an hour, 5 % above)."""
    by: dict[date, Durations] = {}
    for r in _rows(db, "metrics/durations_daily", scope, grain=_grain(grain)):
        d = by.setdefault(r["bucket"], Durations(r["bucket"], dict.fromkeys(STAGES), dict.fromkeys(STAGES)))
        stage = STAGES[r["stage"] - 1]
        d.p50[stage] = r["p50"] / 60
        d.p90[stage] = r["p90"] / 60
    return [by[b] for b in sorted(by)]


def durations(db: Database, scope: Scope, grain: str | None) -> list[Durations]:
    """Median and p90 stage times (minutes) per bucket; with grain None one item (bucket None), the whole period."""
    f = scope.filters
    # Histograms keep area and layer; they serve periods long enough for exact quantiles to be slow.
    raw = f.categories or f.sources or f.severities or f.needs_raw_rows
    if grain and scope.period.days > HISTOGRAM_DAYS and not raw:
        return _durations_daily(db, scope, grain)
    out = []
    rows = (
        _rows(db, "metrics/durations", scope, grain=_grain(grain))
        if grain
        else _rows(db, "metrics/durations_total", scope)
    )
    for r in rows:
        q = {s: r[f"{_PREFIX[s]}_q"] for s in STAGES}  # [p50, p90] in seconds, or None
        p50 = {s: None if q[s] is None else q[s][0] / 60 for s in STAGES}
        p90 = {s: None if q[s] is None else q[s][1] / 60 for s in STAGES}
        out.append(Durations(r["bucket"], p50, p90))
    return out


def backlog(db: Database, scope: Scope) -> list[tuple[date, int]]:
    """Open incidents at the end of each day of the period."""
    return [(r["day"], int(r["backlog"])) for r in _rows(db, "metrics/backlog", scope)]


def areas(db: Database, scope: Scope) -> dict[str | None, Figures]:
    """The period's figures per functional area id (None: outside every grid)."""
    return {r["area_id"]: Figures.from_row(r) for r in _rows(db, "metrics/areas", scope)}


def heatmap(db: Database, scope: Scope) -> tuple[list[list[int]], list[list[int]]]:
    """(volume, misses) as 7 weekday rows (Monday first) × 24 hour columns."""
    volume = [[0] * 24 for _ in range(7)]
    missed = [[0] * 24 for _ in range(7)]
    f = scope.filters
    # The hour pre-aggregates keep area and layer, and (ten times the rows) category and source.
    if f.needs_raw_rows:
        name = "metrics/heatmap"
    else:
        name = "metrics/heatmap_kind_daily" if f.categories or f.sources else "metrics/heatmap_daily"
    for r in _rows(db, name, scope):
        volume[r["weekday"] - 1][r["hour"]] = int(r["n"])
        missed[r["weekday"] - 1][r["hour"]] = int(r["missed"])
    return volume, missed


@dataclass(frozen=True)
class Escalation:
    department: str
    count: int
    p50: dict[str, float | None]
    dispose: Stage


def escalations(db: Database, scope: Scope) -> list[Escalation]:
    """Escalated incidents (网格吹哨) by answering department, most first."""
    return [
        Escalation(
            r["department"],
            int(r["n"]),
            {s: r[f"{_PREFIX[s]}_p50"] for s in STAGES},
            Stage(int(r["d_met"]), int(r["d_missed"])),
        )
        # The escalated incidents of decided days keep every filter dimension: the pre-aggregate serves any filter.
        for r in _rows(db, "metrics/escalations_daily", scope, agg_until=scope.agg_bound)
    ]


def _ranking_query(scope: Scope) -> str:
    f = scope.filters
    # The grid pre-aggregates keep the area, and (ten times the rows) layer, category and source.
    if f.needs_raw_rows:
        return "metrics/ranking"
    return "metrics/ranking_kind_daily" if f.incident_layers or f.categories or f.sources else "metrics/ranking_daily"


def ranking_rows(db: Database, scope: Scope, grain: str) -> list[dict[str, Any]]:
    """Per level-3 grid and time bucket: n, met, missed (three stages pooled)."""
    return _rows(db, _ranking_query(scope), scope, grain=_grain(grain))


def ranking_columns(db: Database, scope: Scope, grain: str) -> dict[str, Any]:
    """ranking_rows as numpy columns (grid_id, bucket, n, met, missed): some 10,000 rows for two years."""
    query = db.queries[_ranking_query(scope)]
    return query.execute(db.cursor(), **query.declared_of(scope.params() | {"grain": _grain(grain)})).fetchnumpy()


def report(db: Database, scope: Scope) -> dict[str, Any]:
    """What GET /api/metrics answers: the figures of the period and the previous one, open and overdue now,
    stage times."""
    cur, prev = summary(db, scope)
    open_n, overdue_n = open_now(db, scope)
    (whole,) = durations(db, scope, None)
    p = scope.period.previous()

    def figures(f: Figures) -> dict[str, Any]:
        return {
            "count": f.count,
            **{s: f.stage(s).as_dict() for s in STAGES},
            "closure_rate": f.closure_rate,
            "satisfaction": f.satisfaction,
            "escalated": f.escalated,
        }

    return {
        **figures(cur),
        "open": open_n,
        "overdue": overdue_n,
        "overdue_share": ratio(overdue_n, open_n),
        "stage_minutes": {s: {"p50": whole.p50[s], "p90": whole.p90[s]} for s in STAGES},
        "limits_minutes": {s: getattr(scope.limits, s) for s in STAGES},
        "period": {"from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()},
        "previous": {"from": p.start.isoformat(), "to": p.end.isoformat(), **figures(prev)},
        "data_until": scope.now.isoformat(sep=" "),
        "filters": scope.filters.to_query(),
    }
