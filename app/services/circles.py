"""Service circles and coverage for a database: load the network, stations and grids, compute, store.

`compute_and_store` is what `gridscope circles` (and the demo build) runs; `CoverageModel` is also kept
in memory by the server for what-if questions ("a station here would cover how many more residents?").
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd
import shapely

from app.geo.circles import Isochrone, isochrone, walk_metres
from app.geo.coverage import (
    PopulationSample,
    Reach,
    point_reach,
    population_sample,
    station_reach,
    suggest_sites,
)
from app.geo.crs import project_geometry, to_lonlat, to_metres, utm_epsg
from app.geo.walknet import Snap, WalkNetwork
from app.store.db import Database
from app.store.sql import QueryBook

DEFAULT_DURATIONS = (5, 10, 15)
COVERAGE_MINUTES = 15
SUGGESTIONS = 5


@dataclass(frozen=True)
class CoverageModel:
    """Everything needed to answer coverage questions, in the town's UTM CRS (metres)."""

    epsg: int
    speed_kmh: float
    network: WalkNetwork | None
    station_ids: list[str]
    station_xy: np.ndarray
    grid_ids: list[str]
    grid_population: np.ndarray
    grid_polygons: np.ndarray
    sample: PopulationSample
    sample_snap: Snap | None
    reach: Reach

    def covered(self, minutes: float) -> np.ndarray:
        """Per sample point: within `minutes` of some station."""
        _, metres = self.reach.nearest()
        return metres <= walk_metres(minutes, self.speed_kmh)

    def town_covered(self, minutes: float) -> tuple[float, float]:
        """(covered residents, all residents) of the town within `minutes`."""
        return float(self.sample.weight[self.covered(minutes)].sum()), float(self.grid_population.sum())

    def isochrone_at(self, x: float, y: float, minutes: float) -> Isochrone:
        return isochrone(self.network, x, y, minutes, self.speed_kmh)

    def what_if(self, lon: float, lat: float, minutes: float = COVERAGE_MINUTES) -> WhatIf:
        """A hypothetical station at (lon, lat): residents it newly covers and its circle (WGS-84)."""
        x, y = (float(v[0]) for v in to_metres(np.array([lon]), np.array([lat]), self.epsg))
        budget = walk_metres(minutes, self.speed_kmh)
        before = self.covered(minutes)
        new = point_reach(self.network, x, y, self.sample, self.sample_snap) <= budget
        added = float(self.sample.weight[new & ~before].sum())
        covered, total = self.town_covered(minutes)
        iso = self.isochrone_at(x, y, minutes)
        geom = project_geometry(iso.geom, self.epsg, "EPSG:4326")
        return WhatIf(
            lon,
            lat,
            minutes,
            added,
            covered / total if total else None,
            (covered + added) / total if total else None,
            iso.method,
            iso.reason,
            geom,
        )


@dataclass(frozen=True)
class WhatIf:
    lon: float
    lat: float
    minutes: float
    added_population: float
    share_before: float | None
    share_after: float | None
    method: str
    reason: str
    geom: object  # shapely geometry, WGS-84 (lon, lat)


@dataclass(frozen=True)
class CirclesReport:
    stations: int
    circles: int
    buffer_fallbacks: int
    grids: int
    town_share: dict[int, float | None]
    suggestions: list[dict]  # rank, node_id, lon, lat, added_population, share_after
    seconds: float


def _town_epsg(cur: duckdb.DuckDBPyConnection, queries: QueryBook) -> int:
    row = next(iter(queries["grid/town_extent"].execute(cur).fetchall()), None)
    if row is None or row[0] is None:
        raise ValueError("no town (level-0 grid) in the database: import grids or run `gridscope demo` first")
    return utm_epsg((row[0] + row[2]) / 2, (row[1] + row[3]) / 2)


