"""Typed reads for the wall display (城运大屏): one compact payload per refresh, and the town's static layers.

`live(db, settings, area)` is what the wall fetches every refresh: today's tiles (the very figures
GET /api/metrics gives for `from=to=today`, built by the same function), the 30-day trend of the three
51530 rates, today's volume by hour against the usual for this weekday, open incidents now per grid and
as points (overdue first), the top pain points and the newest incidents. "Today" is the dataset's day
(meta data_until), as for every other page. `static(db, settings)` is fetched once per page load.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from app.config import Settings
from app.domain import codes
from app.domain.filters import Filters, Period
from app.domain.taxonomy import Taxonomy
from app.geo.geojson import feature_collection
from app.services import metrics, painpoints, repo
from app.store.db import Database

TREND_DAYS = 30
USUAL_WEEKS = 8
TICKER_ROWS = 8
PAIN_ROWS = 5
# Open incidents drawn one by one at most; beyond, the newest overdue-first ones (the total is shown).
OPEN_POINT_CAP = 4000
# Risk sites the wall shows: warning levels 橙 (3) and 红 (4).
RISK_MIN_LEVEL = 3


def _label(table: dict[str, codes.Code], code: str | None, lang: str) -> str:
    return table[code].label(lang) if code in table else (code or "")


def today_scope(db: Database, settings: Settings, area: str = "") -> metrics.Scope:
    """The scope of the dataset's today, in one functional area ('' = the whole town)."""
    base = metrics.make_scope(db, Filters(areas=(area,) if area else ()), settings.stage_limits)
    today = base.now.date()
    return replace(base, filters=base.filters.replace(date_from=today, date_to=today), period=Period(today, today))


def _limits(scope: metrics.Scope) -> dict[str, int]:
    lim = scope.limits
    return {
        "now_ts": scope.now,
        "respond_s": lim.respond * 60,
        "arrive_s": lim.arrive * 60,
        "dispose_s": lim.dispose * 60,
    }


def tiles(db: Database, scope: metrics.Scope) -> dict[str, Any]:
    """Today's figures: exactly GET /api/metrics?from=today&to=today[&area=…]."""
    p = metrics.report(db, scope)
    keep = ("count", "open", "overdue", "respond", "arrive", "dispose", "closure_rate", "satisfaction", "period")
    return {k: p[k] for k in keep}


def trend(db: Database, scope: metrics.Scope) -> dict[str, list]:
    """The daily respond / arrive / dispose rates of the TREND_DAYS whole days before today (None: no data).

    Today is left out: its incidents are still in progress, so its rates would plunge or spike at the line's end
    (the tiles show today)."""
    end = scope.period.end - timedelta(days=1)
    span = Period(end - timedelta(days=TREND_DAYS - 1), end)
    s30 = replace(scope, period=span, filters=scope.filters.replace(date_from=span.start, date_to=span.end))
    by_day = {p.bucket: p.figures for p in metrics.series(db, s30, "day")}
    days = [span.start + timedelta(days=i) for i in range(TREND_DAYS)]
    out: dict[str, list] = {"days": [d.isoformat() for d in days]}
    for stage in metrics.STAGES:
        out[stage] = [_round(by_day[d].stage(stage).rate) if d in by_day else None for d in days]
    return out


def _round(v: float | None, digits: int = 4) -> float | None:
    return None if v is None else round(v, digits)


def hourly(db: Database, areas: list[str], today: date, now: datetime) -> dict[str, Any]:
    """Today's incidents per hour and the mean of the same weekday over the previous USUAL_WEEKS weeks."""
    days = [today - timedelta(days=7 * k) for k in range(1, USUAL_WEEKS + 1)]
    rows = db.run("wall/hourly", areas=areas, today=today, first_day=days[-1], days=days).fetchall()
    today_n, usual = [0] * 24, [0.0] * 24
    for hour, n, u in rows:
        today_n[hour] = int(n)
        usual[hour] = round(float(u), 2)
    return {"today": today_n, "usual": usual, "hour_now": now.hour if now.date() == today else 23}


def open_incidents(db: Database, scope: metrics.Scope, cap: int = OPEN_POINT_CAP) -> dict[str, Any]:
    """Open incidents now, town-wide (any day reported): per grid [open, overdue], totals, and points
    [lon, lat, overdue 0/1] overdue first then newest first, at most `cap` (those with a place)."""
    grids: dict[str, list[int]] = {}
    total = overdue = 0
    points = []
    for grid_id, lon, lat, od in db.run("wall/open_now", areas=[], **_limits(scope)).fetchall():
        total += 1
        overdue += bool(od)
        if grid_id is not None:
            g = grids.setdefault(grid_id, [0, 0])
            g[0] += 1
            g[1] += bool(od)
        if len(points) < cap and lon is not None:  # an incident kept without a place is counted, not drawn
            points.append([round(lon, 5), round(lat, 5), int(bool(od))])
    return {"total": total, "overdue": overdue, "grids": grids, "points": points}


