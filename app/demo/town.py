"""The demo town's boundary and grid hierarchy, built in metres (UTM) so every level partitions its parent.

Communities are Lloyd-relaxed Voronoi cells of the town; areas are unions of communities; level-3 grids
are Voronoi cells clipped to their community. All geometry here is in the town's UTM CRS (metres).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Point, Polygon

from app.demo import names

TOWN_AREA_M2 = 20.0e6
N_NEIGHBOURHOODS = 32
N_VILLAGES = 14
N_GRIDS = 388

# Residents per km² by grid kind, and the mix of kinds per area role (neighbourhoods / villages).
DENSITY_PER_KM2 = {"residential": 21000, "commercial": 3500, "village": 2600, "industrial": 500, "campus": 8000}
KIND_MIX = {
    "old_town": {"residential": 0.72, "commercial": 0.28},
    "new_town": {"residential": 0.66, "commercial": 0.34},
    "industrial": {"industrial": 0.55, "residential": 0.45},
    "science": {"campus": 0.35, "residential": 0.65},
    "rural": {"residential": 1.0},
    "village": {"village": 0.85, "industrial": 0.15},
}
# Grids per km² relative to a neighbourhood: villages are split into fewer, larger grids.
GRID_DENSITY_WEIGHT = {"neighbourhood_committee": 1.0, "village_committee": 0.35}


@dataclass
class Unit:
    """One row of the grid hierarchy, geometry in metres."""

    grid_id: str
    name: str
    level: int
    parent_id: str | None
    area_id: str | None
    kind: str
    geom: Polygon | MultiPolygon
    population: int = 0
    households: int = 0
    party_members: int = 0
    role: str = ""


def town_boundary(rng: np.random.Generator, cx: float, cy: float) -> Polygon:
    """An irregular, roughly 5.2 × 4 km town outline of exactly TOWN_AREA_M2 around (cx, cy)."""
    theta = np.linspace(0, 2 * np.pi, 181)[:-1]
    phase = rng.uniform(0, 2 * np.pi, 3)
    r = (
        1
        + 0.07 * np.sin(3 * theta + phase[0])
        + 0.05 * np.sin(5 * theta + phase[1])
        + 0.03 * np.sin(7 * theta + phase[2])
    )
    x, y = 1.3 * r * np.cos(theta), r * np.sin(theta)
    poly = Polygon(np.column_stack([x, y]))
    scale = np.sqrt(TOWN_AREA_M2 / poly.area)
    return Polygon(np.column_stack([cx + x * scale, cy + y * scale]))


def sample_points_in(rng: np.random.Generator, poly: Polygon, n: int) -> np.ndarray:
    """n uniform random points (x, y) inside a polygon, by rejection from its bounding box."""
    minx, miny, maxx, maxy = poly.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        cand = rng.uniform((minx, miny), (maxx, maxy), size=(max(2 * n, 16), 2))
        inside = shapely.contains_xy(poly, cand[:, 0], cand[:, 1])
        out = np.vstack([out, cand[inside]])
    return out[:n]


def voronoi_partition(seeds: np.ndarray, region: Polygon, iterations: int = 4) -> list[Polygon]:
    """Partition `region` into len(seeds) cells: Lloyd-relaxed Voronoi cells clipped to it, in seed order."""
    if len(seeds) == 1:
        return [region]
    pts = seeds.copy()
    cells: list[Polygon] = []
    for i in range(iterations + 1):
        vor = shapely.voronoi_polygons(MultiPoint(pts), extend_to=region.buffer(1000).envelope)
        raw = list(vor.geoms)
        # voronoi_polygons does not keep input order: match cells back to the seeds they contain.
        tree = shapely.STRtree(raw)
        idx = tree.query(shapely.points(pts), predicate="within")
        order = np.empty(len(pts), dtype=int)
        order[idx[0]] = idx[1]
        cells = [_polygonal(raw[order[k]].intersection(region)) for k in range(len(pts))]
        if i < iterations:
            pts = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    return cells


def _polygonal(geom) -> Polygon | MultiPolygon:
    """Only the polygon parts of an intersection result (drops stray lines and points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon" and g.area > 0]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def build_hierarchy(rng: np.random.Generator, boundary: Polygon) -> list[Unit]:
    """Town (level 0) → 5 areas → 46 communities (32 居委 + 14 村) → ~388 grids, each level partitioning
    its parent. Populations are per grid from kind densities and summed upwards."""
    cx, cy = boundary.centroid.x, boundary.centroid.y
    town = Unit("TOWN", names.TOWN_NAME, 0, None, None, "town", boundary)

    n_comm = N_NEIGHBOURHOODS + N_VILLAGES
    comm_cells = voronoi_partition(sample_points_in(rng, boundary, n_comm), boundary, iterations=6)
    comm_centres = np.array([[c.centroid.x, c.centroid.y] for c in comm_cells])

    # Area seeds: the old town in the middle, the four others around it.
    rx = (boundary.bounds[2] - boundary.bounds[0]) / 2
    ry = (boundary.bounds[3] - boundary.bounds[1]) / 2
    angle0 = rng.uniform(0, np.pi / 2)
    area_seeds = [(cx, cy)] + [
        (cx + 0.62 * rx * np.cos(angle0 + k * np.pi / 2), cy + 0.62 * ry * np.sin(angle0 + k * np.pi / 2))
        for k in range(4)
    ]
    dist = np.linalg.norm(comm_centres[:, None, :] - np.array(area_seeds)[None, :, :], axis=2)
    # The middle seed gets a head start so the old town is more than a single cell.
    dist[:, 0] *= 0.75
    comm_area = dist.argmin(axis=1)

    roles = [r[0] for r in names.AREA_ROLES]
    # Villages: the communities of the countryside first, then the outermost of the others.
    outer = np.linalg.norm(comm_centres - [cx, cy], axis=1) / np.hypot(rx, ry)
    rurality = outer + np.where(comm_area == roles.index("rural"), 1.0, 0.0)
    rurality += np.where(comm_area == roles.index("old_town"), -1.0, 0.0)
    is_village = np.zeros(n_comm, dtype=bool)
    is_village[np.argsort(-rurality)[:N_VILLAGES]] = True

    areas: list[Unit] = []
    for a, (role, zh, _en) in enumerate(names.AREA_ROLES):
        members = [comm_cells[i] for i in np.flatnonzero(comm_area == a)]
        geom = shapely.union_all(members)
        areas.append(Unit(f"A{a + 1:02d}", zh, 1, "TOWN", f"A{a + 1:02d}", "area", geom, role=role))

    neighbourhood_names = names.neighbourhood_names(rng, int((~is_village).sum()))
    village_names = names.village_names(rng, N_VILLAGES)
    communities: list[Unit] = []
    counters = [0] * len(areas)
    # Number communities within each area from north-west to south-east, as a clerk would.
    for i in sorted(range(n_comm), key=lambda k: (comm_area[k], -round(comm_centres[k, 1], -2), comm_centres[k, 0])):
        area = areas[comm_area[i]]
        counters[comm_area[i]] += 1
        village = bool(is_village[i])
        name = village_names.pop() if village else neighbourhood_names.pop()
        kind = "village_committee" if village else "neighbourhood_committee"
        communities.append(
            Unit(
                f"{area.grid_id}-C{counters[comm_area[i]]:02d}",
                name,
                2,
                area.grid_id,
                area.grid_id,
                kind,
                comm_cells[i],
                role="village" if village else area.role,
            )
        )

    grids = _split_into_grids(rng, communities)
    _assign_population(rng, grids)
    for parent_level in (communities, areas, [town]):
        for parent in parent_level:
            children = [
                u
                for u in (grids if parent.level == 2 else communities if parent.level == 1 else areas)
                if u.parent_id == parent.grid_id
            ]
            parent.population = sum(c.population for c in children)
            parent.households = sum(c.households for c in children)
            parent.party_members = sum(c.party_members for c in children)
    return [town, *areas, *communities, *grids]


def _split_into_grids(rng: np.random.Generator, communities: list[Unit]) -> list[Unit]:
    weights = np.array([c.geom.area * GRID_DENSITY_WEIGHT[c.kind] for c in communities])
    quota = weights / weights.sum() * N_GRIDS
    counts = np.maximum(np.floor(quota).astype(int), 2)
    # Largest remainders until the town has exactly N_GRIDS.
    while counts.sum() < N_GRIDS:
        counts[np.argmax(quota - counts)] += 1
    while counts.sum() > N_GRIDS:
        counts[np.argmax(np.where(counts > 2, counts - quota, -np.inf))] -= 1

    grids: list[Unit] = []
    for comm, k in zip(communities, counts, strict=True):
        seeds = sample_points_in(rng, comm.geom, int(k))
        cells = voronoi_partition(seeds, comm.geom, iterations=5)
        cells.sort(key=lambda c: (-round(c.centroid.y, -2), c.centroid.x))
        mix = KIND_MIX[comm.role]
        kinds = rng.choice(list(mix), size=len(cells), p=list(mix.values()))
        suffix = "组" if comm.kind == "village_committee" else "网格"
        for j, (cell, kind) in enumerate(zip(cells, kinds, strict=True)):
            name = f"{comm.name.removesuffix('居委')}第{j + 1}{suffix}"
            grids.append(
                Unit(
                    f"{comm.grid_id}-G{j + 1:02d}", name, 3, comm.grid_id, comm.area_id, str(kind), cell, role=comm.role
                )
            )
    return grids


def _assign_population(rng: np.random.Generator, grids: list[Unit]) -> None:
    for g in grids:
        density = DENSITY_PER_KM2[g.kind] * rng.lognormal(0.0, 0.25)
        g.population = int(round(g.geom.area / 1e6 * density))
        g.households = int(round(g.population / rng.uniform(2.3, 2.9)))
        g.party_members = int(round(g.population * rng.uniform(0.03, 0.06)))


def representative_xy(unit: Unit) -> Point:
    return unit.geom.representative_point()
