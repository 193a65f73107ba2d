"""The walking network: edges from OSM XML (split at shared nodes) or from line geodata.

Lengths are computed in metres in the UTM zone of the data. Line geodata without from_node/to_node
columns get node ids from their end points (the same point, to 1e-7 degrees, is the same node).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from app.domain import codes
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.geo.crs import project_geometry, utm_epsg
from app.ingest.coords import geometries_to_wgs84
from app.ingest.mapping import Mapping
from app.ingest.osm import node_id, read_osm_gdal, read_osm_xml, split_ways
from app.ingest.problems import FileRefused, Problems
from app.ingest.readers import Table
from app.ingest.staging import Rejector, Written, text, upsert

CHANGED = frozenset({"road"})
_TRUE = {"1", "true", "yes", "y", "是", "t"}


def lengths_m(lines: np.ndarray) -> np.ndarray:
    """Lengths in metres of WGS-84 lines, measured in the UTM zone of the first one."""
    if len(lines) == 0:
        return np.zeros(0)
    lon, lat = shapely.get_coordinates(lines[0])[0]
    return np.round(shapely.length(project_geometry(lines, 4326, utm_epsg(lon, lat))), 2)


def prepare_osm(path: Path, problems: Problems) -> tuple[Table, pd.DataFrame]:
    nodes, ways = read_osm_gdal(path) if path.suffix.lower() == ".pbf" else read_osm_xml(path)
    if not ways:
        raise FileRefused(f"{path.name} has no walkable ways (highway=footway/residential/…)")
    edges, broken = split_ways(nodes, ways)
    table = Table(pd.DataFrame({"way_id": [w.way_id for w in ways]}), np.arange(1, len(ways) + 1))
    for w in broken:
        problems.add(
            w.number,
            "nd",
            f"道路 {w.way_id} 引用的节点不在文件中（导出范围不完整），请扩大导出范围",
            f"way {w.way_id} references nodes missing from the file (export clipped); export a larger area",
            w.way_id,
        )
    lines = np.array([shapely.LineString(e.coords) for e in edges], dtype=object)
    stage = pd.DataFrame(
        {
            "seq": [e.way_number - 1 for e in edges],
            "edge_id": [e.edge_id for e in edges],
            "from_node": [e.from_node for e in edges],
            "to_node": [e.to_node for e in edges],
            "length_m": lengths_m(lines),
            "kind": [e.kind for e in edges],
            "name": [e.name for e in edges],
            "walkable": True,
            "wkb": shapely.to_wkb(lines),
        }
    )
    return table, stage


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
        raise FileRefused("roads need line geometry: import OSM XML, GeoJSON, Shapefile, GeoPackage or GeoParquet")
    f, n = table.frame, len(table)
    rj = Rejector(table, problems)
    geoms = geometries_to_wgs84(table.geometry, table.crs, crs)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    rj.reject(missing, "geometry", "缺少线形", "the line is empty")
    merged = np.array([shapely.line_merge(g) if shapely.get_type_id(g) == 5 else g for g in geoms], dtype=object)
    type_ids = np.where(missing, -1, shapely.get_type_id(merged))
    rj.reject(type_ids != 1, "geometry", "不是单条线（多段线请拆分）", "not a single line (split multi-part lines)")
    ids = text(mapping.column("edge_id", f), n)
    wkb = shapely.to_wkb(np.where(rj.ok, merged, None))
    ids = ids.where(ids != "", pd.Series(["E" + hashlib.sha1(b or b"").hexdigest()[:12] for b in wkb]))
    dup = ids.duplicated(keep="first").to_numpy()
    rj.reject(dup, "edge_id", "路段编号重复，已保留第一条", "duplicate edge_id; the first row with it was kept", ids)
    kind = text(mapping.column("kind", f), n).replace("", "local")
    rj.reject(
        ~kind.isin(list(codes.ROAD_KINDS)),
        "kind",
        "道路类型无法识别，请在 [values.kind] 中对应到 arterial/local/path",
        "unknown road kind; map it in [values.kind] to arterial/local/path",
        kind,
    )
    keep = rj.ok
    lines = merged[keep]
    from_raw, to_raw = mapping.column("from_node", f), mapping.column("to_node", f)
    if from_raw is not None and to_raw is not None:
        from_node = pd.to_numeric(from_raw, errors="coerce")
        to_node = pd.to_numeric(to_raw, errors="coerce")
        rj.reject(from_node.isna() | to_node.isna(), "from_node", "节点编号不是整数", "node ids must be whole numbers")
        keep = rj.ok
        lines = merged[keep]
        from_ids, to_ids = from_node[keep].astype("int64").to_numpy(), to_node[keep].astype("int64").to_numpy()
    else:
        starts = shapely.get_coordinates(shapely.get_point(lines, 0))
        ends = shapely.get_coordinates(shapely.get_point(lines, -1))
        from_ids = np.array([node_id(x, y) for x, y in starts], dtype=np.int64)
        to_ids = np.array([node_id(x, y) for x, y in ends], dtype=np.int64)
    walkable = text(mapping.column("walkable", f), n).str.lower().replace("", "true").isin(_TRUE)
    return pd.DataFrame(
        {
            "seq": np.flatnonzero(keep),
            "edge_id": ids[keep].to_numpy(),
            "from_node": from_ids,
            "to_node": to_ids,
            "length_m": lengths_m(lines),
            "kind": kind[keep].to_numpy(),
            "name": text(mapping.column("name", f), n)[keep].replace("", None).to_numpy(),
            "walkable": walkable[keep].to_numpy(),
            "wkb": shapely.to_wkb(shapely.set_precision(lines, 1e-7)),
        }
    )


def write(cur, queries, stage: pd.DataFrame) -> Written:
    return upsert(cur, queries, "road", "edge_id", stage)
