"""OpenStreetMap XML or PBF → walkable edges split at shared nodes.

XML is read here, node by node, so from/to are OSM node ids. PBF is read through GDAL's OSM driver, which
gives each way's line but not its node ids: nodes are then identified by their coordinates (to 1e-7
degrees) with a stable id derived from them, and ways are split the same way.

A way is walkable when its `highway` tag is one people walk on (motorways and trunk roads are not) and
`foot`/`access` do not forbid it. Each way is split at every node another walkable way also uses (and at
nodes it passes twice), so edges meet only at their ends: the walking graph the circles need.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.ingest.problems import FileRefused

ARTERIAL = {"primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link"}
LOCAL = {"residential", "unclassified", "service", "living_street", "road"}
PATHS = {"footway", "path", "pedestrian", "steps", "track", "cycleway", "corridor", "bridleway"}
WALKABLE = ARTERIAL | LOCAL | PATHS
NO_FOOT = {"no", "private", "use_sidepath"}


@dataclass(frozen=True)
class OsmEdge:
    way_number: int  # 1-based among the walkable ways, for reporting
    edge_id: str
    from_node: int
    to_node: int
    kind: str
    name: str | None
    coords: tuple[tuple[float, float], ...]  # (lon, lat)


@dataclass(frozen=True)
class OsmWay:
    number: int
    way_id: int
    nodes: tuple[int, ...]
    tags: dict


def road_kind(highway: str) -> str:
    if highway in ARTERIAL:
        return "arterial"
    if highway in LOCAL:
        return "local"
    return "path"


def is_walkable(tags: dict) -> bool:
    if tags.get("highway") not in WALKABLE:
        return False
    if tags.get("foot") in NO_FOOT:
        return False
    return not (tags.get("access") in {"no", "private"} and tags.get("foot") not in {"yes", "designated"})


def read_osm_xml(path: Path) -> tuple[dict[int, tuple[float, float]], list[OsmWay]]:
    """Nodes (id → (lon, lat)) and walkable ways of an .osm file; FileRefused if it is not OSM XML."""
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[OsmWay] = []
    try:
        context = ET.iterparse(path, events=("start", "end"))
        _, root = next(context)
        if root.tag != "osm":
            raise FileRefused(f"{path.name} is not OpenStreetMap XML (its root element is <{root.tag}>)")
        for event, elem in context:
            if event != "end":
                continue
            if elem.tag == "node":
                nodes[int(elem.get("id"))] = (float(elem.get("lon")), float(elem.get("lat")))
                elem.clear()
            elif elem.tag == "way":
                tags = {t.get("k"): t.get("v") for t in elem.findall("tag")}
                if is_walkable(tags):
                    refs = tuple(int(nd.get("ref")) for nd in elem.findall("nd"))
                    ways.append(OsmWay(len(ways) + 1, int(elem.get("id")), refs, tags))
                elem.clear()
    except ET.ParseError as exc:
        raise FileRefused(f"{path.name} is not readable OpenStreetMap XML: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise FileRefused(f"{path.name}: a node or way lacks its id or coordinates ({exc})") from None
    return nodes, ways


def split_ways(nodes: dict[int, tuple[float, float]], ways: list[OsmWay]) -> tuple[list[OsmEdge], list[OsmWay]]:
    """Edges of the walkable ways split at shared nodes, and the ways that reference missing nodes."""
    broken = [w for w in ways if len(w.nodes) < 2 or any(n not in nodes for n in w.nodes)]
    good = [w for w in ways if w not in broken]
    use = Counter(n for w in good for n in set(w.nodes))
    edges: list[OsmEdge] = []
    for w in good:
        seen_in_way = Counter(w.nodes)
        start, part = 0, 1
        for i in range(1, len(w.nodes)):
            n = w.nodes[i]
            if i == len(w.nodes) - 1 or use[n] > 1 or seen_in_way[n] > 1:
                seg = w.nodes[start : i + 1]
                edges.append(
                    OsmEdge(
                        way_number=w.number,
                        edge_id=f"W{w.way_id}-{part}",
                        from_node=seg[0],
                        to_node=seg[-1],
                        kind=road_kind(w.tags["highway"]),
                        name=w.tags.get("name"),
                        coords=tuple(nodes[k] for k in seg),
                    )
                )
                start, part = i, part + 1
    return edges, broken


_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def node_id(x: float, y: float) -> int:
    """A stable 62-bit node id for a point (lon, lat) rounded to 1e-7 degrees."""
    digest = hashlib.sha1(f"{x:.7f},{y:.7f}".encode()).hexdigest()
    return int(digest[:15], 16)


def read_osm_gdal(path: Path) -> tuple[dict[int, tuple[float, float]], list[OsmWay]]:
    """Nodes and walkable ways of an OSM file (PBF or XML) through GDAL's OSM driver; node ids from coordinates."""
    import pyogrio
    import shapely

    try:
        lines = pyogrio.read_dataframe(str(path), layer="lines")
    except Exception as exc:  # GDAL reports unreadable files as several exception types
        raise FileRefused(f"{path.name} is not a readable OpenStreetMap file: {str(exc).splitlines()[0]}") from None
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[OsmWay] = []
    for row in lines.itertuples(index=False):
        tags = {"highway": row.highway} if isinstance(row.highway, str) else {}
        if isinstance(getattr(row, "other_tags", None), str):
            tags |= dict(_HSTORE.findall(row.other_tags))
        if isinstance(getattr(row, "name", None), str):
            tags["name"] = row.name
        if not is_walkable(tags) or row.geometry is None:
            continue
        refs = []
        for x, y in shapely.get_coordinates(row.geometry):
            key = node_id(x, y)
            nodes[key] = (round(float(x), 7), round(float(y), 7))
            refs.append(key)
        ways.append(OsmWay(len(ways) + 1, int(row.osm_id), tuple(refs), tags))
    return nodes, ways
