"""On the demo database: the map's cells (map/view_bins counts closed and open incidents apart) are the cells of
incident_filtered binned directly, and they add up to the viewport's count, for several filters and zooms."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import StageLimits
from app.domain.filters import parse_filters
from app.geo.tiles import degrees_per_pixel
from app.services import mapdata, metrics
from app.store.db import Database

# The definition the query must keep: every filtered incident of the period in the box, one pass.
DIRECT = """
SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx,
       CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
       count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
       avg(lon) AS lon, avg(lat) AS lat
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
GROUP BY cx, cy
"""
CASES = [
    ("", 14),
    ("layer=pain_point", 15),
    ("area=A02,A05&category=noise,flood,garbage_sorting", 16),
    ("status=overdue", 14),
    ("status=closed,overdue&source=hotline", 15),
    ("status=open&severity=3,4", 14),
    ("from=2025-01-01&to=2026-11-22&layer=warning", 17),
    ("from=2026-11-22&to=2026-11-22", 14),
]


@pytest.fixture(scope="module")
def db(demo_db: Path):
    d = Database(demo_db, read_only=True)
    yield d
    d.close()


def _town(db) -> tuple[float, float, float, float]:
    return db.cursor().execute("SELECT min(lon), min(lat), max(lon), max(lat) FROM incident").fetchone()


@pytest.mark.parametrize(("query", "zoom"), CASES)
def test_cells_equal_direct_binning_and_add_up_to_the_viewport(db, query, zoom):
    scope = metrics.make_scope(db, parse_filters(query), StageLimits())
    west, south, east, north = _town(db)
    if zoom > 14:  # a box inside the town, so its edges cut through the points
        w, s = (west * 2 + east) / 3, (south * 2 + north) / 3
        west, south, east, north = w, s, w + (east - west) / 3, s + (north - south) / 3
    dlon, dlat = degrees_per_pixel(zoom, (south + north) / 2)
    box = {"west": west, "south": south, "east": east, "north": north}
    cells = {"cell_lon": dlon * mapdata.BIN_PX, "cell_lat": dlat * mapdata.BIN_PX}
    params = mapdata._params(db, "map/view_bins", scope, **box, **cells)
    got = db.run("map/view_bins", **params).fetchall()
    want = db.cursor().execute(DIRECT, params).fetchall()
    assert len(got) == len(want)
    by_cell = {(r[0], r[1]): r for r in want}
    for cx, cy, n, open_n, overdue_n, lon, lat in got:
        w = by_cell[(cx, cy)]
        assert (n, open_n, overdue_n) == w[2:5]
        assert lon == pytest.approx(w[5], abs=1e-9) and lat == pytest.approx(w[6], abs=1e-9)
    total = mapdata.incidents_in_view(db, scope, (west, south, east, north), zoom, cap=0)
    assert total.mode == "bins" or total.in_view == 0
    assert total.in_view == sum(r[2] for r in want) == mapdata.incidents_total(db, scope, (west, south, east, north))
