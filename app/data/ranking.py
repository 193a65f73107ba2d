"""The ranking (红黑榜) of communities and grids: best and worst by 51530 and by volume per 1,000 residents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.data import metrics
from app.data.db import Database
from app.filters import Filters

TOP = 5
# A rate over a handful of stage outcomes says little: rank only units with at least this many decided.
MIN_DECIDED = {2: 30, 3: 9}
LEVELS = (2, 3)


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    level: int
    parent_id: str | None
    area_id: str | None
    population: int


@dataclass(frozen=True)
class UnitRank:
    unit: Unit
    count: int
    met: int
    missed: int
    spark_rate: tuple[float | None, ...]  # one value per bucket of the period
    spark_count: tuple[int, ...]

    @property
    def rate(self) -> float | None:
        return metrics.ratio(self.met, self.met + self.missed)

    @property
    def per_1000(self) -> float | None:
        return metrics.ratio(self.count * 1000, self.unit.population)


@dataclass(frozen=True)
class Ranking:
    level: int
    by: str  # "rate" (51530) or "volume" (per 1,000 residents)
    best: tuple[UnitRank, ...]
    worst: tuple[UnitRank, ...]


def units(db: Database) -> dict[str, Unit]:
    return {r[0]: Unit(*r[:4], r[4], int(r[5] or 0)) for r in db.run("grid/units").fetchall()}


def sparkline_grain(days: int) -> str:
    return "week" if days <= 120 else "month"


def rankings(db: Database, scope: metrics.Scope, all_units: dict[str, Unit]) -> list[Ranking]:
    """For communities and grids: by 51530 (pooled stage rate) and by volume per 1,000 residents."""
    rows = metrics.ranking_rows(db, scope, sparkline_grain(scope.period.days))
    buckets = sorted({r["bucket"] for r in rows})
    per: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for r in rows:
        grid = all_units.get(r["grid_id"])
        for unit_id in (r["grid_id"], grid.parent_id if grid else None):
            if unit_id is None:
                continue
            acc = per[unit_id][r["bucket"]]
            acc[0] += r["n"]
            acc[1] += r["met"]
            acc[2] += r["missed"]
    ranked: dict[int, list[UnitRank]] = {lv: [] for lv in LEVELS}
    for unit_id, by_bucket in per.items():
        unit = all_units.get(unit_id)
        if unit is None or unit.level not in ranked:
            continue
        tot = [sum(v[i] for v in by_bucket.values()) for i in range(3)]
        ranked[unit.level].append(
            UnitRank(
                unit,
                tot[0],
                tot[1],
                tot[2],
                tuple(metrics.ratio(by_bucket[b][1], by_bucket[b][1] + by_bucket[b][2]) for b in buckets),
                tuple(by_bucket[b][0] for b in buckets),
            )
        )
    out = []
    for level in LEVELS:
        rated = [u for u in ranked[level] if u.met + u.missed >= MIN_DECIDED[level]]
        by_rate = sorted(rated, key=lambda u: (-(u.rate or 0), -u.count, u.unit.unit_id))
        worst_rate = sorted(rated, key=lambda u: (u.rate or 0, -u.count, u.unit.unit_id))
        peopled = [u for u in ranked[level] if u.unit.population > 0]
        by_volume = sorted(peopled, key=lambda u: (u.per_1000 or 0, u.unit.unit_id))
        worst_volume = sorted(peopled, key=lambda u: (-(u.per_1000 or 0), u.unit.unit_id))
        out.append(Ranking(level, "rate", tuple(by_rate[:TOP]), tuple(worst_rate[:TOP])))
        out.append(Ranking(level, "volume", tuple(by_volume[:TOP]), tuple(worst_volume[:TOP])))
    return out


def map_link(unit: Unit, scope: metrics.Scope) -> str:
    """The map page filtered to this unit, its area and the same period and incident filters."""
    f: Filters = scope.filters.replace(
        areas=(unit.area_id,) if unit.area_id else (),
        grids=(unit.unit_id,),
        date_from=scope.period.start,
        date_to=scope.period.end,
    )
    return "/map?" + f.to_query()
