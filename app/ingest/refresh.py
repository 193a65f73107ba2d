"""Bring data derived from written rows up to date.

Inside a write's transaction: grid assignments, the dataset's "now", the 51530 pre-aggregates and the
pain points. After it (they have their own transaction): service circles, when stations, roads or grids
changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import duckdb

from app.config import Settings
from app.services.circles import refresh_if_stale
from app.store.aggregates import (
    LIMITS_KEY,
    NOW_KEY,
    UNTIL_KEY,
    dataset_now,
    decided_until,
    limits_key,
    parse_now,
    refresh_incident_aggregates,
)
from app.store.db import Database
from app.store.sql import QueryBook


def local_now(timezone: str = "Asia/Shanghai") -> datetime:
    """The wall clock as naive time in the town's zone, like every time in the database."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)


def refresh_derived(
    cur: duckdb.DuckDBPyConnection, queries: QueryBook, changed: set[str], settings: Settings
) -> list[str]:
    """Refresh what depends on the changed tables (`grid`, `station`, `risk_site`, `incident`, `road`);
    return the names of what was refreshed.

    - grids changed: the population of units given none, from their children's; grid_id/area_id of every
      incident, station and risk site, from its point (a grid code an incident export gave is replaced by the
      grid its point lies in; an incident stored without a point keeps its grid while that still exists);
    - stations or risk sites changed: their own grid_id/area_id;
    - incidents or grids changed: the dataset's now, every pre-aggregated day, and the pain points.
    Imported incidents are assigned as they are written (app.ingest.writes). Circles: `refresh_circles`.
    """
    done = []
    if "grid" in changed:
        for child_level in (3, 2, 1):
            queries["grid/sum_population_up"].execute(cur, child_level=child_level)
        queries["incident/grid_of_points"].execute(cur)
        queries["incident/apply_grid_of_points"].execute(cur)
        queries["incident/drop_grid_of_points"].execute(cur)
        queries["meta/town_from_grid"].execute(cur, keep=bool(settings.town_name))
        done.append("incident grids")
    if changed & {"grid", "station"}:
        queries["station/assign_grids"].execute(cur)
        done.append("station grids")
    if changed & {"grid", "risk_site"}:
        queries["risk_site/assign_grids"].execute(cur)
        done.append("risk-site grids")
    if changed & {"grid", "incident"}:
        latest = queries["incident/latest_event"].execute(cur).fetchone()[0]
        if latest is not None:
            queries["meta/advance_data_until"].execute(cur, latest=latest, wall_now=local_now(settings.timezone))
        refresh_incident_aggregates(cur, queries, limits=settings.stage_limits)
        done.append("51530 aggregates")
        meta = dict(queries["meta/all"].execute(cur).fetchall())
        queries["painpoint/refresh"].execute(
            cur,
            now_ts=dataset_now(meta),
            window_days=settings.pain_point_window_days,
            min_count=settings.pain_point_min_count,
            cell_m=settings.pain_point_cell_m,
        )
        done.append("pain points")
    return done


def after_live_write(
    cur: duckdb.DuckDBPyConnection,
    queries: QueryBook,
    incident_ids: Iterable[str],
    latest: datetime | None,
    earliest_reported: datetime | None,
    settings: Settings,
) -> None:
    """After live writes (API, simulation): advance the dataset's now to the newest time written and
    recompute the pre-aggregated days those incidents touch.

    The usual live write — incidents reported in the last hours — touches no pre-aggregated day (those
    end before the first day that may still be pending), so it costs one meta write, not a refresh;
    unless the day boundary moved, when the refresh also aggregates the day that became decided."""
    limits = settings.stage_limits
    meta = dict(queries["meta/all"].execute(cur).fetchall())
    if latest is not None:
        wall_now = local_now(settings.timezone)
        stored = _stored_now(meta.get(NOW_KEY))
        if stored is None or min(latest, wall_now) > stored:  # else the dataset's now would not move
            advanced = queries["meta/advance_data_until"].execute(cur, latest=latest, wall_now=wall_now)
            meta[NOW_KEY] = advanced.fetchone()[0]
    due = decided_until(dataset_now(meta), limits)
    current = meta.get(UNTIL_KEY) == due.isoformat() and meta.get(LIMITS_KEY) == limits_key(limits)
    if current and earliest_reported is not None and earliest_reported.date() >= due:
        return
    refresh_incident_aggregates(cur, queries, incident_ids=list(incident_ids), limits=limits)


def _stored_now(value: str | None) -> datetime | None:
    """The stored dataset's now, or None when absent or not a date-time (the advance then replaces it)."""
    try:
        return parse_now(value)
    except ValueError:
        return None


def refresh_circles(db: Database, changed: set[str], settings: Settings) -> list[str]:
    """Recompute service circles and coverage when their inputs changed (own transaction)."""
    if not changed & {"grid", "station", "road"}:
        return []
    report = refresh_if_stale(db, settings.walking_speed_kmh, settings.circle_minutes)
    return [] if report is None else ["service circles"]
