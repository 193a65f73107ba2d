"""Two years of demo incidents, vectorised with NumPy (no per-row Python) so millions take seconds.

What is modelled, because the pages must show it:
- volume by category with seasons (plum rain mid-June to mid-July and typhoon August-September for
  flood, summer noise, winter e-bike charging), a weekly and a daily rhythm, and storm days;
- places: pain points recur at hot spots (some solved part-way, 常态长效), warnings cluster at risk sites;
- stage durations are lognormal, slower in some functional areas, at night and in the first year (a
  visible improving trend), with complex cases that take hours to dispose and some escalated (网格吹哨);
- incidents reported in the last hours are still open, and a few old ones are stuck.
Times are local (Asia/Shanghai) without zone, in whole seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.demo.places import AddressPoints, RiskSite
from app.demo.town import Unit
from app.domain import codes

DAYS = 730
WARNING_SHARE = 0.25
CATEGORY_SHARE = {
    "flood": 0.30,
    "construction": 0.25,
    "access_control": 0.25,
    "electrical": 0.20,
    "group_rental": 0.12,
    "ebike_charging": 0.18,
    "garbage_sorting": 0.20,
    "frontage": 0.15,
    "noise": 0.12,
    "property_dispute": 0.10,
    "illegal_parking": 0.09,
    "illegal_construction": 0.04,
}
# Grid kind affinity of each pain-point category (residents per kind matter most).
KIND_AFFINITY = {
    "group_rental": {"residential": 1.0, "village": 1.6, "commercial": 0.3, "industrial": 0.4, "campus": 0.1},
    "ebike_charging": {"residential": 1.2, "village": 0.8, "commercial": 0.3, "industrial": 0.6, "campus": 0.6},
    "garbage_sorting": {"residential": 1.0, "village": 1.3, "commercial": 0.8, "industrial": 0.4, "campus": 0.5},
    "frontage": {"residential": 0.6, "village": 0.5, "commercial": 2.5, "industrial": 0.6, "campus": 0.2},
    "noise": {"residential": 1.0, "village": 0.5, "commercial": 1.8, "industrial": 0.8, "campus": 0.6},
    "property_dispute": {"residential": 1.4, "village": 0.2, "commercial": 0.6, "industrial": 0.1, "campus": 0.1},
    "illegal_parking": {"residential": 0.8, "village": 0.4, "commercial": 2.2, "industrial": 0.7, "campus": 0.4},
    "illegal_construction": {"residential": 0.4, "village": 2.5, "commercial": 0.2, "industrial": 1.2, "campus": 0.1},
}
SOURCE_MIX = {
    "flood": {"iot": 0.45, "grid_patrol": 0.3, "hotline": 0.25},
    "construction": {"grid_patrol": 0.5, "video_ai": 0.25, "hotline": 0.25},
    "access_control": {"iot": 0.55, "hotline": 0.25, "grid_patrol": 0.2},
    "electrical": {"iot": 0.35, "grid_patrol": 0.4, "hotline": 0.25},
}
PAIN_SOURCE_MIX = {"hotline": 0.4, "grid_patrol": 0.33, "resident_app": 0.17, "video_ai": 0.10}
# Share of cases that need real work on site (hours to days) rather than a quick fix.
COMPLEX_SHARE = {
    "flood": 0.30,
    "construction": 0.40,
    "access_control": 0.18,
    "electrical": 0.35,
    "group_rental": 0.60,
    "ebike_charging": 0.30,
    "garbage_sorting": 0.12,
    "frontage": 0.18,
    "noise": 0.25,
    "property_dispute": 0.80,
    "illegal_parking": 0.08,
    "illegal_construction": 0.85,
}
ESCALATION_DEPARTMENTS = {
    "flood": ["city_operation"],
    "construction": ["city_operation", "resident_units"],
    "access_control": ["residential"],
    "electrical": ["city_operation", "building_enterprise"],
    "group_rental": ["residential", "democratic_participation"],
    "ebike_charging": ["residential", "city_operation"],
    "garbage_sorting": ["livelihood_services", "residential"],
    "frontage": ["building_enterprise", "city_operation"],
    "noise": ["residential", "democratic_participation"],
    "property_dispute": ["residential", "democratic_participation"],
    "illegal_parking": ["city_operation", "resident_units"],
    "illegal_construction": ["city_operation", "resident_units"],
}
# Slower areas are further out: the countryside is spread thin, the new town is best staffed.
AREA_PACE = {"old_town": 0.95, "new_town": 0.82, "industrial": 1.10, "science": 1.0, "rural": 1.35, "village": 1.25}
HOTSPOT_SHARE = 0.35
N_HOTSPOTS = 96
DESCRIPTIONS = {
    "flood": [
        "道路积水约20厘米，影响通行",
        "地下车库入口进水",
        "下立交积水，车辆涉水",
        "河道水位接近警戒线",
        "树木倒伏压住电线",
    ],
    "construction": ["工地围挡破损", "夜间违规施工", "渣土车未覆盖", "脚手架防护网缺失", "工地扬尘较大"],
    "access_control": ["小区门禁损坏无法关闭", "单元门常开", "门禁系统断电", "外来人员尾随进入"],
    "electrical": ["楼道私拉电线", "配电箱冒烟", "出租屋超负荷用电", "沿街商铺电线老化"],
    "group_rental": ["疑似群租，人员进出频繁", "房屋分隔出租", "群租房噪音扰民", "地下室住人"],
    "ebike_charging": ["电动车楼道充电", "飞线充电", "电瓶入户充电", "充电棚电动车过多"],
    "garbage_sorting": ["垃圾未分类投放", "垃圾厢房满溢", "大件垃圾堆放", "建筑垃圾乱倒"],
    "frontage": ["店招店牌破损", "跨门营业", "门前乱堆物", "占道经营"],
    "noise": ["夜间广场舞噪音", "装修噪音扰民", "商铺音响声音过大", "宠物犬吠扰民"],
    "property_dispute": ["物业服务不到位", "停车收费争议", "电梯长期故障", "公共维修资金争议"],
    "illegal_parking": ["车辆占用消防通道", "共享单车乱停放", "机动车占用人行道", "僵尸车长期占道"],
    "illegal_construction": ["屋顶违章搭建", "私自破墙开店", "院内违建棚屋", "阳台外扩"],
}


@dataclass(frozen=True)
class IncidentDraft:
    """Columns of generated incidents, before ids and grid assignment (done in SQL)."""

    frame: pd.DataFrame  # seq, layer, category, source, severity, times…, x, y, point_index, site_id, desc_index
    descriptions: pd.DataFrame  # desc_index, description


def _hour_features(t0: np.datetime64, hours: int) -> dict[str, np.ndarray]:
    t = t0 + np.arange(hours).astype("timedelta64[h]")
    days = t.astype("datetime64[D]")
    return {
        "month": t.astype("datetime64[M]").astype(int) % 12 + 1,
        "doy": (days - days.astype("datetime64[Y]")).astype(int),
        "weekday": (days.astype(int) + 3) % 7,  # 1970-01-01 was a Thursday; Monday = 0
        "hod": t.astype("datetime64[h]").astype(int) % 24,
        "day": (days - days[0]).astype(int),
    }


DAY_PROFILE = np.array(
    [
        0.15,
        0.1,
        0.08,
        0.08,
        0.1,
        0.2,
        0.45,
        0.8,
        1.2,
        1.5,
        1.55,
        1.4,
        1.1,
        1.2,
        1.45,
        1.5,
        1.4,
        1.25,
        1.1,
        1.0,
        0.9,
        0.7,
        0.45,
        0.25,
    ]
)
EVENING_PROFILE = np.array(
    [
        0.9,
        0.6,
        0.3,
        0.15,
        0.1,
        0.1,
        0.2,
        0.4,
        0.6,
        0.7,
        0.7,
        0.7,
        0.7,
        0.7,
        0.7,
        0.7,
        0.8,
        0.9,
        1.2,
        1.7,
        2.2,
        2.4,
        2.0,
        1.4,
    ]
)
WEEKDAY = np.array([1.08, 1.05, 1.04, 1.04, 1.0, 0.82, 0.78])
WEEKEND_HEAVY = np.array([0.9, 0.9, 0.9, 0.95, 1.1, 1.35, 1.3])


def hour_weights(category: str, f: dict[str, np.ndarray], storm_days: np.ndarray) -> np.ndarray:
    """Relative incident rate of a category for each hour of the period."""
    n = len(f["hod"])
    trend = 0.85 + 0.3 * np.arange(n) / n  # more reporting as the platform is adopted
    month, doy = f["month"], f["doy"]
    if category == "flood":
        season = np.where((doy >= 160) & (doy <= 196), 3.5, 1.0)  # 梅雨 plum rain
        season = np.where((month >= 8) & (month <= 9), 2.6, season)  # typhoons
        season = np.where(np.isin(month, [12, 1, 2]), 0.3, season)
        season = season * np.where(np.isin(f["day"], storm_days), 9.0, 1.0)
        return trend * season * (0.6 + 0.4 * DAY_PROFILE[f["hod"]])
    if category == "noise":
        season = np.where(np.isin(month, [6, 7, 8]), 1.4, 1.0)
        return trend * season * WEEKEND_HEAVY[f["weekday"]] * EVENING_PROFILE[f["hod"]]
    season = np.ones(n)
    if category == "ebike_charging":
        season = np.where(np.isin(month, [12, 1, 2]), 1.35, 1.0)
    elif category == "construction":
        season = np.where(month == 2, 0.4, 1.0)  # Spring Festival stop
    return trend * season * WEEKDAY[f["weekday"]] * DAY_PROFILE[f["hod"]]


def generate(
    rng: np.random.Generator,
    n: int,
    now: np.datetime64,
    grids: list[Unit],
    pts: AddressPoints,
    sites: list[RiskSite],
    inside_town,
) -> IncidentDraft:
    """`n` incidents over the DAYS days up to `now`. `inside_town(x, y)` tells which jittered points
    stay in the town. Coordinates are metres (UTM) in x, y."""
    cats = list(CATEGORY_SHARE)
    share = np.array(
        [
            CATEGORY_SHARE[c] * (WARNING_SHARE if codes.CATEGORY_LAYER[c] == "warning" else 1 - WARNING_SHARE)
            for c in cats
        ]
    )
    counts = rng.multinomial(n, share / share.sum())
    cat = np.repeat(np.arange(len(cats)), counts)

    now_h = now.astype("datetime64[h]")
    t0 = now_h - np.timedelta64(DAYS * 24, "h")
    hours = DAYS * 24
    f = _hour_features(t0, hours)
    season_days = np.flatnonzero(np.isin(f["month"][::24], [6, 7, 8, 9]))
    storm_days = rng.choice(season_days, size=min(14, len(season_days)), replace=False)
    hour_idx = np.empty(n, dtype=np.int64)
    for k, c in enumerate(cats):
        sel = cat == k
        w = hour_weights(c, f, storm_days)
        hour_idx[sel] = rng.choice(hours, size=int(sel.sum()), p=w / w.sum())
    reported = (t0.astype("datetime64[s]") + hour_idx * 3600 + rng.integers(0, 3600, n)).astype("datetime64[s]")
    # The current hour is only partly over: nothing is reported after `now`.
    reported = np.minimum(reported, now.astype("datetime64[s]") - rng.integers(1, 1800, n))

    point, site = _places(rng, cats, cat, reported, t0, grids, pts, sites)
    x, y = pts.x[point].copy(), pts.y[point].copy()
    site_idx = np.where(site >= 0, site, 0)
    site_xy = np.array([[s.geom.x, s.geom.y] for s in sites])
    x = np.where(site >= 0, site_xy[site_idx, 0], x)
    y = np.where(site >= 0, site_xy[site_idx, 1], y)
    jx, jy = x + rng.normal(0, 18, n), y + rng.normal(0, 18, n)
    keep = inside_town(jx, jy)
    x, y = np.where(keep, jx, x), np.where(keep, jy, y)

    layer = np.array([codes.CATEGORY_LAYER[c] for c in cats])[cat]
    source = _sources(rng, cats, cat)
    level = np.array([s.warning_level for s in sites])[site_idx]
    severity = np.where(
        site >= 0,
        np.clip(level + rng.integers(-1, 1, n), 1, 4),
        np.where(
            layer == "warning",
            rng.choice([1, 2, 3, 4], n, p=[0.4, 0.3, 0.2, 0.1]),
            rng.choice([1, 2, 3, 4], n, p=[0.55, 0.3, 0.12, 0.03]),
        ),
    )
    pace = np.array([AREA_PACE[g.role] for g in grids])[pts.grid_index[point]]
    frame = _lifecycle(rng, cats, cat, reported, t0, now, pace, severity)
    desc_table, desc_index = _descriptions(rng, cats, cat)
    frame.insert(0, "seq", np.arange(n, dtype=np.int64))
    frame["layer"] = layer
    frame["category"] = np.array(cats)[cat]
    frame["source"] = source
    frame["severity"] = severity.astype(np.int8)
    frame["x"], frame["y"] = x, y
    frame["point_index"] = point
    frame["site_id"] = np.where(site >= 0, np.array([s.site_id for s in sites], dtype=object)[site_idx], None)
    frame["desc_index"] = desc_index
    return IncidentDraft(frame, desc_table)


def _places(rng, cats, cat, reported, t0, grids, pts, sites) -> tuple[np.ndarray, np.ndarray]:
    """Address-point index of each incident, and its risk-site index (-1 when not at a site)."""
    n = len(cat)
    n_grids = len(grids)
    counts = np.diff(pts.grid_offsets)
    population = np.array([max(g.population, 30) for g in grids], dtype=float)
    kinds = [g.kind for g in grids]
    point = np.empty(n, dtype=np.int64)
    site = np.full(n, -1, dtype=np.int64)
    days = (reported - t0.astype("datetime64[s]")).astype(np.int64) // 86400
    for k, c in enumerate(cats):
        idx = np.flatnonzero(cat == k)
        if codes.CATEGORY_LAYER[c] == "pain_point":
            w = population * np.array([KIND_AFFINITY[c][kd] for kd in kinds])
        else:
            w = np.sqrt(population) * np.array([g.geom.area for g in grids]) ** 0.5
        g = rng.choice(n_grids, size=len(idx), p=w / w.sum())
        point[idx] = pts.grid_offsets[g] + (rng.random(len(idx)) * counts[g]).astype(np.int64)
        if codes.CATEGORY_LAYER[c] == "warning":
            at_site = rng.random(len(idx)) < 0.7
            own = np.array([i for i, s in enumerate(sites) if s.kind == c])
            sw = np.array([sites[i].warning_level for i in own], dtype=float) ** 1.5
            site[idx[at_site]] = own[rng.choice(len(own), size=int(at_site.sum()), p=sw / sw.sum())]
        else:
            n_spots = max(3, round(N_HOTSPOTS * CATEGORY_SHARE[c]))
            _hotspots(rng, idx, n_spots, w, days, point, pts, counts)
    return point, site


def _hotspots(rng, idx, n_spots, w, days, point, pts, counts) -> None:
    """Route a share of one category's incidents to its hot spots, while each hot spot is active."""
    spot_grid = rng.choice(len(w), size=n_spots, p=w / w.sum())
    spot_point = pts.grid_offsets[spot_grid] + (rng.random(n_spots) * counts[spot_grid]).astype(np.int64)
    start = rng.uniform(0, 0.7 * DAYS, n_spots)
    solved = rng.random(n_spots) < 0.4
    end = np.where(solved, start + rng.uniform(120, 400, n_spots), DAYS + 1)
    intensity = rng.lognormal(0, 0.6, n_spots)
    pick = rng.choice(n_spots, size=len(idx), p=intensity / intensity.sum())
    active = (days[idx] >= start[pick]) & (days[idx] < end[pick])
    hot = (rng.random(len(idx)) < HOTSPOT_SHARE) & active
    point[idx[hot]] = spot_point[pick[hot]]


