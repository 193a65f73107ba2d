"""The daily pre-aggregates of incidents (`incident_daily`; `incident_grid_daily` and `incident_hour_daily` for
the ranking and the heatmap, and their `*_kind_daily` twins keeping layer, category and source; the stage-time
histograms `incident_seconds_daily`; the escalated and the open incidents, `incident_escalation` and
`incident_open`): build, refresh, and where reads switch to raw rows.

Whether a stage is pending or missed depends on "now", so only days whose incidents all have their three
stages decided are pre-aggregated: days before `aggregate_until` = the day of (now − dispose limit). Reads
take those days from `incident_daily` and every later day from `incident` (incident_daily_facts), so the
figures are exact whatever the time. Writers of incidents (import, live ingest) call
`refresh_incident_aggregates` after their transaction's writes, with the incidents they touched.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import duckdb

from app.config import StageLimits
from app.store.sql import QueryBook

if TYPE_CHECKING:
    from app.store.db import Database

UNTIL_KEY = "aggregate_until"
LIMITS_KEY = "aggregate_limits"
NOW_KEY = "data_until"
# Reads with agg_until at this day compute everything from raw incidents.
RAW_ONLY = date(1900, 1, 1)
# The set of pre-aggregate tables; a database whose rows were built for another set reads raw rows until the
# next refresh rebuilds them all (stored with the limits, see limits_key).
LAYOUT = 2
TABLES = ("days", "grid_days", "hour_days", "seconds_days", "grid_kind_days", "hour_kind_days")
TABLES += ("escalation_days", "open_days")


@dataclass(frozen=True)
class AggregateState:
    until: date  # days before this are pre-aggregated
    limits: str  # the 51530 limits the rows were computed with and the layout, "5,15,30/2"


def limits_key(limits: StageLimits) -> str:
    return f"{limits.respond},{limits.arrive},{limits.dispose}/{LAYOUT}"


def parse_now(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dataset_now(meta: dict[str, str]) -> datetime:
    """The dataset's "now": meta `data_until` (a demo's --now, or the last live write), else the wall clock in
    the town's zone (meta `timezone`), like every time in the database."""
    stored = parse_now(meta.get(NOW_KEY))
    if stored is not None:
        return stored
    zone = ZoneInfo(meta.get("timezone") or "Asia/Shanghai")
    return datetime.now(zone).replace(microsecond=0, tzinfo=None)


def decided_until(now: datetime, limits: StageLimits) -> date:
    """First day that may still hold a pending stage: everything reported before it is decided."""
    return (now - timedelta(minutes=max(limits.respond, limits.arrive, limits.dispose))).date()


def _meta(cur: duckdb.DuckDBPyConnection, queries: QueryBook) -> dict[str, str]:
    return dict(queries["meta/all"].execute(cur).fetchall())


def touched_days(cur: duckdb.DuckDBPyConnection, queries: QueryBook, incident_ids: Iterable[str]) -> list[date]:
    """Reported and closed days of the given incidents: the pre-aggregated days their writes change."""
    rows = queries["aggregate/touched_days"].execute(cur, ids=list(incident_ids)).fetchall()
    return [r[0] for r in rows]


def refresh_incident_aggregates(
    cur: duckdb.DuckDBPyConnection,
    queries: QueryBook,
    *,
    days: Iterable[date] | None = None,
    incident_ids: Iterable[str] | None = None,
    limits: StageLimits,
    now: datetime | None = None,
) -> AggregateState:
    """Recompute the pre-aggregates (all of them when neither `days` nor `incident_ids` is given).

    With `days` and/or `incident_ids` (whose reported and closed days are added — pass ids after the
    write), only those days are recomputed, plus the days that became decided since the last refresh.
    `now` defaults to the dataset's now (meta data_until). Run it inside the writer's transaction.
    """
    meta = _meta(cur, queries)
    now = now or dataset_now(meta)
    until = decided_until(now, limits)
    full = (days is None and incident_ids is None) or meta.get(LIMITS_KEY) != limits_key(limits)
    wanted: set[date] = set()
    if not full:
        wanted.update(days or ())
        if incident_ids is not None:
            wanted.update(touched_days(cur, queries, incident_ids))
        previous = date.fromisoformat(meta[UNTIL_KEY]) if UNTIL_KEY in meta else RAW_ONLY
        d = max(previous, until - timedelta(days=3660))
        while d < until:
            wanted.add(d)
            d += timedelta(days=1)
    # Days from `until` on are never stored (reads take them raw): a write touching only those needs nothing.
    day_list = sorted(d for d in wanted if d < until)
    if not full and not day_list and meta.get(UNTIL_KEY) == until.isoformat():
        return AggregateState(until, limits_key(limits))
    for table in TABLES:
        queries[f"aggregate/delete_{table}"].execute(cur, all_days=full, days=day_list)
        queries[f"aggregate/insert_{table}"].execute(
            cur,
            now_ts=now,
            respond_s=limits.respond * 60,
            arrive_s=limits.arrive * 60,
            dispose_s=limits.dispose * 60,
            until=until,
            all_days=full,
            days=day_list,
        )
    state = AggregateState(until, limits_key(limits))
    queries["meta/put"].execute(cur, key=UNTIL_KEY, value=until.isoformat())
    queries["meta/put"].execute(cur, key=LIMITS_KEY, value=state.limits)
    return state


def read_until(meta: dict[str, str], limits: StageLimits, needs_raw_rows: bool = False) -> date:
    """The `agg_until` a read should pass: the pre-aggregate's bound when it fits the read, else RAW_ONLY.

    It does not fit when the limits changed since it was built, or a filter needs a dimension it lacks.
    """
    if needs_raw_rows or UNTIL_KEY not in meta or meta.get(LIMITS_KEY) != limits_key(limits):
        return RAW_ONLY
    return date.fromisoformat(meta[UNTIL_KEY])


def rebuild_if_outdated(db: Database, limits: StageLimits) -> float | None:
    """Rebuild every pre-aggregate when the stored ones were made with other limits or an older table set
    (a database from an earlier version); return the seconds it took, or None when they were current.

    Run at server start, so the first live write does not pay for the rebuild (tens of seconds at millions of
    incidents) and reads do not fall back to raw rows meanwhile. A database without incidents needs nothing."""
    with db.transaction() as cur:
        meta = _meta(cur, db.queries)
        if meta.get(LIMITS_KEY) == limits_key(limits) or NOW_KEY not in meta:
            return None
        started = time.perf_counter()
        refresh_incident_aggregates(cur, db.queries, limits=limits)
    return time.perf_counter() - started
