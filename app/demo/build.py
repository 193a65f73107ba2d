"""Build the demo database: generate the town in metres, convert to WGS-84, write through named queries.

`build_demo` writes a fresh database file (built beside the target and moved into place, so a failed run
leaves any previous database untouched) and, optionally, the town's geodata as GeoJSON.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from app.config import Settings
from app.demo import incidents as incident_gen
from app.demo import names
from app.demo.network import rivers, walking_network
from app.demo.places import address_points, risk_sites, stations
from app.demo.town import Unit, build_hierarchy, town_boundary
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.geo.crs import WGS84, project_geometry, to_lonlat, to_metres, utm_epsg
from app.services import deployment, painpoints
from app.services.circles import compute_and_store
from app.store.aggregates import refresh_incident_aggregates
from app.store.db import Database, create_schema

CENTRE_LON, CENTRE_LAT = 121.42, 31.05
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
SYNTHETIC_NOTICE = "演示数据：示范镇为虚构城镇，全部数据由程序生成 / Synthetic demo data: a fictional town"
# Stored coordinates are rounded to 7 decimals of a degree (about 1 cm).
DECIMALS = 7


@dataclass(frozen=True)
class DemoReport:
    db_path: Path
    incidents: int
    seconds: float
    timings: dict[str, float]


def default_now() -> datetime:
    """The demo's "now": the current local hour, so runs within the same hour give identical data."""
    return datetime.now(LOCAL_TZ).replace(minute=0, second=0, microsecond=0, tzinfo=None)


