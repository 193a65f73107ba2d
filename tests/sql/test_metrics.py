"""51530 metrics on hand-made incidents with known answers (see metrics_fixture), pre-aggregated and raw."""

from __future__ import annotations

from datetime import date

import pytest

from app import QUERIES_DIR
from app.config import StageLimits
from app.domain.filters import parse_filters
from app.services import metrics
from app.store import aggregates
from app.store.sql import load_queries
from tests.sql.metrics_fixture import NOW, build_metrics_town

LIMITS = StageLimits()
PERIOD = "from=2026-11-21&to=2026-11-22"


@pytest.fixture(scope="module")
def db():
    d = build_metrics_town(load_queries(QUERIES_DIR))
    yield d
    d.close()


@pytest.fixture()
def own_db():
    """A fixture town of its own, for a test that writes."""
    d = build_metrics_town(load_queries(QUERIES_DIR))
    yield d
    d.close()


def scope(db, query: str = PERIOD, raw_only: bool = False) -> metrics.Scope:
    return metrics.make_scope(db, parse_filters(query), LIMITS, raw_only=raw_only)


def stages(f: metrics.Figures) -> tuple:
    return tuple((f.stage(s).met, f.stage(s).missed, f.stage(s).pending) for s in metrics.STAGES)


def test_fixture_pre_aggregates_only_decided_days(db):
    assert aggregates.decided_until(NOW, LIMITS) == date(2026, 11, 22)
    rows = db.cursor().execute("SELECT day, reported_n, r_met, a_missed, d_missed FROM incident_daily").fetchall()
    assert rows == [(date(2026, 11, 21), 1, 1, 1, 1)]  # K8 only; the 22nd is read raw


@pytest.mark.parametrize("raw_only", [False, True])
def test_stage_outcomes_met_missed_pending_and_boundaries(db, raw_only):
    cur, _ = metrics.summary(db, scope(db, raw_only=raw_only))
    assert cur.count == 8
    # respond: met K1 K4 K6 K8, missed K2 K3 K7, pending K5
    # arrive and dispose: met K1 K6, missed K2 K3 K7 K8, pending K4 K5
    assert stages(cur) == ((4, 3, 1), (2, 4, 2), (2, 4, 2))
    assert cur.respond.rate == pytest.approx(4 / 7)
    assert cur.arrive.rate == pytest.approx(2 / 6)
    assert cur.closed == 4 and cur.closure_rate == pytest.approx(0.5)
    assert cur.satisfaction == pytest.approx(4.0) and cur.sat_n == 2
    assert cur.escalated == 1


def test_rate_is_none_when_nothing_is_decided(db):
    cur, prev = metrics.summary(db, scope(db, "from=2026-11-22&to=2026-11-22&category=noise&grid=A02-C01-G01"))
    assert cur.count == 0 and cur.respond.rate is None and cur.closure_rate is None and cur.satisfaction is None


def test_previous_period_of_equal_length(db):
    cur, prev = metrics.summary(db, scope(db, "from=2026-11-22&to=2026-11-22"))
    assert cur.count == 7 and prev.count == 1
    assert stages(prev) == ((1, 0, 0), (0, 1, 0), (0, 1, 0))


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("area=A02", 1),
        ("area=A01,A02", 8),
        ("grid=A01-C01", 7),
        ("grid=A02-C01-G01", 1),
        ("layer=warning", 1),
        ("category=noise", 7),
        ("source=iot", 1),
        ("severity=1", 7),
        ("status=closed", 4),
        ("status=open", 4),
        ("status=overdue", 2),  # K3 (nothing reached), K8 (never disposed)
        ("status=overdue,closed", 6),
    ],
)
def test_filters(db, query, count):
    cur, _ = metrics.summary(db, scope(db, PERIOD + "&" + query))
    assert cur.count == count


def test_open_and_overdue_now(db):
    assert metrics.open_now(db, scope(db)) == (4, 2)


def test_backlog_is_open_at_each_days_end(db):
    assert metrics.backlog(db, scope(db)) == [(date(2026, 11, 21), 1), (date(2026, 11, 22), 4)]


