"""Which level-3 grid holds a point: the live ingest's grid assignment, without a spatial join per write.

The rule is the one the SQL assignments follow (queries/incident/insert_staged.sql, grid_of_points.sql): a
row's grid code wins when it names a level-3 grid; otherwise the level-3 grid whose polygon covers the point,
the smaller grid_id when it lies on a shared edge; a point outside every grid is unassigned (None).
Coordinates are WGS-84 longitude, latitude in degrees (the incident table's lon, lat); grids are compared
as stored, so no projection is needed for a point-in-polygon test.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


class GridLocator:
    """Level-3 grids held in a spatial index, answering `locate` in microseconds per point."""

    def __init__(self, grid_ids: Sequence[str], area_ids: Sequence[str | None], polygons: Sequence[shapely.Geometry]):
        order = np.argsort(np.asarray(grid_ids, dtype=object))  # index order = grid_id order, for the tie rule
        self._grid_ids = [grid_ids[k] for k in order]
        self._area_ids = [area_ids[k] for k in order]
        self._area_of = dict(zip(self._grid_ids, self._area_ids, strict=True))
        self._tree = shapely.STRtree([polygons[k] for k in order])

    @classmethod
    def from_wkb(cls, rows: Sequence[tuple[str, str | None, bytes]]) -> GridLocator:
        """From (grid_id, area_id, WKB polygon) rows, as queries/grid/level3_shapes.sql returns them."""
        return cls([r[0] for r in rows], [r[1] for r in rows], shapely.from_wkb([bytes(r[2]) for r in rows]))

    def locate(
        self, lon: np.ndarray, lat: np.ndarray, grid_codes: Sequence[str | None]
    ) -> tuple[list[str | None], list[str | None]]:
        """(grid_id, area_id) of each point (WGS-84 lon, lat in degrees) by the module's rule."""
        points, grid_of_tree = self._tree.query(shapely.points(lon, lat), predicate="intersects")
        best = np.full(len(lon), len(self._grid_ids))
        np.minimum.at(best, points, grid_of_tree)  # the smallest grid_id among those covering the point
        grids: list[str | None] = []
        areas: list[str | None] = []
        for k, code in zip(best.tolist(), grid_codes, strict=True):
            if code is not None and code in self._area_of:
                grids.append(code)
                areas.append(self._area_of[code])
            elif k == len(self._grid_ids):
                grids.append(None)
                areas.append(None)
            else:
                grids.append(self._grid_ids[k])
                areas.append(self._area_ids[k])
        return grids, areas