def ticker(db: Database, scope: metrics.Scope, lang: str, town: Taxonomy) -> list[dict[str, Any]]:
    """The TICKER_ROWS newest incidents: time, place, category, stage, overdue."""
    rows = db.run(
        "wall/latest",
        areas=list(scope.filters.areas),
        from_day=scope.period.end - timedelta(days=7),
        cap=TICKER_ROWS,
        **_limits(scope),
    ).fetchall()
    out = []
    for incident_id, at, category, status, od, address, grid_name in rows:
        out.append(
            {
                "id": incident_id,
                "time": f"{at:%H:%M}" if at.date() == scope.now.date() else f"{at:%m-%d %H:%M}",
                "place": address or grid_name or "",
                "category": town.label("categories", category, lang),
                "stage": _label(codes.STATUSES, status, lang),
                "overdue": bool(od),
            }
        )
    return out


def pain(db: Database, scope: metrics.Scope, lang: str, names: dict[str, str], town: Taxonomy) -> list[dict[str, Any]]:
    """The PAIN_ROWS top pain points: rank, category, place, incidents in 30 days, trend status."""
    return [
        {
            "rank": p.rank,
            "category": town.label("categories", p.category, lang),
            "place": names.get(p.grid_id or "", ""),
            "n_30d": p.n_30d,
            "n_window": p.n_window,
            "status": p.status,
            "status_label": _label(codes.PAIN_POINT_STATUSES, p.status, lang),
        }
        for p in painpoints.ranked(db, list(scope.filters.areas), [], PAIN_ROWS)
    ]


def unit_names(db: Database) -> dict[str, str]:
    return {u.unit_id: u.name for u in repo.units(db).values()}


def live(db: Database, settings: Settings, area: str = "", lang: str = "zh") -> dict[str, Any]:
    """Everything the wall redraws on a refresh, for one focus ('' = the whole town)."""
    scope = today_scope(db, settings, area)
    names = unit_names(db)
    today = scope.period.end
    return {
        "area": area,
        "area_name": names.get(area, "") if area else "",
        "data_until": scope.now.isoformat(sep=" "),
        "today": today.isoformat(),
        "target": settings.stage_limits.target_rate,
        "tiles": tiles(db, scope),
        "trend": trend(db, scope),
        "hourly": hourly(db, list(scope.filters.areas), today, scope.now),
        "open": open_incidents(db, scope),
        "pain": pain(db, scope, lang, names, settings.taxonomy),
        "ticker": ticker(db, scope, lang, settings.taxonomy),
    }


def static(db: Database, settings: Settings, lang: str = "zh") -> dict[str, Any]:
    """The layers that do not change while the wall runs: grids, areas, basemap, stations, 橙/红 risk sites."""
    meta = repo.meta(db)
    grids = repo.grids_geojson(db, 3)
    for f in grids["features"]:
        p = f["properties"]
        f["properties"] = {"grid_id": p["grid_id"], "area_id": p["area_id"]}
    areas = repo.grids_geojson(db, 1)
    for f in areas["features"]:
        p = f["properties"]
        f["properties"] = {"grid_id": p["grid_id"], "name": p["name"]}
    stations = feature_collection(
        {"tier": r["tier"], "name": r["name"], "geom": r["geom"]}
        for r in repo.dicts(db.run("station/points", areas=[]))
    )
    risk = [
        {"name": r["name"], "level": int(r["warning_level"]), "geom": r["geom"]}
        for r in repo.dicts(db.run("map/risk_sites", areas=[], grids=[]))
        if int(r["warning_level"]) >= RISK_MIN_LEVEL
    ]
    town = meta.get("town_name_en" if lang == "en" else "town_name", "")
    return {
        "town": town,
        "synthetic": meta.get("synthetic") == "true",
        "timezone": meta.get("timezone") or settings.timezone,
        "grids": grids,
        "areas": areas,
        "roads": repo.roads_geojson(db),
        "water": repo.basemap_features_geojson(db),
        "stations": stations,
        "risk": feature_collection(risk),
        "limits": {s: getattr(settings.stage_limits, s) for s in metrics.STAGES},
    }
