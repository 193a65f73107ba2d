"""Where things are in the demo town: address points, stations ("1+5+N") and risk sites, in metres (UTM)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Point

from app.demo.network import Edge, Water
from app.demo.town import Unit, sample_points_in

POINTS_PER_HECTARE = 1.2
MIN_POINTS_PER_GRID = 40

SERVICES = {
    "center": [
        "党员教育",
        "政务代办",
        "老年助餐",
        "儿童托管",
        "法律咨询",
        "医疗健康",
        "文体活动",
        "志愿服务",
        "心理疏导",
    ],
    "area_center": ["党员教育", "政务代办", "老年助餐", "法律咨询", "文体活动", "志愿服务"],
    "station": ["党员活动", "政务代办", "老年助餐", "志愿服务", "邻里议事"],
    "building_station": ["白领午间课堂", "职工服务", "法律咨询", "青年交友", "党员活动"],
    "micro_space": ["阅读角", "便民服务", "议事角"],
}
OPEN_HOURS = {
    "center": "每日 08:30-20:30",
    "area_center": "周一至周六 08:30-17:30",
    "station": "周一至周五 09:00-17:00",
    "building_station": "工作日 11:30-13:30, 17:00-20:00",
    "micro_space": "每日 07:00-21:00",
}
RISK_SITE_COUNTS = {"flood": 58, "construction": 44, "access_control": 52, "electrical": 46}
RISK_SITE_NAMES = {
    "flood": ["下立交积水点", "低洼易涝点", "河道水位监测点", "地下车库入口", "泵站"],
    "construction": ["在建工地", "拆除工地", "道路施工点", "管线施工点"],
    "access_control": ["小区智能门禁", "单元门禁", "地下车库门禁", "园区门岗"],
    "electrical": ["老旧小区配电房", "集中充电棚", "出租屋用电", "沿街商铺用电"],
}
# Share of sites at warning level 1 blue, 2 yellow, 3 orange, 4 red.
WARNING_LEVEL_SHARE = (0.45, 0.30, 0.17, 0.08)


@dataclass
class AddressPoints:
    """Candidate places for incidents: x, y in metres, the grid each lies in, and a street address."""

    x: np.ndarray
    y: np.ndarray
    grid_index: np.ndarray
    address: np.ndarray
    grid_offsets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


@dataclass
class Station:
    station_id: str
    name: str
    tier: str
    grid_id: str
    area_id: str
    services: list[str]
    open_hours: str
    address: str
    geom: Point


@dataclass
class RiskSite:
    site_id: str
    name: str
    kind: str
    warning_level: int
    grid_id: str
    area_id: str
    geom: Point


def address_points(rng: np.random.Generator, grids: list[Unit], edges: list[Edge]) -> AddressPoints:
    """Random points in each grid (denser in bigger grids), each with an address on its nearest street.
    Points of grid k are at [grid_offsets[k], grid_offsets[k+1])."""
    xs, ys, idx = [], [], []
    for k, g in enumerate(grids):
        n = max(MIN_POINTS_PER_GRID, int(g.geom.area / 1e4 * POINTS_PER_HECTARE))
        pts = sample_points_in(rng, g.geom, n)
        xs.append(pts[:, 0])
        ys.append(pts[:, 1])
        idx.append(np.full(n, k))
    x, y, grid_index = np.concatenate(xs), np.concatenate(ys), np.concatenate(idx)
    named = [e for e in edges if e.name]
    tree = shapely.STRtree([e.geom for e in named])
    nearest = tree.nearest(shapely.points(x, y))
    street = np.array([named[i].name for i in nearest], dtype=object)
    number = rng.integers(1, 1200, len(x)).astype(str)
    address = street + number + "号"
    offsets = np.concatenate([[0], np.cumsum([len(a) for a in xs])])
    return AddressPoints(x, y, grid_index, address, offsets)


def _grid_point(rng: np.random.Generator, pts: AddressPoints, k: int) -> int:
    lo, hi = pts.grid_offsets[k], pts.grid_offsets[k + 1]
    return int(rng.integers(lo, hi))


def stations(rng: np.random.Generator, units: list[Unit], pts: AddressPoints) -> list[Station]:
    """1 community center, 1 center per functional area, and N stations sited where people live:
    a residential station in most neighbourhoods, building stations in office grids, micro-spaces."""
    grids = [u for u in units if u.level == 3]
    gidx = {g.grid_id: k for k, g in enumerate(grids)}
    areas = [u for u in units if u.level == 1]
    communities = [u for u in units if u.level == 2]
    result: list[Station] = []
    used: set[str] = set()

    def add(tier: str, grid: Unit, name: str) -> None:
        p = _grid_point(rng, pts, gidx[grid.grid_id])
        sid = f"S{len(result) + 1:03d}"
        result.append(
            Station(
                sid,
                name,
                tier,
                grid.grid_id,
                grid.area_id or "",
                SERVICES[tier],
                OPEN_HOURS[tier],
                str(pts.address[p]),
                Point(pts.x[p], pts.y[p]),
            )
        )
        used.add(grid.grid_id)

    def most_populous(cands: list[Unit]) -> Unit:
        return max((g for g in cands if g.grid_id not in used), key=lambda g: g.population)

    old_town = areas[0]
    add("center", most_populous([g for g in grids if g.area_id == old_town.grid_id]), "示范镇社区党群服务中心")
    for a in areas:
        add("area_center", most_populous([g for g in grids if g.area_id == a.grid_id]), f"{a.name}党群服务中心")
    for c in communities:
        if c.kind != "neighbourhood_committee" or rng.random() < 0.2:
            continue
        members = [g for g in grids if g.parent_id == c.grid_id and g.kind == "residential"]
        if members and not any(s.grid_id.startswith(c.grid_id) for s in result):
            add("station", most_populous(members), f"{c.name.removesuffix('居委')}居民区党群服务站")
    offices = sorted((g for g in grids if g.kind == "commercial"), key=lambda g: -g.population)
    for g in offices[:6]:
        add("building_station", g, f"{g.name.removesuffix('网格')}白领驿家")
    # Micro-spaces fill gaps in dense neighbourhoods; villages rely on their area center (real blind spots).
    spots = [g for g in grids if g.kind == "residential" and g.role != "village" and g.grid_id not in used]
    for k in rng.choice(len(spots), size=9, replace=False):
        g = spots[int(k)]
        add("micro_space", g, f"{g.name}党群微空间")
    return result


def risk_sites(rng: np.random.Generator, units: list[Unit], pts: AddressPoints, water: list[Water]) -> list[RiskSite]:
    """About 200 monitored sites: flood points near water, construction in growing areas, access
    control in residential compounds, electrical safety in old housing, villages and parks."""
    grids = [u for u in units if u.level == 3]
    water_union = shapely.union_all([w.geom for w in water])
    near_water = shapely.distance(shapely.points(pts.x, pts.y), water_union) < 250
    kind_of_point = np.array([grids[k].kind for k in pts.grid_index])
    role_of_point = np.array([grids[k].role for k in pts.grid_index])
    eligible = {
        "flood": near_water | (rng.random(len(pts.x)) < 0.05),
        "construction": np.isin(role_of_point, ["new_town", "industrial", "science"]),
        "access_control": np.isin(kind_of_point, ["residential", "campus"]),
        "electrical": np.isin(kind_of_point, ["residential", "village", "industrial"]),
    }
    sites: list[RiskSite] = []
    for kind, count in RISK_SITE_COUNTS.items():
        pool = np.flatnonzero(eligible[kind])
        chosen = rng.choice(pool, size=count, replace=False)
        levels = rng.choice([1, 2, 3, 4], size=count, p=WARNING_LEVEL_SHARE)
        for p, level in zip(chosen, levels, strict=True):
            g = grids[pts.grid_index[p]]
            label = rng.choice(RISK_SITE_NAMES[kind])
            name = f"{str(pts.address[p])}{label}"
            sites.append(
                RiskSite(
                    f"R{len(sites) + 1:03d}",
                    name,
                    kind,
                    int(level),
                    g.grid_id,
                    g.area_id or "",
                    Point(pts.x[p], pts.y[p]),
                )
            )
    return sites
