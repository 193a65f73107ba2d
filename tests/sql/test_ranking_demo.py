"""On the demo database: the ranking summed with numpy equals the straightforward per-row sum it replaced."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from app.config import StageLimits
from app.domain.filters import parse_filters
from app.services import metrics, ranking, repo
from app.store.db import Database


@pytest.fixture(scope="module")
def db(demo_db: Path):
    d = Database(demo_db, read_only=True)
    yield d
    d.close()


def _reference(db, scope, all_units) -> dict[str, tuple]:
    """Per unit: (count, met, missed, spark rates, spark counts), summing ranking_rows row by row."""
    rows = metrics.ranking_rows(db, scope, ranking.sparkline_grain(scope.period.days))
    buckets = sorted({r["bucket"] for r in rows})
    per: dict = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for r in rows:
        grid = all_units.get(r["grid_id"])
        for unit_id in (r["grid_id"], grid.parent_id if grid else None):
            if unit_id is not None:
                for i, k in enumerate(("n", "met", "missed")):
                    per[unit_id][r["bucket"]][i] += r[k]
    out = {}
    for unit_id, by in per.items():
        if unit_id in all_units and all_units[unit_id].level in ranking.LEVELS:
            b = [by[x] for x in buckets]
            out[unit_id] = (
                sum(v[0] for v in b),
                sum(v[1] for v in b),
                sum(v[2] for v in b),
                tuple(metrics.ratio(v[1], v[1] + v[2]) for v in b),
                tuple(v[0] for v in b),
            )
    return out


@pytest.mark.parametrize(
    "query", ["", "from=2025-01-01&to=2026-11-22", "area=A02&category=noise,flood", "grid=A01-C01&status=open"]
)
def test_rankings_equal_the_row_by_row_sums(db, query):
    units = repo.units(db)
    scope = metrics.make_scope(db, parse_filters(query), StageLimits())
    expected = _reference(db, scope, units)
    got = {}
    for r in ranking.rankings(db, scope, units):
        for u in (*r.best, *r.worst):
            got[u.unit.unit_id] = (u.count, u.met, u.missed, u.spark_rate, u.spark_count)
    assert got and all(expected[k] == v for k, v in got.items())
    assert all(isinstance(v[0], int) for v in got.values())
