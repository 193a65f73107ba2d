"""Typed reads for the coverage page: totals, grids, circles, stations and suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.geo.geojson import feature_collection
from app.services.repo import dicts
from app.store.db import Database


@dataclass(frozen=True)
class UnitCoverage:
    unit_id: str
    name: str
    population: int
    covered_population: float
    covered_share: float | None
    blind_grids: int

    @property
    def uncovered_population(self) -> float:
        return max(self.population - self.covered_population, 0.0)


@dataclass(frozen=True)
class SiteSuggestion:
    rank: int
    node_id: int
    lon: float
    lat: float
    added_population: float
    share_after: float | None


def totals(db: Database, level: int, minutes: int, areas: list[str]) -> list[UnitCoverage]:
    """Coverage per unit at `level` (0 town, 1 area, 2 community), lowest share first."""
    rows = db.run("coverage/totals", level=level, minutes=minutes, areas=areas).fetchall()
    return [UnitCoverage(r[0], r[1], int(r[2] or 0), float(r[3] or 0), r[4], int(r[5])) for r in rows]


def town_total(db: Database, minutes: int, areas: list[str]) -> UnitCoverage | None:
    """The town (or, with `areas`, those areas together) as one unit."""
    rows = totals(db, 0, minutes, areas)
    return rows[0] if rows else None


def grids(db: Database, minutes: int, areas: list[str]) -> list[dict[str, Any]]:
    """Level-3 grids with coverage and WKB geometry, lowest share first."""
    return dicts(db.run("coverage/grids", minutes=minutes, areas=areas))


def grids_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return feature_collection(rows)


def circles_geojson(db: Database, minutes: int, areas: list[str]) -> dict[str, Any]:
    return feature_collection(dicts(db.run("coverage/circles", minutes=minutes, areas=areas)))


def stations_geojson(db: Database, areas: list[str]) -> dict[str, Any]:
    rows = dicts(db.run("station/points", areas=areas))
    for r in rows:
        r["services"] = list(r["services"] or [])
    return feature_collection(rows)


def suggestions(db: Database, minutes: int) -> list[SiteSuggestion]:
    return [
        SiteSuggestion(int(r[0]), int(r[1]), float(r[2]), float(r[3]), float(r[4]), r[5])
        for r in db.run("coverage/suggestions", minutes=minutes).fetchall()
    ]


def computed_minutes(db: Database) -> list[int]:
    """The durations circles were computed for (from meta), e.g. [5, 10, 15]."""
    value = dict(db.run("meta/all").fetchall()).get("circles_minutes", "")
    return [int(v) for v in value.split(",") if v.strip()]


def areas(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.run("grid/areas").fetchall()]


def buffer_circles(db: Database, minutes: int) -> tuple[int, int]:
    """(stations whose circle of `minutes` is a straight-line buffer, all circles of `minutes`)."""
    buffers, circles = db.run("circles/methods", minutes=minutes).fetchone()
    return int(buffers), int(circles)
