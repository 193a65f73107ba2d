"""Who lives within a walk of a station: population sample points, coverage, and where to site next.

Population is placed as a population-weighted point sample: a lattice of points every SAMPLE_SPACING_M
inside each grid, each carrying an equal share of the grid's residents (a grid too small for the
lattice gets one point inside it). A point is covered when its walk — straight to the nearest walkable
edge, then along the network — to some station is within the time. Stations far from the network
(buffer method) cover the points within the buffer radius. All coordinates are metres (projected CRS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from app.geo.circles import MAX_SNAP_M
from app.geo.walknet import Snap, WalkNetwork

SAMPLE_SPACING_M = 40.0


@dataclass(frozen=True)
class PopulationSample:
    """Sample points (metres) with the grid each belongs to and the residents each stands for."""

    x: np.ndarray
    y: np.ndarray
    grid: np.ndarray  # index into the grids given to population_sample
    weight: np.ndarray


def population_sample(
    polygons: list[BaseGeometry], population: np.ndarray, spacing: float = SAMPLE_SPACING_M
) -> PopulationSample:
    """A lattice sample of each polygon's population (metres); every polygon gets at least one point."""
    bounds = shapely.total_bounds(polygons)
    xs = np.arange(bounds[0] + spacing / 2, bounds[2], spacing)
    ys = np.arange(bounds[1] + spacing / 2, bounds[3], spacing)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    tree = shapely.STRtree(polygons)
    point_idx, poly_idx = tree.query(shapely.points(gx, gy), predicate="within")
    # A lattice point on a shared edge is within neither; inside both is impossible for a partition.
    _, first = np.unique(point_idx, return_index=True)
    point_idx, poly_idx = point_idx[first], poly_idx[first]
    x, y, grid = gx[point_idx], gy[point_idx], poly_idx
    missing = np.setdiff1d(np.arange(len(polygons)), grid)
    if len(missing):
        reps = shapely.point_on_surface(np.asarray(polygons, dtype=object)[missing])
        x = np.concatenate([x, shapely.get_x(reps)])
        y = np.concatenate([y, shapely.get_y(reps)])
        grid = np.concatenate([grid, missing])
    counts = np.bincount(grid, minlength=len(polygons))
    weight = np.asarray(population, dtype=float)[grid] / counts[grid]
    return PopulationSample(x, y, grid, weight)


@dataclass(frozen=True)
class Reach:
    """Walking metres from each station (rows) to each sample point (columns)."""

    metres: np.ndarray

    def nearest(self) -> tuple[np.ndarray, np.ndarray]:
        """Per point: index of the nearest station and its walking metres (inf when none)."""
        if self.metres.shape[0] == 0:
            n = self.metres.shape[1]
            return np.full(n, -1), np.full(n, np.inf)
        idx = self.metres.argmin(axis=0)
        return idx, self.metres[idx, np.arange(self.metres.shape[1])]


def station_reach(
    network: WalkNetwork | None, sx: np.ndarray, sy: np.ndarray, sample: PopulationSample, sample_snap: Snap | None
) -> Reach:
    """Walking metres from every station (sx, sy metres) to every sample point."""
    rows = [point_reach(network, float(x), float(y), sample, sample_snap) for x, y in zip(sx, sy, strict=True)]
    return Reach(np.vstack(rows) if rows else np.zeros((0, len(sample.x))))


def point_reach(
    network: WalkNetwork | None, x: float, y: float, sample: PopulationSample, sample_snap: Snap | None
) -> np.ndarray:
    """Walking metres from one place (x, y metres) to every sample point: along the network, or as the
    crow flies when there is no network or the place is over MAX_SNAP_M from it."""
    straight = np.hypot(sample.x - x, sample.y - y)
    if network is None or sample_snap is None:
        return straight
    source = network.snap(np.array([x]), np.array([y]))
    if source.distance[0] > MAX_SNAP_M:
        return straight
    return network.distances_to(network.node_distances(source), sample_snap, source)


@dataclass(frozen=True)
class Suggestion:
    """A candidate site (a network node) and the residents it would newly cover."""

    node: int
    x: float
    y: float
    added_population: float


def suggest_sites(
    network: WalkNetwork, sample: PopulationSample, sample_snap: Snap, covered: np.ndarray, budget_m: float, k: int
) -> list[Suggestion]:
    """Greedy maximal coverage: K network nodes, each chosen to cover the most still-uncovered residents
    (within `budget_m` walking metres), given what the stations already cover."""
    uncovered = np.flatnonzero(~covered & (sample.weight > 0))
    if len(uncovered) == 0 or k <= 0:
        return []
    targets = sample_snap[uncovered]
    # Only nodes within the budget of some uncovered point can help: the rest would add nobody.
    near = np.unique(np.concatenate([network.edge_u[targets.edge], network.edge_v[targets.edge]]))
    from_near = network.nodes_distances(near, limit=budget_m)
    candidates = np.flatnonzero(np.isfinite(from_near).any(axis=0))
    dist = network.distances_to(network.nodes_distances(candidates, limit=budget_m), targets)
    reach = dist <= budget_m
    weight = sample.weight[uncovered].copy()
    chosen: list[Suggestion] = []
    for _ in range(k):
        gain = reach @ weight
        best = int(gain.argmax())
        if gain[best] <= 0:
            break
        node = int(candidates[best])
        chosen.append(Suggestion(node, *map(float, network.node_xy[node]), float(gain[best])))
        weight[reach[best]] = 0.0
    return chosen
