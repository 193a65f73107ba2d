"""Typed reads: each function runs one named query and returns plain Python values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.geo.geojson import feature_collection
from app.store.db import Database


@dataclass(frozen=True)
class LevelCount:
    level: int
    units: int
    population: int


@dataclass(frozen=True)
class TownSummary:
    levels: tuple[LevelCount, ...]
    stations: int
    risk_sites: int
    road_edges: int
    incidents: int
    open_incidents: int
    last_reported_at: datetime | None
    meta: dict[str, str]

    def units_at(self, level: int) -> int:
        return next((lc.units for lc in self.levels if lc.level == level), 0)

    @property
    def population(self) -> int:
        return next((lc.population for lc in self.levels if lc.level == 0), 0)


@dataclass(frozen=True)
class Unit:
    """An area (level 1), community (2) or grid (3) of the hierarchy."""

    unit_id: str
    name: str
    level: int
    parent_id: str | None
    area_id: str | None
    population: int


def units(db: Database) -> dict[str, Unit]:
    """Every area, community and grid by id (grid/units)."""
    return {r[0]: Unit(*r[:5], int(r[5] or 0)) for r in db.run("grid/units").fetchall()}


def dicts(cur) -> list[dict[str, Any]]:
    """Rows of the last query on `cur` as dicts keyed by column name."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def meta(db: Database) -> dict[str, str]:
    return dict(db.run("meta/all").fetchall())


def town_summary(db: Database) -> TownSummary:
    levels = tuple(LevelCount(int(lv), int(n), int(p or 0)) for lv, n, p in db.run("grid/level_counts").fetchall())
    row = dicts(db.run("meta/summary"))[0]
    return TownSummary(levels=levels, meta=meta(db), **row)


def town_extent(db: Database) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of the town; of its roads while it has no grids; None for an empty
    database."""
    for name in ("grid/town_extent", "road/extent"):
        row = next(iter(db.run(name).fetchall()), None)
        if row is not None and row[0] is not None:
            return tuple(float(v) for v in row)
    return None


def units_extent(db: Database, unit_ids: list[str]) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of the given areas, communities or grids; the town's when the
    list is empty or names none of them."""
    row = next(iter(db.run("grid/units_extent", unit_ids=unit_ids).fetchall()), None) if unit_ids else None
    return tuple(float(v) for v in row) if row and row[0] is not None else town_extent(db)


def grids_geojson(db: Database, level: int) -> dict[str, Any]:
    """Grids of one level as a FeatureCollection with id, name, parent, area, kind and population."""
    rows = dicts(db.run("grid/by_level", level=level))
    return feature_collection(rows)


def roads_geojson(db: Database) -> dict[str, Any]:
    return feature_collection(dicts(db.run("basemap/roads_by_kind")))


def basemap_features_geojson(db: Database) -> dict[str, Any]:
    return feature_collection(dicts(db.run("basemap/features")))


def station_tier_counts(db: Database) -> dict[str, int]:
    return dict(db.run("station/tier_counts").fetchall())