def test_stage_time_quantiles_use_bounded_times(db):
    (whole,) = metrics.durations(db, scope(db), None)
    assert whole.bucket is None
    by_day = metrics.durations(db, scope(db), "day")
    assert [d.bucket for d in by_day] == [date(2026, 11, 21), date(2026, 11, 22)] and by_day[0].p50["respond"] == 4.0
    # respond minutes: K1 5, K2 5.0167, K4 2, K6 4 (arrival), K7 40 (disposal), K8 4 → median 4.5
    assert whole.p50["respond"] == pytest.approx(4.5)
    # dispose minutes: K1 30, K2 30.0167, K6 20, K7 40 → median 30.00833
    assert whole.p50["dispose"] == pytest.approx((30 + 30 + 1 / 60) / 2)


def test_series_areas_heatmap_escalations(db):
    s = scope(db)
    points = metrics.series(db, s, "day")
    assert [(p.bucket, p.figures.count) for p in points] == [(date(2026, 11, 21), 1), (date(2026, 11, 22), 7)]
    assert points[1].by_category == {"noise": 7}
    by_area = metrics.areas(db, s)
    assert by_area["A01"].count == 7 and by_area["A02"].dispose.missed == 1
    volume, missed = metrics.heatmap(db, s)
    assert sum(map(sum, volume)) == 8 and sum(map(sum, missed)) == 4  # K2 K3 K7 K8
    assert volume[6][9] == 2  # 2026-11-22 is a Sunday; K1 and K2 at 09:00
    (esc,) = metrics.escalations(db, s)
    assert (esc.department, esc.count, esc.p50["respond"], esc.dispose.missed) == ("city_operation", 1, 4.0, 1)


def test_refresh_after_a_write_keeps_pre_aggregate_equal_to_raw(own_db):
    db = own_db
    db.cursor().execute(
        "UPDATE incident SET disposed_at = '2026-11-22 10:00', closed_at = '2026-11-22 11:30', "
        "satisfaction = 2 WHERE incident_id = 'K8'"
    )
    stale, _ = metrics.summary(db, scope(db))
    raw, _ = metrics.summary(db, scope(db, raw_only=True))
    assert stale.closed == 4 and raw.closed == 5  # the 21st is pre-aggregated until refreshed
    aggregates.refresh_incident_aggregates(db.cursor(), db.queries, incident_ids=["K8"], limits=LIMITS)
    fresh, _ = metrics.summary(db, scope(db))
    assert fresh == raw and fresh.satisfaction == pytest.approx(10 / 3)
    assert metrics.backlog(db, scope(db)) == metrics.backlog(db, scope(db, raw_only=True))
    kind = scope(db, PERIOD + "&category=flood&source=iot")
    assert metrics._rows(db, "metrics/ranking_kind_daily", kind, grain="day") == metrics._rows(
        db, "metrics/ranking", kind, grain="day"
    )
    assert metrics._rows(db, "metrics/heatmap_kind_daily", kind) == metrics._rows(db, "metrics/heatmap", kind)
    assert metrics.escalations(db, scope(db)) == metrics.escalations(db, scope(db, raw_only=True))
    assert metrics.open_now(db, scope(db)) == metrics.open_now(db, scope(db, raw_only=True))


def test_changed_limits_read_raw_rows(db):
    other = StageLimits(respond=3, arrive=15, dispose=30)
    s = metrics.make_scope(db, parse_filters(PERIOD), other)
    assert s.agg_until == aggregates.RAW_ONLY
    cur, _ = metrics.summary(db, s)
    # Only K4 (2 min) meets 3 minutes; K5's limit (11:58) has now passed, so nothing is pending.
    assert cur.respond == metrics.Stage(met=1, missed=7, pending=0)


def test_refresh_for_todays_incidents_writes_nothing(own_db):
    before = own_db.cursor().execute("SELECT * FROM incident_daily ORDER BY ALL").fetchall()
    state = aggregates.refresh_incident_aggregates(
        own_db.cursor(), own_db.queries, incident_ids=["K3", "K5"], limits=LIMITS
    )
    assert state.until == date(2026, 11, 22)
    assert own_db.cursor().execute("SELECT * FROM incident_daily ORDER BY ALL").fetchall() == before