def load_model(cur: duckdb.DuckDBPyConnection, queries: QueryBook, speed_kmh: float) -> CoverageModel:
    """Read roads, stations and level-3 grids and build the model (network distances included)."""
    epsg = _town_epsg(cur, queries)
    roads = queries["circles/walkable_roads"].execute(cur).fetchall()
    network = None
    if roads:
        lines = project_geometry(shapely.from_wkb([r[3] for r in roads]), 4326, epsg)
        network = WalkNetwork.from_lines(epsg, [r[1] for r in roads], [r[2] for r in roads], lines)
    stations = queries["circles/stations"].execute(cur).fetchall()
    sx, sy = to_metres(
        np.array([s[5] for s in stations], dtype=float), np.array([s[6] for s in stations], dtype=float), epsg
    )
    grids = queries["grid/by_level"].execute(cur, level=3).fetchall()
    cols = [d[0] for d in cur.description]
    gi, pi, gw = cols.index("grid_id"), cols.index("population"), cols.index("geom")
    polygons = project_geometry(shapely.from_wkb([g[gw] for g in grids]), 4326, epsg)
    population = np.array([g[pi] for g in grids], dtype=float)
    sample = population_sample(list(polygons), population)
    sample_snap = network.snap(sample.x, sample.y) if network is not None else None
    xy = np.column_stack([sx, sy]) if stations else np.zeros((0, 2))
    reach = station_reach(network, xy[:, 0], xy[:, 1], sample, sample_snap)
    return CoverageModel(
        epsg,
        speed_kmh,
        network,
        [s[0] for s in stations],
        xy,
        [g[gi] for g in grids],
        population,
        np.asarray(polygons, dtype=object),
        sample,
        sample_snap,
        reach,
    )


