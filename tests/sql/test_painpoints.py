"""Pain points on the tiny town: a category that recurs within 100 m is one; a few scattered are not."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from app import QUERIES_DIR
from app.config import Settings
from app.services import painpoints
from app.store.sql import load_queries
from tests.sql.fixture import NOW, build_tiny_town, stage_incidents


def _incidents(rows: list[tuple[str, float, float, int]]) -> pd.DataFrame:
    """(category, lon, lat, days before NOW) → staged incidents, all closed an hour after reporting."""
    reported = [pd.Timestamp(NOW - timedelta(days=d, hours=1)) for _, _, _, d in rows]
    return pd.DataFrame(
        {
            "seq": range(len(rows)),
            "lon": [r[1] for r in rows],
            "lat": [r[2] for r in rows],
            "layer": "pain_point",
            "category": [r[0] for r in rows],
            "source": "hotline",
            "severity": 1,
            "reported_at": reported,
            "responded_at": [t + timedelta(minutes=2) for t in reported],
            "arrived_at": [t + timedelta(minutes=9) for t in reported],
            "disposed_at": [t + timedelta(minutes=20) for t in reported],
            "closed_at": [t + timedelta(minutes=50) for t in reported],
            "escalated": False,
            "department": None,
            "satisfaction": pd.array([5] * len(rows), dtype="Int8"),
            "point_index": range(len(rows)),
            "site_id": None,
            "desc_index": 0,
        }
    )


@pytest.fixture()
def town():
    db, _ = build_tiny_town(load_queries(QUERIES_DIR))
    yield db
    db.close()


def test_recurring_noise_within_100m_is_a_worsening_pain_point(town):
    # 6 noise cases within ~20 m in the west grid: 5 in the last 30 days, 1 the month before;
    # 4 garbage cases together (below 5); 6 noise cases spread over 1.5 km (never 5 in one cell);
    # 7 group-rental cases together but 100-200 days ago (outside the 90-day window).
    rows = [("noise", 121.4051 + k * 0.00004, 31.0021, d) for k, d in enumerate([2, 5, 9, 14, 25, 40])]
    rows += [("garbage_sorting", 121.4152, 31.0061, d) for d in (3, 6, 20, 33)]
    rows += [("noise", 121.4005 + k * 0.003, 31.008, 3 + k) for k in range(6)]
    rows += [("group_rental", 121.4170, 31.0030, 100 + 15 * k) for k in range(7)]
    # One batch per reporting day keeps the demo's per-day ids unique.
    frame = _incidents(rows)
    for _, day in frame.groupby(frame["reported_at"].dt.date):
        stage_incidents(town, day.assign(seq=range(len(day)), point_index=range(len(day))))
    assert painpoints.refresh(town, NOW, Settings()) == 1
    (pp,) = painpoints.ranked(town, [], [], 10)
    assert (pp.category, pp.grid_id, pp.area_id, pp.rank) == ("noise", "A01-C01-G01", "A01", 1)
    # The tiny town's own noise case this morning at (121.405, 31.002) is the seventh.
    assert (pp.n_window, pp.n_30d, pp.n_prev_30d, pp.status) == (7, 6, 1, "worsening")
    assert sum(pp.monthly) == 7 and len(pp.monthly) == 12
    assert pp.lon == pytest.approx(121.40518, abs=1e-7)  # the median of the seven
    # Filters: another area or category finds nothing.
    assert painpoints.ranked(town, ["A02"], [], 10) == []
    assert painpoints.ranked(town, [], ["garbage_sorting"], 10) == []
