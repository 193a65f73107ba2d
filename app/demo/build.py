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
from app.demo.town import build_hierarchy, town_boundary
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.geo.crs import project_geometry, to_lonlat, to_metres, utm_epsg
from app.services import deployment, painpoints
from app.services.circles import compute_and_store
from app.store.aggregates import refresh_incident_aggregates
from app.store.db import Database, create_schema

CENTRE_LON, CENTRE_LAT = 121.42, 31.05
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
SYNTHETIC_NOTICE = "演示数据：示范镇为虚构城镇，全部数据由程序生成 / Synthetic demo data: a fictional town"


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
    lap("town")

    draft = incident_gen.generate(
        rng,
        incidents,
        np.datetime64(now, "s"),
        grids,
        pts,
        sites,
        inside_town=lambda x, y: shapely.contains_xy(boundary, x, y),
    )
    lap("incidents_generated")

    frames = _frames(units, edges, water, station_list, sites, epsg, now, rng)
    lon, lat = to_lonlat(draft.frame["x"].to_numpy(), draft.frame["y"].to_numpy(), epsg)
    stage = draft.frame.drop(columns=["x", "y"]).assign(lon=np.round(lon, 7), lat=np.round(lat, 7))
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


def _to_wgs84_wkb(geoms, epsg: int) -> list[bytes]:
    projected = project_geometry(np.array(geoms, dtype=object), epsg, "EPSG:4326")
    projected = shapely.set_precision(projected, 1e-7)
    return list(shapely.to_wkb(projected))


def _table(items: list, epsg: int, columns: list[str], **extra) -> pd.DataFrame:
    """A staging frame: the named attributes of each item, `extra` columns, and its geometry as WGS-84 WKB."""
    frame = pd.DataFrame({c: [getattr(o, c) for o in items] for c in columns})
    return frame.assign(**extra, wkb=_to_wgs84_wkb([o.geom for o in items], epsg))


def _frames(units, edges, water, station_list, sites, epsg, now: datetime, rng) -> dict[str, pd.DataFrame]:
    updated = [now - timedelta(minutes=int(m)) for m in rng.integers(5, 60 * 24 * 3, len(sites))]
    grid_cols = ["grid_id", "name", "level", "parent_id", "area_id", "kind", "population", "households"]
    station_cols = ["station_id", "name", "tier", "grid_id", "area_id", "services", "open_hours", "address"]
    return {
        "grid": _table(units, epsg, [*grid_cols, "party_members"]),
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