def _grid_coverage_frame(model: CoverageModel, minutes: tuple[int, ...]) -> pd.DataFrame:
    nearest_idx, nearest_m = model.reach.nearest()
    # Nearest station of a grid: the one nearest to the grid's sample point closest to its inner point.
    reps = shapely.point_on_surface(model.grid_polygons)
    rx, ry = shapely.get_x(reps)[model.sample.grid], shapely.get_y(reps)[model.sample.grid]
    d = np.hypot(model.sample.x - rx, model.sample.y - ry)
    order = np.lexsort((d, model.sample.grid))
    first = order[np.r_[True, model.sample.grid[order][1:] != model.sample.grid[order][:-1]]]
    rep_point = np.empty(len(model.grid_ids), dtype=int)
    rep_point[model.sample.grid[first]] = first
    metres_per_min = walk_metres(1, model.speed_kmh)
    frames = []
    for m in minutes:
        covered = model.covered(m)
        covered_pop = np.bincount(
            model.sample.grid, weights=model.sample.weight * covered, minlength=len(model.grid_ids)
        )
        has_station = nearest_idx[rep_point] >= 0
        frames.append(
            pd.DataFrame(
                {
                    "grid_id": model.grid_ids,
                    "minutes": m,
                    "population": model.grid_population.astype(int),
                    "covered_population": np.round(covered_pop, 3),
                    "covered_share": np.where(
                        model.grid_population > 0,
                        np.minimum(covered_pop / np.maximum(model.grid_population, 1), 1.0),
                        np.nan,
                    ),
                    "nearest_station_id": np.where(
                        has_station, np.array(model.station_ids + [None], dtype=object)[nearest_idx[rep_point]], None
                    ),
                    "nearest_minutes": np.where(
                        has_station, np.round(nearest_m[rep_point] / metres_per_min, 2), np.nan
                    ),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def compute_and_store(
    db: Database,
    minutes: tuple[int, ...] = DEFAULT_DURATIONS,
    speed_kmh: float = 4.5,
    suggestions: int = SUGGESTIONS,
    computed_at: datetime | None = None,
) -> CirclesReport:
    """Compute every station's circles for `minutes`, per-grid coverage and site suggestions (for the
    longest duration) and replace what was stored, in one transaction."""
    started = time.perf_counter()
    computed_at = computed_at or datetime.now().replace(microsecond=0)
    q = db.queries
    fingerprint = inputs_fingerprint(db)
    model = load_model(db.cursor(), q, speed_kmh)
    circle_rows = []
    for sid, (x, y) in zip(model.station_ids, model.station_xy, strict=True):
        for m in minutes:
            iso = model.isochrone_at(float(x), float(y), m)
            circle_rows.append(
                {
                    "station_id": sid,
                    "minutes": m,
                    "method": iso.method,
                    "speed_kmh": speed_kmh,
                    "computed_at": computed_at,
                    "note": iso.reason or None,
                    "geom": iso.geom,
                }
            )
    circles = pd.DataFrame(
        circle_rows, columns=["station_id", "minutes", "method", "speed_kmh", "computed_at", "note", "geom"]
    )
    if len(circles):
        wgs = project_geometry(np.asarray(circles["geom"].tolist(), dtype=object), model.epsg, "EPSG:4326")
        circles["wkb"] = list(shapely.to_wkb(shapely.set_precision(wgs, 1e-7)))
    else:
        circles["wkb"] = []
    circles = circles.drop(columns=["geom"])
    coverage = _grid_coverage_frame(model, minutes)
    longest = max(minutes)
    found = (
        suggest_sites(
            model.network,
            model.sample,
            model.sample_snap,
            model.covered(longest),
            walk_metres(longest, speed_kmh),
            suggestions,
        )
        if model.network is not None
        else []
    )
    covered, total = model.town_covered(longest)
    lon, lat = to_lonlat(np.array([s.x for s in found]), np.array([s.y for s in found]), model.epsg)
    running = np.cumsum([s.added_population for s in found]) + covered
    sites = pd.DataFrame(
        {
            "rank": np.arange(1, len(found) + 1),
            "minutes": longest,
            "node_id": [int(model.network.node_ids[s.node]) for s in found] if found else [],
            "lon": np.round(lon, 7),
            "lat": np.round(lat, 7),
            "added_population": [round(s.added_population, 3) for s in found],
            "share_after": running / total if total else np.nan,
            "computed_at": computed_at,
        }
    )
    with db.transaction() as cur:
        q["circles/clear"].execute(cur)
        for name, frame, query in (
            ("service_circle", circles, "circles/insert_staged"),
            ("grid_coverage", coverage, "coverage/insert_staged"),
            ("site_suggestion", sites, "coverage/insert_suggestions"),
        ):
            if frame.empty:  # no stations yet: nothing to write (and no column types to infer)
                continue
            cur.register(f"{name}_stage", frame)
            q[query].execute(cur)
            cur.unregister(f"{name}_stage")
        for key, value in (
            ("circles_computed_at", computed_at.isoformat(sep=" ")),
            ("circles_speed_kmh", str(speed_kmh)),
            ("circles_minutes", ",".join(map(str, minutes))),
            ("circles_inputs", fingerprint),
        ):
            q["meta/put"].execute(cur, key=key, value=value)
    shares = {}
    for m in minutes:
        c, t = model.town_covered(m)
        shares[m] = c / t if t else None
    return CirclesReport(
        len(model.station_ids),
        len(circles),
        int((circles["method"] == "buffer").sum()),
        len(model.grid_ids),
        shares,
        sites.drop(columns=["computed_at"]).to_dict("records"),
        round(time.perf_counter() - started, 2),
    )


def inputs_fingerprint(db: Database) -> str:
    return db.run("circles/inputs_fingerprint").fetchall()[0][0]


def circles_stale(db: Database) -> bool:
    """True when stations, walkable roads or grids changed since the circles were computed (or never were)."""
    stored = dict(db.run("meta/all").fetchall()).get("circles_inputs")
    return stored != inputs_fingerprint(db)


def refresh_if_stale(
    db: Database, default_speed_kmh: float, default_minutes: tuple[int, ...] = DEFAULT_DURATIONS
) -> CirclesReport | None:
    """Recompute circles, coverage and suggestions with the stored durations and speed if their inputs
    changed (those of the last computation, else the defaults: the settings'); None when they are current."""
    if not circles_stale(db):
        return None
    meta = dict(db.run("meta/all").fetchall())
    minutes = tuple(int(m) for m in meta.get("circles_minutes", "").split(",") if m) or default_minutes
    speed = float(meta.get("circles_speed_kmh") or default_speed_kmh)
    return compute_and_store(db, minutes=minutes, speed_kmh=speed)


class CoverageModelCache:
    """The served database's coverage model, rebuilt when the circles are recomputed (meta key
    `circles_computed_at` changes). Shared by the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, str] | None = None
        self._model: CoverageModel | None = None

    def get(self, db: Database, default_speed_kmh: float) -> CoverageModel:
        meta = dict(db.run("meta/all").fetchall())
        key = (meta.get("circles_computed_at", ""), meta.get("circles_speed_kmh", ""))
        with self._lock:
            if self._model is None or key != self._key:
                speed = float(key[1]) if key[1] else default_speed_kmh
                self._model = load_model(db.cursor(), db.queries, speed)
                self._key = key
            return self._model
