"""The ranking (红黑榜) of communities and grids: best and worst by 51530 and by volume per 1,000 residents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from app.domain.filters import Filters
from app.services import metrics
from app.services.repo import Unit
from app.store.db import Database

TOP = 5
# A rate over a handful of stage outcomes says little: rank only units with at least this many decided.
MIN_DECIDED = {2: 30, 3: 9}
LEVELS = (2, 3)


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


def sparkline_grain(days: int) -> str:
    return "week" if days <= 120 else "month"


def rankings(db: Database, scope: metrics.Scope, all_units: dict[str, Unit]) -> list[Ranking]:
    """For communities and grids: by 51530 (pooled stage rate) and by volume per 1,000 residents."""
    cols = metrics.ranking_columns(db, scope, sparkline_grain(scope.period.days))
    ranked: dict[int, list[UnitRank]] = {lv: [] for lv in LEVELS}
    for unit, n, met, missed in _per_unit_bucket(cols, all_units):
        if unit.level not in ranked:
            continue
        ranked[unit.level].append(
            UnitRank(
                unit,
                sum(n),
                sum(met),
                sum(missed),
                tuple(metrics.ratio(m, m + x) for m, x in zip(met, missed, strict=True)),
                tuple(n),
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


def _per_unit_bucket(cols: dict[str, Any], all_units: dict[str, Unit]) -> list[tuple[Unit, list, list, list]]:
    """(unit, n, met, missed per bucket of the period) for each grid with rows and each community above them,
    summed with numpy (the per-row Python loop cost tens of milliseconds for two years)."""
    if not len(cols["grid_id"]):
        return []
    grids, g_idx = np.unique(cols["grid_id"].astype(str), return_inverse=True)
    _, b_idx = np.unique(cols["bucket"], return_inverse=True)
    # Units: the grids themselves, then their parents (communities).
    names = [str(g) for g in grids]
    parents = [all_units[g].parent_id if g in all_units else None for g in names]
    index = {u: k for k, u in enumerate(names)}
    for p in parents:
        if p is not None and p not in index:
            index[p] = len(index)
    parent_idx = np.array([-1 if p is None else index[p] for p in parents])
    shape = (len(index), int(b_idx.max()) + 1)
    sums = []
    for col in ("n", "met", "missed"):
        m = np.zeros(shape, dtype=np.int64)
        values = np.asarray(cols[col], dtype=np.int64)
        np.add.at(m, (g_idx, b_idx), values)
        up = parent_idx[g_idx] >= 0
        np.add.at(m, (parent_idx[g_idx][up], b_idx[up]), values[up])
        sums.append(m.tolist())
    return [(all_units[u], sums[0][k], sums[1][k], sums[2][k]) for u, k in index.items() if u in all_units]


def map_link(unit: Unit, scope: metrics.Scope) -> str:
    """The map page filtered to this unit, its area and the same period and incident filters."""
    f: Filters = scope.filters.replace(
        areas=(unit.area_id,) if unit.area_id else (),
        grids=(unit.unit_id,),
        date_from=scope.period.start,
        date_to=scope.period.end,
    )
    return "/map?" + f.to_query()