def build_demo(
    db_path: Path,
    *,
    settings: Settings,
    incidents: int = 100_000,
    seed: int = 7,
    now: datetime | None = None,
    geodata_dir: Path | None = None,
) -> DemoReport:
    now = now or default_now()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    mark = started

    def lap(name: str) -> None:
        nonlocal mark
        t = time.perf_counter()
        timings[name] = round(t - mark, 3)
        mark = t

    rng = np.random.default_rng(seed)
    epsg = utm_epsg(CENTRE_LON, CENTRE_LAT)
    cx, cy = to_metres(np.array(CENTRE_LON), np.array(CENTRE_LAT), epsg)
    boundary = town_boundary(rng, float(cx), float(cy))
    units = build_hierarchy(rng, boundary)
    river_lines, water = rivers(rng, boundary)
    village_zone = shapely.union_all([u.geom for u in units if u.kind == "village_committee"])
    edges = walking_network(rng, boundary, water, village_zone)
    grids = [u for u in units if u.level == 3]
    pts = address_points(rng, grids, edges)
    station_list = stations(rng, units, pts)
    sites = risk_sites(rng, units, pts, water)
    hierarchy = _hierarchy_wgs84(units, epsg)
    town = next(g for g, u in zip(hierarchy, units, strict=True) if u.level == 0)
    shapely.prepare(town)
    lap("town")

    draft = incident_gen.generate(
        rng,
        incidents,
        np.datetime64(now, "s"),
        grids,
        pts,
        sites,
        # Judged on the stored town and coordinates, so every incident kept lies in a stored grid.
        inside_town=lambda x, y: shapely.intersects_xy(town, *_stored_lonlat(x, y, epsg)),
    )
    lap("incidents_generated")

    frames = _frames(units, hierarchy, edges, water, station_list, sites, epsg, now, rng)
    lon, lat = _stored_lonlat(draft.frame["x"].to_numpy(), draft.frame["y"].to_numpy(), epsg)
    stage = draft.frame.drop(columns=["x", "y"]).assign(lon=lon, lat=lat)
    address = pd.DataFrame({"point_index": np.arange(len(pts.address)), "address": pts.address.astype(str)})
    lap("frames")

    db_path = Path(db_path)
    tmp = db_path.with_name(db_path.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    db = Database(tmp)
    try:
        with db.transaction() as cur:
            create_schema(cur, db.queries)
            # The demo's incidents are of the default taxonomy's categories, whatever the settings say.
            deployment.settle(cur, db.queries, replace(settings, taxonomy=DEFAULT_TAXONOMY, categories_from_file=True))
            for name, frame in frames.items():
                cur.register(f"{name}_stage", frame)
                db.queries[f"{name}/insert_staged"].execute(cur)
                cur.unregister(f"{name}_stage")
            for key, value in _meta(seed, now, incidents).items():
                db.queries["meta/put"].execute(cur, key=key, value=value)
        lap("write_town")
        with db.transaction() as cur:
            cur.register("incident_stage", stage)
            db.queries["incident/assign_staged_grids"].execute(cur)
            lap("assign_grids")
            cur.register("demo_address", address)
            cur.register("demo_description", draft.descriptions)
            db.queries["demo/insert_incidents"].execute(cur)
            db.queries["incident/drop_staged_grids"].execute(cur)
            lap("write_incidents")
            db.queries["incident/events_from_stages"].execute(cur)
            lap("write_events")
            refresh_incident_aggregates(cur, db.queries, limits=settings.stage_limits, now=now)
            lap("aggregates")
        compute_and_store(db, settings.circle_minutes, speed_kmh=settings.walking_speed_kmh, computed_at=now)
        lap("circles")
        painpoints.refresh(db, now, settings)
        lap("pain_points")
        db.cursor().execute("CHECKPOINT")
    finally:
        db.close()
    os.replace(tmp, db_path)
    if geodata_dir is not None:
        write_geodata(frames, Path(geodata_dir))
        lap("geodata")
    return DemoReport(db_path, incidents, round(time.perf_counter() - started, 2), timings)


def _stored_lonlat(x: np.ndarray, y: np.ndarray, epsg: int) -> tuple[np.ndarray, np.ndarray]:
    """Metres → WGS-84 (lon, lat) as stored: rounded to DECIMALS."""
    lon, lat = to_lonlat(x, y, epsg)
    return np.round(lon, DECIMALS), np.round(lat, DECIMALS)


def _to_wgs84(geoms, epsg: int) -> np.ndarray:
    projected = project_geometry(np.array(geoms, dtype=object), epsg, WGS84)
    return shapely.set_precision(projected, 10.0**-DECIMALS)


def _hierarchy_wgs84(units: list[Unit], epsg: int) -> np.ndarray:
    """Each unit's geometry in WGS-84, rounded, with the level-3 grids an exact partition of the town and every
    other unit exactly the union of its children.

    Converting and rounding each polygon on its own leaves slivers between neighbours: a grid corner lying on a
    neighbour's edge without being one of its vertices does not stay on that edge through the (non-linear)
    projection or the rounding. So the grids are rounded as one partition twice: in metres at a micrometre (only
    floating-point noise moves), which puts every shared edge's vertices on both sides before the conversion, and
    after it at the stored precision. The levels above are unions of the rounded grids.
    """
    leaves = [u for u in units if u.level == 3]
    metric = _snap_rounded(np.array([u.geom for u in leaves], dtype=object), 1e-6)
    rounded = _snap_rounded(project_geometry(metric, epsg, WGS84), 10.0**-DECIMALS)
    geoms = {u.grid_id: g for u, g in zip(leaves, rounded, strict=True)}
    for level in (2, 1, 0):
        for parent in (u for u in units if u.level == level):
            children = [geoms[c.grid_id] for c in units if c.parent_id == parent.grid_id]
            geoms[parent.grid_id] = shapely.coverage_union_all(children)
    return np.array([geoms[u.grid_id] for u in units], dtype=object)


def _snap_rounded(parts: np.ndarray, grid_size: float) -> np.ndarray:
    """A partition (polygons tiling a region up to slivers) rounded to `grid_size` as a whole: the boundaries are
    snap-rounded and noded together, so a shared edge has the same vertices on both sides and no gap or overlap
    opens, and each part becomes the faces of that linework it overlaps most."""
    linework = shapely.union_all(shapely.boundary(parts), grid_size=grid_size)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    face_idx, part_idx = shapely.STRtree(parts).query(faces, predicate="intersects")
    overlap = shapely.area(shapely.intersection(faces[face_idx], parts[part_idx]))
    order = np.lexsort((part_idx, -overlap, face_idx))
    face_idx, part_idx = face_idx[order], part_idx[order]
    first = np.unique(face_idx, return_index=True)[1]
    owned: list[list] = [[] for _ in parts]
    for f, k in zip(face_idx[first], part_idx[first], strict=True):
        owned[k].append(faces[f])
    if not all(owned):
        raise RuntimeError(f"rounding to {grid_size} lost {sum(not o for o in owned)} of {len(parts)} polygons")
    return np.array([shapely.coverage_union_all(o) for o in owned], dtype=object)


def _table(items: list, epsg: int, columns: list[str], geoms=None, **extra) -> pd.DataFrame:
    """A staging frame: the named attributes of each item, `extra` columns, and its geometry as WGS-84 WKB
    (`geoms` when given, already in WGS-84, else each item's geometry converted)."""
    frame = pd.DataFrame({c: [getattr(o, c) for o in items] for c in columns})
    wgs84 = _to_wgs84([o.geom for o in items], epsg) if geoms is None else geoms
    return frame.assign(**extra, wkb=list(shapely.to_wkb(wgs84)))


def _frames(units, hierarchy, edges, water, station_list, sites, epsg, now: datetime, rng) -> dict[str, pd.DataFrame]:
    updated = [now - timedelta(minutes=int(m)) for m in rng.integers(5, 60 * 24 * 3, len(sites))]
    grid_cols = ["grid_id", "name", "level", "parent_id", "area_id", "kind", "population", "households"]
    station_cols = ["station_id", "name", "tier", "grid_id", "area_id", "services", "open_hours", "address"]
    return {
        "grid": _table(units, epsg, [*grid_cols, "party_members"], geoms=hierarchy),
        "road": _table(
            edges,
            epsg,
            ["from_node", "to_node", "kind"],
            edge_id=[f"E{i + 1:05d}" for i in range(len(edges))],
            length_m=[round(e.geom.length, 2) for e in edges],
            name=[e.name or None for e in edges],
            walkable=True,
        ),
        "basemap": _table(water, epsg, ["feature_id", "kind", "name"]),
        "station": _table(station_list, epsg, station_cols),
        "risk_site": _table(
            sites,
            epsg,
            ["site_id", "name", "kind", "warning_level", "grid_id", "area_id"],
            updated_at=pd.to_datetime(updated),
        ),
    }


def _meta(seed: int, now: datetime, incidents: int) -> dict[str, str]:
    return {
        "dataset": "demo",
        "synthetic": "true",
        "notice": SYNTHETIC_NOTICE,
        "town_name": names.TOWN_NAME,
        "town_name_en": names.TOWN_NAME_EN,
        "seed": str(seed),
        "data_until": now.isoformat(sep=" "),
        "incidents_requested": str(incidents),
        "timezone": "Asia/Shanghai",
    }


GEODATA_FILES = {"grid": "grids", "road": "roads", "basemap": "water", "station": "stations", "risk_site": "risk_sites"}


def write_geodata(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write the town's layers as WGS-84 GeoJSON (one file per layer) for the import path to use."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, stem in GEODATA_FILES.items():
        frame = frames[name]
        gdf = gpd.GeoDataFrame(
            frame.drop(columns=["wkb"]), geometry=gpd.GeoSeries.from_wkb(frame["wkb"]), crs="EPSG:4326"
        )
        if "services" in gdf:
            gdf["services"] = gdf["services"].map(lambda s: ";".join(s))
        path = out_dir / f"{stem}.geojson"
        path.unlink(missing_ok=True)
        gdf.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=7, engine="pyogrio")
        written.append(path)
    return written
