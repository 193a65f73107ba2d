"""A walking network in a projected CRS (metres) with snapping and shortest walking distances.

Coordinates are (x, y) metres in the network's EPSG (a UTM zone for the town). Edges are undirected;
distances are along the edge geometry. A point joins the network at the nearest place on the nearest
edge: its walk is the straight line to that place, then along the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring


@dataclass(frozen=True)
class Snap:
    """Where points join the network: edge index, metres along it from its `u` end, metres off it."""

    edge: np.ndarray
    offset: np.ndarray
    distance: np.ndarray

    def __getitem__(self, i) -> Snap:
        return Snap(self.edge[i], self.offset[i], self.distance[i])

    def __len__(self) -> int:
        return len(self.edge)


@dataclass(frozen=True)
class WalkNetwork:
    """Nodes 0..n-1 at `node_xy`; edge k runs from node `edge_u[k]` to `edge_v[k]` along `edge_geom[k]`."""

    epsg: int
    node_ids: np.ndarray
    node_xy: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length: np.ndarray
    edge_geom: np.ndarray
    graph: csr_matrix
    tree: shapely.STRtree

    @classmethod
    def from_lines(cls, epsg: int, from_ids, to_ids, lines) -> WalkNetwork:
        """Build from edges given by external node ids and LineStrings in metres drawn from→to.

        A node's position is where its first edge starts or ends; self-loops are dropped; of parallel
        edges the shortest carries the distance (csr_matrix would otherwise add them up).
        """
        lines = np.asarray(lines, dtype=object)
        from_ids, to_ids = np.asarray(from_ids), np.asarray(to_ids)
        ids, inverse = np.unique(np.concatenate([from_ids, to_ids]), return_inverse=True)
        u, v = inverse[: len(from_ids)], inverse[len(from_ids) :]
        keep = u != v
        u, v, lines = u[keep], v[keep], lines[keep]
        length = shapely.length(lines)
        starts = shapely.get_coordinates(shapely.get_point(lines, 0))
        ends = shapely.get_coordinates(shapely.get_point(lines, -1))
        node_xy = np.full((len(ids), 2), np.nan)
        node_xy[v[::-1]] = ends[::-1]
        node_xy[u[::-1]] = starts[::-1]
        a, b = np.minimum(u, v), np.maximum(u, v)
        order = np.lexsort((length, b, a))
        first = np.ones(len(order), dtype=bool)
        first[1:] = (a[order][1:] != a[order][:-1]) | (b[order][1:] != b[order][:-1])
        k = order[first]
        n = len(ids)
        graph = csr_matrix(
            (np.concatenate([length[k], length[k]]), (np.concatenate([a[k], b[k]]), np.concatenate([b[k], a[k]]))),
            shape=(n, n),
        )
        return cls(epsg, ids, node_xy, u, v, length, lines, graph, shapely.STRtree(lines))

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)

    def snap(self, x: np.ndarray, y: np.ndarray) -> Snap:
        """Join points (metres) to their nearest edge."""
        points = shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        edge = self.tree.nearest(points)
        lines = self.edge_geom[edge]
        return Snap(edge, shapely.line_locate_point(lines, points), shapely.distance(lines, points))

    def node_distances(self, source: Snap) -> np.ndarray:
        """Walking metres from one snapped point (a Snap of length 1) to every node."""
        e = int(source.edge[0])
        s, d0 = float(source.offset[0]), float(source.distance[0])
        d = dijkstra(self.graph, indices=[self.edge_u[e], self.edge_v[e]])
        return np.minimum(d[0] + s, d[1] + (self.edge_length[e] - s)) + d0

    def distances_to(self, node_dist: np.ndarray, targets: Snap, source: Snap | None = None) -> np.ndarray:
        """Walking metres to snapped targets, given node distances (…, n_nodes) from one or more sources.

        With a single `source`, targets on the source's own edge may also walk straight along it.
        """
        e = targets.edge
        a, b = self.edge_u[e], self.edge_v[e]
        via = np.minimum(node_dist[..., a] + targets.offset, node_dist[..., b] + (self.edge_length[e] - targets.offset))
        via = via + targets.distance
        if source is not None:
            same = e == source.edge[0]
            direct = source.distance[0] + np.abs(targets.offset - source.offset[0]) + targets.distance
            via = np.where(same, np.minimum(via, direct), via)
        return via

    def nodes_distances(self, nodes: np.ndarray, limit: float = np.inf) -> np.ndarray:
        """Walking metres from each of `nodes` to every node (inf beyond `limit`)."""
        return dijkstra(self.graph, indices=np.asarray(nodes), limit=limit)

    def reached_lines(self, source: Snap, budget_m: float, source_xy: tuple[float, float]) -> list[BaseGeometry]:
        """The parts of the network walkable within `budget_m` from the source, without overlaps: partial
        edges included (walked to the point where the budget runs out), and the straight walk from the
        source onto the network. Their lengths add up to the reached length."""
        node_dist = self.node_distances(source)
        length = self.edge_length
        from_u = np.clip(budget_m - node_dist[self.edge_u], 0.0, length)
        from_v = np.clip(budget_m - node_dist[self.edge_v], 0.0, length)
        own_edge, s, d0 = int(source.edge[0]), float(source.offset[0]), float(source.distance[0])
        parts: list[BaseGeometry] = []
        whole = from_u + from_v >= length
        whole[own_edge] = False
        parts.extend(self.edge_geom[whole & (length > 0)])
        partial = ~whole
        partial[own_edge] = False
        for k in np.flatnonzero(partial & (from_u > 0)):
            parts.append(substring(self.edge_geom[k], 0.0, float(from_u[k])))
        for k in np.flatnonzero(partial & (from_v > 0)):
            parts.append(substring(self.edge_geom[k], float(length[k] - from_v[k]), float(length[k])))
        own = budget_m - d0
        if own > 0:
            L = float(length[own_edge])
            spans = [
                (0.0, float(from_u[own_edge])),
                (max(0.0, s - own), min(L, s + own)),
                (L - float(from_v[own_edge]), L),
            ]
            for lo, hi in _merge_spans(spans):
                parts.append(substring(self.edge_geom[own_edge], lo, hi))
            joint = shapely.line_interpolate_point(self.edge_geom[own_edge], s)
            if d0 > 0:
                parts.append(shapely.LineString([source_xy, (joint.x, joint.y)]))
        return [p for p in parts if not p.is_empty and p.length > 0]


def _merge_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Union of [lo, hi] spans along one edge, dropping empty ones."""
    merged: list[list[float]] = []
    for lo, hi in sorted(sp for sp in spans if sp[1] > sp[0]):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]
