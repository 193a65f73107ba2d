import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from app.demo import incidents
from app.demo.town import N_GRIDS, N_NEIGHBOURHOODS, N_VILLAGES, build_hierarchy, town_boundary, voronoi_partition


def test_voronoi_partition_tiles_the_region_exactly():
    region = Polygon([(0, 0), (1000, 0), (1000, 600), (400, 900), (0, 600)])
    seeds = np.random.default_rng(1).uniform((0, 0), (1000, 600), (12, 2))
    cells = voronoi_partition(seeds, region)
    assert len(cells) == 12
    assert all(c.is_valid and c.area > 0 for c in cells)
    assert sum(c.area for c in cells) == pytest.approx(region.area, rel=1e-9)
    assert shapely.union_all(cells).symmetric_difference(region).area < 1e-6 * region.area


def test_hierarchy_levels_and_parents():
    rng = np.random.default_rng(3)
    boundary = town_boundary(rng, 0.0, 0.0)
    assert boundary.area == pytest.approx(20e6, rel=1e-6)
    units = build_hierarchy(rng, boundary)
    by_level = {lv: [u for u in units if u.level == lv] for lv in range(4)}
    assert [len(by_level[lv]) for lv in range(4)] == [1, 5, N_NEIGHBOURHOODS + N_VILLAGES, N_GRIDS]
    kinds = [u.kind for u in by_level[2]]
    assert kinds.count("village_committee") == N_VILLAGES
    ids = {u.grid_id: u for u in units}
    for g in by_level[3]:
        community = ids[g.parent_id]
        assert community.level == 2 and ids[community.parent_id].level == 1
        assert g.area_id == community.parent_id
    assert by_level[0][0].population == sum(g.population for g in by_level[3]) > 100_000


def test_flood_is_seasonal_and_noise_is_evening():
    t0 = np.datetime64("2025-01-01T00", "h")
    f = incidents._hour_features(t0, 365 * 24)
    flood = incidents.hour_weights("flood", f, storm_days=np.array([], dtype=int))
    july, january = f["month"] == 7, f["month"] == 1
    assert flood[july].mean() > 5 * flood[january].mean()
    noise = incidents.hour_weights("noise", f, storm_days=np.array([], dtype=int))
    assert noise[f["hod"] == 21].mean() > 3 * noise[f["hod"] == 4].mean()


def test_monday_is_weekday_zero():
    f = incidents._hour_features(np.datetime64("2026-11-23T00", "h"), 24)  # a Monday
    assert set(f["weekday"]) == {0}


def test_sample_points_stay_inside():
    from app.demo.town import sample_points_in

    region = box(0, 0, 10, 10).difference(box(2, 2, 8, 8))
    pts = sample_points_in(np.random.default_rng(0), region, 500)
    assert len(pts) == 500 and shapely.contains_xy(region, pts[:, 0], pts[:, 1]).all()
