"""The demo town's rivers, water and walking network, in metres (UTM).

The street network is a jittered lattice (about 105 m blocks) clipped to the town: arterials every sixth
line, local streets between, footpaths across some blocks; villages are sparser. Only arterials and a few
local streets bridge the rivers. The largest connected component is kept, so the network is connected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

from app.demo import names

BLOCK_M = 105.0
ARTERIAL_EVERY = 6
RIVER_WIDTHS_M = (42.0, 22.0)


@dataclass
class Edge:
    from_node: int
    to_node: int
    kind: str
    name: str
    geom: LineString


@dataclass
class Water:
    feature_id: str
    kind: str
    name: str
    geom: Polygon


def rivers(rng: np.random.Generator, boundary: Polygon) -> tuple[list[LineString], list[Water]]:
    """A main river meandering west→east and a creek north→south; their centre lines and water polygons,
    plus a park lake, all clipped to 400 m around the town so the basemap has context at the edge."""
    minx, miny, maxx, maxy = boundary.bounds
    cx, cy = boundary.centroid.x, boundary.centroid.y
    pad = 600.0
    xs = np.linspace(minx - pad, maxx + pad, 60)
    phase = rng.uniform(0, 2 * np.pi, 2)
    main = LineString(
        np.column_stack(
            [xs, cy - 0.18 * (maxy - miny) + 260 * np.sin(xs / 900 + phase[0]) + 120 * np.sin(xs / 370 + phase[1])]
        )
    )
    ys = np.linspace(miny - pad, maxy + pad, 50)
    creek = LineString(
        np.column_stack([cx + 0.22 * (maxx - minx) + 180 * np.sin(ys / 700 + phase[1]) + 60 * np.sin(ys / 260), ys])
    )
    context = boundary.buffer(400)
    lines = [main.intersection(context), creek.intersection(context)]
    water = [
        Water(f"W{i + 1}", "river", name, line.buffer(width / 2, cap_style="flat").intersection(context))
        for i, (line, name, width) in enumerate(zip(lines, names.RIVER_NAMES, RIVER_WIDTHS_M, strict=True))
    ]
    lake_centre = (cx - 0.25 * (maxx - minx), cy + 0.12 * (maxy - miny))
    lake = shapely.Point(lake_centre).buffer(140, quad_segs=12)
    lake = shapely.affinity.scale(lake, 1.6, 1.0)
    water.append(Water("W3", "lake", "镜湖", lake))
    return lines, water


def walking_network(rng: np.random.Generator, boundary: Polygon, water: list[Water], village_zone) -> list[Edge]:
    """Edges of a connected walking network inside the town. `village_zone` is where streets are sparse."""
    minx, miny, maxx, maxy = boundary.buffer(BLOCK_M).bounds
    nx = int((maxx - minx) // BLOCK_M) + 1
    ny = int((maxy - miny) // BLOCK_M) + 1
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    x = minx + gx * BLOCK_M + rng.uniform(-22, 22, gx.shape)
    y = miny + gy * BLOCK_M + rng.uniform(-22, 22, gy.shape)
    # Arterials run straight: no jitter across their direction.
    art_x = gx % ARTERIAL_EVERY == 3
    art_y = gy % ARTERIAL_EVERY == 3
    x[art_x] = (minx + gx * BLOCK_M)[art_x]
    y[art_y] = (miny + gy * BLOCK_M)[art_y]
    inside = shapely.contains_xy(boundary, x, y)

    col_names = names.road_names(rng, nx, arterial=False)
    row_names = names.road_names(rng, ny, arterial=False)
    art_col = names.road_names(rng, nx, arterial=True)
    art_row = names.road_names(rng, ny, arterial=True)
    water_union = shapely.union_all([w.geom for w in water])
    candidates: list[tuple[int, int, str, str]] = []
    for i in range(nx):
        for j in range(ny):
            if not inside[i, j]:
                continue
            for di, dj in ((1, 0), (0, 1), (1, 1)):
                k, m = i + di, j + dj
                if k >= nx or m >= ny or not inside[k, m]:
                    continue
                if di and dj:
                    kind, name = "path", ""
                elif dj == 0:  # along x: an east-west street on row j
                    kind = "arterial" if art_y[i, j] and art_y[k, m] else "local"
                    name = art_row[j] if kind == "arterial" else row_names[j]
                else:
                    kind = "arterial" if art_x[i, j] and art_x[k, m] else "local"
                    name = art_col[i] if kind == "arterial" else col_names[i]
                candidates.append((i * ny + j, k * ny + m, kind, name))

    frm = np.array([c[0] for c in candidates])
    to = np.array([c[1] for c in candidates])
    kinds = np.array([c[2] for c in candidates])
    lines = shapely.linestrings(
        np.stack(
            [np.column_stack([x.ravel()[frm], y.ravel()[frm]]), np.column_stack([x.ravel()[to], y.ravel()[to]])], axis=1
        )
    )
    mid = shapely.line_interpolate_point(lines, 0.5, normalized=True)
    in_village = shapely.contains(village_zone, mid)
    crosses_water = shapely.intersects(lines, water_union)
    u = rng.random(len(candidates))
    keep = np.where(
        kinds == "arterial",
        True,
        np.where(kinds == "path", u < np.where(in_village, 0.03, 0.08), u > np.where(in_village, 0.45, 0.10)),
    )
    # Rivers are crossed by arterial bridges and a few footbridges only.
    keep &= ~crosses_water | (kinds == "arterial") | (rng.random(len(candidates)) < 0.18)
    keep &= ~((kinds == "path") & crosses_water)
    keep &= shapely.within(lines, boundary)

    edges = [Edge(int(frm[e]), int(to[e]), str(kinds[e]), candidates[e][3], lines[e]) for e in np.flatnonzero(keep)]
    return _largest_component(edges)


def _largest_component(edges: list[Edge]) -> list[Edge]:
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for e in edges:
        ra, rb = find(e.from_node), find(e.to_node)
        if ra != rb:
            parent[ra] = rb
    roots = [find(e.from_node) for e in edges]
    values, counts = np.unique(roots, return_counts=True)
    biggest = values[counts.argmax()]
    return [e for e, r in zip(edges, roots, strict=True) if r == biggest]
