"""Typed reads for the leaders' map: units with their figures, incidents in the viewport (points when few,
cells when many — never everything), risk sites, incident details and search.

Every incident read takes a `metrics.Scope` (filters, period, dataset now, 51530 limits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app.domain.params import Bbox  # west, south, east, north (WGS-84)
from app.geo.geojson import feature_collection, point_feature
from app.geo.tiles import degrees_per_pixel
from app.services.metrics import Figures, Scope
from app.services.repo import dicts
from app.store.aggregates import RAW_ONLY
from app.store.db import Database

# The columns of an incident row as GET /api/incidents and the incident export give them, in order.
INCIDENT_COLUMNS = (
    "incident_id",
    "layer",
    "category",
    "source",
    "severity",
    "status",
    "overdue",
    "reported_at",
    "responded_at",
    "arrived_at",
    "disposed_at",
    "closed_at",
    "escalated",
    "department",
    "satisfaction",
    "description",
    "address",
    "site_id",
    "grid_id",
    "area_id",
    "lon",
    "lat",
)
# Raw points are sent only when the viewport holds at most this many; beyond, cells of ~BIN_PX pixels, and never
# more than BIN_CAP of them, whatever zoom and box the client sends (a 4K wall's viewport is about 2,000 cells).
POINT_CAP = 2000
BIN_PX = 64
BIN_CAP = POINT_CAP


def _params(db: Database, name: str, scope: Scope, **extra: object) -> dict[str, object]:
    return db.queries[name].declared_of(scope.params() | extra)


def _run(db: Database, name: str, scope: Scope, **extra: object):
    return db.run(name, **_params(db, name, scope, **extra))


def units(db: Database, scope: Scope, level: int, parent: str = "") -> dict[str, Any]:
    """Units of `level` (children of `parent` unless '') with n, open_n, overdue_n, met, missed, coverage."""
    f = scope.filters
    # The pre-aggregate that keeps the filter's dimensions: per grid (area, grid), else per area (area, layer,
    # category, source) for the areas themselves; neither keeps severity or status.
    grid_days = not (f.incident_layers or f.categories or f.sources)
    fits = not (f.severities or f.statuses) and (grid_days or (level == 1 and not f.grids))
    until = scope.agg_bound if fits else RAW_ONLY
    rows = dicts(_run(db, "map/units", scope, level=level, parent=parent, agg_until=until, grid_days=grid_days))
    for r in rows:
        decided = r["met"] + r["missed"]
        r["compliance"] = round(r["met"] / decided, 4) if decided else None
        r["per_1000"] = round(r["n"] / r["population"] * 1000, 2) if r["population"] else None
        r["coverage"] = None if r["coverage"] is None else round(float(r["coverage"]), 4)
    return feature_collection(rows)


@dataclass(frozen=True)
class ViewIncidents:
    """What the incident layer shows: `mode` 'points' (all `in_view` of them) or 'bins' (cells)."""

    mode: str
    in_view: int
    data: dict[str, Any]


def incidents_in_view(db: Database, scope: Scope, bbox: Bbox, zoom: float, cap: int = POINT_CAP) -> ViewIncidents:
    """Count first; ship the points when they are few enough, else per-cell counts sized to the zoom."""
    west, south, east, north = bbox
    box = {"west": west, "south": south, "east": east, "north": north}
    n = int(_run(db, "map/view_count", scope, cap=cap, **box).fetchall()[0][0])  # counts to cap + 1 at most
    if n <= cap:
        return ViewIncidents("points", n, incident_points(db, scope, bbox, cap))
    cell_lon, cell_lat = cell_size(bbox, zoom)
    rows = dicts(_run(db, "map/view_bins", scope, cell_lon=cell_lon, cell_lat=cell_lat, **box))
    n = sum(int(r["n"]) for r in rows)
    features = [
        point_feature(
            round(r["lon"], 6),
            round(r["lat"], 6),
            n=int(r["n"]),
            open_n=int(r["open_n"]),
            overdue_n=int(r["overdue_n"]),
        )
        for r in rows
    ]
    return ViewIncidents("bins", n, {"type": "FeatureCollection", "features": features})


def cell_size(bbox: Bbox, zoom: float, cap: int = BIN_CAP) -> tuple[float, float]:
    """(degrees of longitude, of latitude) of a cell: about BIN_PX pixels at `zoom`, grown (both sides by one
    factor) until `bbox` holds at most `cap` cells, so the answer stays bounded whatever the zoom (a zoom that
    is not a finite number gets the coarsest cells, those of the cap)."""
    west, south, east, north = bbox
    width, height = max(east - west, 1e-9), max(north - south, 1e-9)
    if math.isfinite(zoom):
        dlon, dlat = degrees_per_pixel(min(max(zoom, 0.0), 30.0), (south + north) / 2)
        cell_lon, cell_lat = dlon * BIN_PX, dlat * BIN_PX
    else:
        cell_lon, cell_lat = width, height
    # Cells are numbered floor((lon - west) / cell_lon): a box holds at most (w / c + 1) × (h / r + 1) of them.
    a, b = width / cell_lon, height / cell_lat
    if (a + 1) * (b + 1) <= cap:
        return cell_lon, cell_lat
    # The largest x = 1 / growth with (a x + 1)(b x + 1) <= cap: the positive root of ab x² + (a + b) x + 1 - cap.
    x = (-(a + b) + math.sqrt((a + b) ** 2 + 4 * a * b * (cap - 1))) / (2 * a * b)
    return cell_lon / x * (1 + 1e-9), cell_lat / x * (1 + 1e-9)


def incident_points(db: Database, scope: Scope, bbox: Bbox, cap: int) -> dict[str, Any]:
    """The filtered incidents in `bbox` as point features (newest first, at most `cap`)."""
    box = dict(zip(("west", "south", "east", "north"), bbox, strict=True))
    rows = dicts(_run(db, "map/view_points", scope, cap=cap, **box))
    features = [
        point_feature(
            round(r["lon"], 6),
            round(r["lat"], 6),
            id=r["incident_id"],
            layer=r["layer"],
            category=r["category"],
            status=r["status"],
            overdue=bool(r["overdue"]),
            severity=int(r["severity"]),
        )
        for r in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def incidents_total(db: Database, scope: Scope, bbox: Bbox | None = None) -> int:
    box = dict(zip(("west", "south", "east", "north"), bbox or (0.0, 0.0, 0.0, 0.0), strict=True))
    return int(_run(db, "map/incidents_total", scope, has_bbox=bbox is not None, **box).fetchall()[0][0])


def incidents_page_params(
    db: Database, scope: Scope, limit: int, offset: int = 0, bbox: Bbox | None = None
) -> dict[str, object]:
    box = dict(zip(("west", "south", "east", "north"), bbox or (0.0, 0.0, 0.0, 0.0), strict=True))
    return _params(db, "map/incidents_page", scope, has_bbox=bbox is not None, lim=limit, off=offset, **box)


def incidents_page(db: Database, scope: Scope, limit: int, offset: int = 0, bbox: Bbox | None = None):
    """A cursor over the filtered incidents, newest first (fetch in batches to stream)."""
    return db.run("map/incidents_page", **incidents_page_params(db, scope, limit, offset, bbox))


def risk_sites(db: Database, areas: list[str], grids: list[str] | None = None) -> dict[str, Any]:
    return feature_collection(dicts(db.run("map/risk_sites", areas=areas, grids=grids or [])))


def incident_detail(db: Database, incident_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    rows = dicts(db.run("map/incident_detail", incident_id=incident_id))
    if not rows:
        return None, []
    return rows[0], dicts(db.run("map/incident_events", incident_id=incident_id))


@dataclass(frozen=True)
class SearchHit:
    kind: str  # unit, station, incident
    id: str
    name: str
    level: int | None
    lon: float
    lat: float


def search(db: Database, text: str, limit: int = 8) -> list[SearchHit]:
    text = text.strip()
    if not text:
        return []
    return [SearchHit(*r) for r in db.run("map/search", text=text, lim=limit).fetchall()]


def category_counts(db: Database, scope: Scope) -> tuple[list[tuple[str, str, int]], Figures]:
    """(layer, category, incidents) of the filter, most first; and the figures of them all (metrics.summary's
    current period), from the same read."""
    rows = dicts(_run(db, "map/category_counts", scope))
    figures = sum((Figures.from_row(r) for r in rows), Figures())
    return [(r["layer"], r["category"], int(r["n"])) for r in rows], figures


def station_tiers(db: Database, grids: tuple[str, ...]) -> dict[str, int]:
    """Stations per tier inside the level-3 grids (empty = the whole town)."""
    return dict(db.run("map/unit_stations", grids=list(grids)).fetchall())
