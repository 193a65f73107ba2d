"""The grid hierarchy from Shapefile/GeoJSON/GeoPackage/GeoParquet boundaries.

Checks, all in metres in the UTM zone of the data: polygons made valid when they are not (reported as
repaired); every grid but the town has a parent one level up, in the file or already stored; a child lying
outside its parent, level-3 grids overlapping each other and gaps between a community's level-3 grids are
reported as warnings and loaded. area_id is derived from the hierarchy (the level-1 ancestor).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.geo.crs import project_geometry, utm_epsg
from app.ingest.coords import geometries_to_wgs84
from app.ingest.mapping import Mapping
from app.ingest.problems import FileRefused, Problems
from app.ingest.readers import Table
from app.ingest.staging import Rejector, Written, ids_column, text, upsert

CHANGED = frozenset({"grid"})
DEFAULT_KIND = {0: "town", 1: "area", 2: "neighbourhood", 3: "residential"}
# Below these a difference is digitising noise, not a real overlap or gap.
OVERLAP_M2 = 10.0
GAP_M2 = 100.0
OUTSIDE_SHARE = 0.01


def prepare(
    table: Table,
    mapping: Mapping,
    crs: str | None,
    problems: Problems,
    cur=None,
    queries=None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
):
    if table.geometry is None:
        raise FileRefused("grids need boundaries: import a GeoJSON, zipped Shapefile, GeoPackage or GeoParquet file")
    f, n = table.frame, len(table)
    rj = Rejector(table, problems)
    ids = ids_column(table, mapping, "grid_id", rj)
    name = text(mapping.column("name", f, required=True), n)
    rj.reject(name == "", "name", "缺少网格名称", "name is empty")
    level_text = text(mapping.column("level", f, required=True), n)
    level = pd.to_numeric(level_text, errors="coerce")
    rj.reject(~level.isin([0, 1, 2, 3]), "level", "层级应为 0–3", "level must be 0 to 3", level_text)
    level = level.fillna(-1).astype(int).to_numpy()
    parent = text(mapping.column("parent_id", f), n)
    kind = text(mapping.column("kind", f), n)
    kind = kind.where(kind != "", pd.Series(level).map(DEFAULT_KIND).fillna(""))
    counts = {}
    for col in ("population", "households", "party_members"):
        raw = text(mapping.column(col, f), n)
        value = pd.to_numeric(raw.replace("", "0"), errors="coerce")
        rj.reject(value.isna() | (value < 0), col, f"{col} 应为非负整数", f"{col} must be a whole number ≥ 0", raw)
        counts[col] = value.fillna(0).round().astype("int64").to_numpy()

    geoms = _polygons(table, crs, problems, rj)
    _check_hierarchy(table, ids, level, parent, geoms, rj, problems, cur, queries)
    keep = rj.ok
    area = _area_ids(ids, level, parent, keep, cur, queries)
    return pd.DataFrame(
        {
            "seq": np.flatnonzero(keep),
            "grid_id": ids[keep].to_numpy(),
            "name": name[keep].to_numpy(),
            "level": level[keep].astype("int8"),
            "parent_id": parent[keep].replace("", None).to_numpy(),
            "area_id": [area.get(i) for i in ids[keep]],
            "kind": kind[keep].to_numpy(),
            "population": counts["population"][keep],
            "households": counts["households"][keep],
            "party_members": counts["party_members"][keep],
            "wkb": shapely.to_wkb(shapely.set_precision(geoms[keep], 1e-7)),
        }
    )


def _polygons(table: Table, crs, problems: Problems, rj: Rejector) -> np.ndarray:
    geoms = geometries_to_wgs84(table.geometry, table.crs, crs)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    rj.reject(missing, "geometry", "缺少边界", "the boundary is empty")
    type_ids = np.where(missing, -1, shapely.get_type_id(geoms))
    rj.reject(~np.isin(type_ids, [3, 6]) & ~missing, "geometry", "边界不是面", "the boundary is not a polygon")
    invalid = rj.ok & ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = [shapely.is_valid_reason(g) for g in geoms[invalid]]
        fixed = np.array([_polygonal(shapely.make_valid(g)) for g in geoms[invalid]], dtype=object)
        geoms = geoms.copy()
        geoms[invalid] = fixed
        empty = np.zeros(len(geoms), dtype=bool)
        empty[np.flatnonzero(invalid)] = shapely.is_empty(fixed)
        rj.reject(empty, "geometry", "边界无效且无法修复", "the boundary is invalid and cannot be repaired")
        repaired = invalid & ~empty
        problems.add(
            table.rows[repaired],
            "geometry",
            "边界自相交等无效，已自动修复，请核对",
            "the boundary was invalid (e.g. self-intersecting) and was repaired; please check it",
            np.asarray(reasons, dtype=object)[~empty[invalid]],
            action="repaired",
        )
    return geoms


def _polygonal(geom):
    """The polygonal part of a make_valid result as a MultiPolygon (lines and points from folds dropped)."""
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.multipolygons(shapely.get_parts(parts)) if parts else shapely.Polygon()


def _stored(cur, queries) -> pd.DataFrame:
    if cur is None:
        return pd.DataFrame(columns=["grid_id", "level", "parent_id", "area_id", "wkb"])
    return queries["grid/ids"].execute(cur).df()


def _check_hierarchy(table, ids, level, parent, geoms, rj: Rejector, problems: Problems, cur, queries) -> None:
    stored = _stored(cur, queries)
    stored = stored[~stored["grid_id"].isin(set(ids[rj.ok]))]
    stored_level = dict(zip(stored["grid_id"], stored["level"], strict=True))
    rj.reject((level == 0) & (parent != ""), "parent_id", "镇级网格不应有上级", "a level-0 grid has no parent", parent)
    # A child of a rejected parent is rejected too, so repeat until nothing more falls.
    while True:
        file_level = {i: lv for i, lv, ok in zip(ids, level, rj.ok, strict=True) if ok}
        known = {**stored_level, **file_level}
        bad = np.array(
            [ok and lv > 0 and known.get(p) != lv - 1 for ok, lv, p in zip(rj.ok, level, parent, strict=True)]
        )
        if not bad.any():
            break
        rj.reject(
            bad,
            "parent_id",
            "上级网格不存在（或层级不是上一级），请先导入上级网格或更正上级编号",
            "the parent grid does not exist one level up; import it first or correct parent_id",
            parent,
        )
    ok = rj.ok
    if not ok.any():
        return
    epsg = utm_epsg(*shapely.get_coordinates(shapely.centroid(geoms[ok][0]))[0])
    metric = {i: g for i, g in zip(ids[ok], project_geometry(geoms[ok], 4326, epsg), strict=True)}
    if len(stored):
        stored_geoms = project_geometry(shapely.from_wkb(stored["wkb"].map(bytes)), 4326, epsg)
        metric = {**dict(zip(stored["grid_id"], stored_geoms, strict=True)), **metric}
    row_of = dict(zip(ids[ok], table.rows[ok], strict=True))
    parent_of = {i: p for i, p in zip(ids[ok], parent[ok], strict=True)}
    parent_of |= {i: p for i, p in zip(stored["grid_id"], stored["parent_id"], strict=True)}
    level_of = {**stored_level, **{i: lv for i, lv in zip(ids[ok], level[ok], strict=True)}}
    _outside_parent(row_of, parent_of, metric, problems)
    _overlaps(row_of, level_of, metric, problems)
    _gaps(row_of, parent_of, level_of, metric, problems)


def _outside_parent(row_of, parent_of, metric, problems: Problems) -> None:
    for gid, row in row_of.items():
        p = parent_of.get(gid)
        if not p or p not in metric:
            continue
        child = metric[gid]
        share = shapely.area(shapely.difference(child, metric[p])) / max(shapely.area(child), 1e-9)
        if share > OUTSIDE_SHARE:
            problems.add(
                row,
                "geometry",
                f"有 {share:.0%} 面积超出上级网格 {p}",
                f"{share:.0%} of the grid lies outside its parent {p}",
                gid,
                action="warning",
            )


def _overlaps(row_of, level_of, metric, problems: Problems) -> None:
    level3 = [g for g, lv in level_of.items() if lv == 3 and g in metric]
    geoms = np.array([metric[g] for g in level3], dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for a, b in zip(left, right, strict=True):
        if a >= b:
            continue
        ga, gb = level3[a], level3[b]
        if ga not in row_of and gb not in row_of:
            continue
        overlap = shapely.area(shapely.intersection(geoms[a], geoms[b]))
        if overlap > OVERLAP_M2:
            first, second = sorted((ga, gb), key=lambda g: row_of.get(g, 0))
            problems.add(
                row_of.get(second, 0),
                "geometry",
                f"与网格 {first} 重叠 {overlap:,.0f} 平方米",
                f"overlaps grid {first} by {overlap:,.0f} m²",
                second,
                action="warning",
            )


def _gaps(row_of, parent_of, level_of, metric, problems: Problems) -> None:
    children: dict[str, list] = {}
    for g, p in parent_of.items():
        if level_of.get(g) == 3 and p in metric and g in metric:
            children.setdefault(p, []).append(metric[g])
    for p, kids in children.items():
        if p not in row_of and not any(g in row_of for g, q in parent_of.items() if q == p):
            continue
        gap = shapely.area(shapely.difference(metric[p], shapely.union_all(kids)))
        if gap > GAP_M2:
            problems.add(
                row_of.get(p, 0),
                "geometry",
                f"{p} 内有 {gap:,.0f} 平方米未被任何网格覆盖",
                f"{gap:,.0f} m² inside {p} belong to no level-3 grid",
                p,
                action="warning",
            )


def _area_ids(ids, level, parent, keep, cur, queries) -> dict[str, str | None]:
    stored = _stored(cur, queries)
    parent_of = dict(zip(stored["grid_id"], stored["parent_id"], strict=True))
    level_of = dict(zip(stored["grid_id"], stored["level"], strict=True))
    parent_of |= {i: (p or None) for i, p, k in zip(ids, parent, keep, strict=True) if k}
    level_of |= {i: lv for i, lv, k in zip(ids, level, keep, strict=True) if k}
    out = {}
    for gid in ids[keep]:
        node, guard = gid, 0
        while node is not None and level_of.get(node, 0) > 1 and guard < 5:
            node, guard = parent_of.get(node), guard + 1
        out[gid] = node if node is not None and level_of.get(node) == 1 else None
    return out


def write(cur, queries, stage: pd.DataFrame) -> Written:
    return upsert(cur, queries, "grid", "grid_id", stage)