def _sources(rng, cats, cat) -> np.ndarray:
    out = np.empty(len(cat), dtype=object)
    for k, c in enumerate(cats):
        sel = np.flatnonzero(cat == k)
        mix = SOURCE_MIX.get(c, PAIN_SOURCE_MIX)
        out[sel] = rng.choice(list(mix), size=len(sel), p=list(mix.values()))
    return out


def _lifecycle(rng, cats, cat, reported, t0, now, pace, severity) -> pd.DataFrame:
    """Stage timestamps, escalation, department and satisfaction; stages after `now` are not reached."""
    n = len(cat)
    age = (reported - t0.astype("datetime64[s]")).astype(np.int64) / (DAYS * 86400.0)
    hod = (reported.astype("datetime64[h]").astype(np.int64)) % 24
    night = np.where((hod < 6) | (hod >= 22), 1.35, 1.0)
    urgency = np.where(severity >= 3, 0.8, 1.0)
    speed = (1.25 - 0.45 * age) * pace * night * urgency  # >1 is slower
    respond = rng.lognormal(np.log(2.5 * speed), 0.7)
    travel = rng.lognormal(np.log(6.0 * speed), 0.55)
    complex_case = rng.random(n) < np.array([COMPLEX_SHARE[c] for c in cats])[cat]
    escalated = (complex_case & (rng.random(n) < 0.22)) | (rng.random(n) < 0.01)
    work = np.where(complex_case, rng.lognormal(np.log(180 * speed), 1.1), rng.lognormal(np.log(8.0 * speed), 0.6))
    work = work * np.where(escalated, 1.8, 1.0)
    revisit = rng.lognormal(np.log(18 * 60), 0.8)

    minutes = np.column_stack([respond, respond + travel, respond + travel + work, respond + travel + work + revisit])
    stamps = reported[:, None] + (minutes * 60).astype("timedelta64[s]")
    # A few cases get stuck: never arrived (0.05%) or never disposed (0.2%).
    u = rng.random(n)
    reached = np.ones((n, 4), dtype=bool)
    reached[u < 0.0005, 1:] = False
    reached[(u >= 0.0005) & (u < 0.0025), 2:] = False
    reached &= stamps <= now.astype("datetime64[s]")
    reached = np.cumprod(reached, axis=1).astype(bool)
    nat = np.datetime64("NaT", "s")
    stamps = np.where(reached, stamps, nat)

    late = minutes[:, :3] > np.array([5, 15, 30])
    score = 4.7 - 0.5 * late[:, 0] - 0.4 * late[:, 1] - 0.6 * late[:, 2] - 0.3 * escalated + rng.normal(0, 0.6, n)
    satisfaction = np.clip(np.round(score), 1, 5)
    answered = reached[:, 3] & (rng.random(n) > 0.12)
    dept_choice = np.empty(n, dtype=object)
    for k, c in enumerate(cats):
        sel = np.flatnonzero((cat == k) & escalated)
        dept_choice[sel] = rng.choice(ESCALATION_DEPARTMENTS[c], size=len(sel))
    return pd.DataFrame(
        {
            "reported_at": reported,
            "responded_at": stamps[:, 0],
            "arrived_at": stamps[:, 1],
            "disposed_at": stamps[:, 2],
            "closed_at": stamps[:, 3],
            "escalated": escalated,
            "department": dept_choice,
            "satisfaction": pd.array(np.where(answered, satisfaction, np.nan), dtype="Int8"),
        }
    )


def _descriptions(rng, cats, cat) -> tuple[pd.DataFrame, np.ndarray]:
    texts: list[str] = []
    first: list[int] = []
    for c in cats:
        first.append(len(texts))
        texts.extend(DESCRIPTIONS[c])
    sizes = np.array([len(DESCRIPTIONS[c]) for c in cats])
    index = np.array(first)[cat] + (rng.random(len(cat)) * sizes[cat]).astype(np.int64)
    return pd.DataFrame({"desc_index": np.arange(len(texts)), "description": texts}), index
