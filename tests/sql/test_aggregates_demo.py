"""On the demo database: every figure read through the daily pre-aggregate equals the one computed from
raw incidents, for several filters and periods."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import StageLimits
from app.domain.filters import parse_filters
from app.services import mapdata, metrics
from app.store import aggregates
from app.store.db import Database

LIMITS = StageLimits()
QUERIES = [
    "",
    "area=A01",
    "area=A02,A05&category=noise,flood,garbage_sorting",
    "layer=warning&source=iot",
    "from=2025-01-01&to=2026-11-22",
    "from=2025-11-01&to=2026-02-28&area=A03&layer=pain_point",
    "from=2026-11-22&to=2026-11-22",
    "from=2024-11-22&to=2025-01-10&source=hotline",
]


@pytest.fixture(scope="module")
def db(demo_db: Path):
    d = Database(demo_db, read_only=True)
    yield d
    d.close()


def test_pre_aggregate_covers_every_decided_day(db):
    meta = dict(db.run("meta/all").fetchall())
    until = aggregates.read_until(meta, LIMITS)
    assert until == aggregates.decided_until(aggregates.dataset_now(meta), LIMITS)
    cur = db.cursor()
    (agg,) = cur.execute("SELECT sum(reported_n) FROM incident_daily").fetchone()
    (raw,) = cur.execute("SELECT count(*) FROM incident WHERE reported_at < $u", {"u": until}).fetchone()
    assert agg == raw > 0
    (grid_n,) = cur.execute("SELECT sum(n) FROM incident_grid_daily").fetchone()
    (hour_n,) = cur.execute("SELECT sum(n) FROM incident_hour_daily").fetchone()
    (assigned,) = cur.execute(
        "SELECT count(*) FROM incident WHERE reported_at < $u AND grid_id IS NOT NULL", {"u": until}
    ).fetchone()
    assert hour_n == raw and grid_n == assigned
    (grid_kind_n,) = cur.execute("SELECT sum(n) FROM incident_grid_kind_daily").fetchone()
    (hour_kind_n,) = cur.execute("SELECT sum(n) FROM incident_hour_kind_daily").fetchone()
    assert hour_kind_n == raw and grid_kind_n == assigned
    (esc_agg,) = cur.execute("SELECT count(*) FROM incident_escalation").fetchone()
    (esc_raw,) = cur.execute(
        "SELECT count(*) FROM incident WHERE reported_at < $u AND escalated", {"u": until}
    ).fetchone()
    assert esc_agg == esc_raw > 0
    (open_agg,) = cur.execute("SELECT count(*) FROM incident_open").fetchone()
    (open_raw,) = cur.execute(
        "SELECT count(*) FROM incident WHERE reported_at < $u AND closed_at IS NULL", {"u": until}
    ).fetchone()
    assert open_agg == open_raw > 0


def test_ranking_and_heatmap_pre_aggregates_equal_the_raw_queries(db):
    """The *_daily queries against the same queries on raw rows (the default scope has no raw-only filter)."""
    s = metrics.make_scope(db, parse_filters("from=2025-06-01&to=2026-11-22&area=A02,A04"), LIMITS)
    for grain in ("week", "month"):
        daily = metrics._rows(db, "metrics/ranking_daily", s, grain=grain)
        raw = metrics._rows(db, "metrics/ranking", s, grain=grain)
        assert daily == raw and len(raw) > 100
    assert metrics._rows(db, "metrics/heatmap_daily", s) == metrics._rows(db, "metrics/heatmap", s)


@pytest.mark.parametrize(
    "query",
    [
        "from=2025-06-01&to=2026-11-22&category=noise,flood",
        "from=2025-01-15&to=2026-11-22&area=A02,A04&layer=warning&source=iot,hotline",
        "from=2026-10-01&to=2026-11-22&source=video_ai",
    ],
)
def test_ranking_and_heatmap_kind_pre_aggregates_equal_the_raw_queries(db, query):
    """The *_kind_daily queries (layer, category and source kept) against the same queries on raw rows."""
    s = metrics.make_scope(db, parse_filters(query), LIMITS)
    assert s.agg_until > aggregates.RAW_ONLY
    for grain in ("week", "month"):
        kind = metrics._rows(db, "metrics/ranking_kind_daily", s, grain=grain)
        assert kind == metrics._rows(db, "metrics/ranking", s, grain=grain) and len(kind) > 50
    heat = metrics._rows(db, "metrics/heatmap_kind_daily", s)
    assert heat == metrics._rows(db, "metrics/heatmap", s) and sum(r["n"] for r in heat) > 0
    assert metrics._ranking_query(s) == "metrics/ranking_kind_daily"


@pytest.mark.parametrize("query", QUERIES)
def test_pre_aggregated_figures_equal_raw(db, query):
    f = parse_filters(query)
    fast = metrics.make_scope(db, f, LIMITS)
    raw = metrics.make_scope(db, f, LIMITS, raw_only=True)
    assert fast.agg_until > raw.agg_until == aggregates.RAW_ONLY
    assert metrics.summary(db, fast) == metrics.summary(db, raw)
    assert metrics.summary(db, fast)[0].count > 0
    assert metrics.areas(db, fast) == metrics.areas(db, raw)
    assert metrics.backlog(db, fast) == metrics.backlog(db, raw)
    assert metrics.escalations(db, fast) == metrics.escalations(db, raw)
    assert metrics.open_now(db, fast) == metrics.open_now(db, raw)
    assert metrics.heatmap(db, fast) == metrics.heatmap(db, raw)
    for grain in ("day", "week", "month"):
        assert metrics.series(db, fast, grain) == metrics.series(db, raw, grain)
        one_read = (metrics.series(db, raw, grain), *metrics.summary(db, raw))
        assert metrics.series_and_summary(db, fast, grain) == metrics.series_and_summary(db, raw, grain) == one_read
        assert metrics.ranking_rows(db, fast, grain) == metrics.ranking_rows(db, raw, grain)


@pytest.mark.parametrize(
    ("query", "slack"),
    [
        ("from=2025-06-01&to=2026-11-22", (0.5, 0.07)),
        # ~350 incidents a month: quantile_cont interpolates between neighbours that lie further apart.
        ("from=2026-01-01&to=2026-11-22&area=A01,A02&layer=pain_point", (1.0, 0.10)),
    ],
)
def test_stage_time_histograms_equal_raw_histograms_and_track_exact_quantiles(db, query, slack):
    f = parse_filters(query)
    fast = metrics.make_scope(db, f, LIMITS)
    raw = metrics.make_scope(db, f, LIMITS, raw_only=True)
    assert fast.period.days > metrics.HISTOGRAM_DAYS
    hist = metrics.durations(db, fast, "month")
    assert hist == metrics.durations(db, raw, "month")  # pre-aggregated bins = bins of raw rows
    exact = {
        d.bucket: d
        for d in (
            metrics.Durations(
                r["bucket"],
                *[{s: r[f"{p}_q"][i] / 60 for s, p in zip(metrics.STAGES, "rad", strict=True)} for i in (0, 1)],
            )
            for r in metrics._rows(db, "metrics/durations", fast, grain="month")
        )
    }
    assert [d.bucket for d in hist] == sorted(exact)
    for d in hist:
        for s in metrics.STAGES:
            for got, want in ((d.p50[s], exact[d.bucket].p50[s]), (d.p90[s], exact[d.bucket].p90[s])):
                # Half a bin: 15 s below an hour, 5 % above (plus interpolation between neighbours).
                assert abs(got - want) <= max(slack[0], slack[1] * want), (d.bucket, s, got, want)


@pytest.mark.parametrize(
    ("query", "level", "parent"),
    [
        ("from=2025-01-01&to=2026-11-22", 1, ""),  # per-grid pre-aggregate
        ("area=A02&from=2025-06-01&to=2026-11-22", 2, "A02"),
        ("area=A01&grid=A01-C01&from=2025-06-01&to=2026-11-22", 3, "A01-C01"),  # the grid filter is kept
        ("category=noise,flood&source=hotline&from=2025-01-01&to=2026-11-22", 1, ""),  # per-area pre-aggregate
        ("area=A03&layer=pain_point", 2, "A03"),  # raw rows: the per-area one has no communities
        ("status=open&from=2025-01-01&to=2026-11-22", 1, ""),  # raw rows
        ("from=2026-11-22&to=2026-11-22", 1, ""),  # only days after the pre-aggregate
    ],
)
def test_map_units_and_category_counts_from_pre_aggregates_equal_raw(db, query, level, parent):
    f = parse_filters(query)
    fast = metrics.make_scope(db, f, LIMITS)
    raw = metrics.make_scope(db, f, LIMITS, raw_only=True)
    assert fast.agg_bound > aggregates.RAW_ONLY
    units = [u["properties"] for u in mapdata.units(db, fast, level, parent)["features"]]
    assert units == [u["properties"] for u in mapdata.units(db, raw, level, parent)["features"]]
    assert sum(u["n"] for u in units) > 0 and sum(u["met"] for u in units) > 0
    counts, figures = mapdata.category_counts(db, fast)
    assert (counts, figures) == mapdata.category_counts(db, raw)
    assert figures == metrics.summary(db, raw)[0]
    if not f.grids:  # incidents outside every grid count in the total, not in any unit
        assert sum(n for _, _, n in counts) == mapdata.incidents_total(db, fast) >= sum(u["n"] for u in units)


@pytest.mark.parametrize(
    "query",
    [
        "from=2025-01-01&to=2026-11-22&severity=3,4",
        "from=2025-06-01&to=2026-11-22&status=open,overdue",
        "from=2025-06-01&to=2026-11-22&status=closed&grid=A01-C01",
        "from=2024-11-22&to=2026-11-22&area=A03&category=flood,noise&source=hotline",
    ],
)
def test_escalations_and_open_now_from_the_incident_pre_aggregates_equal_raw(db, query):
    """incident_escalation and incident_open keep every filter dimension, so they serve grid, severity and status
    filters too."""
    f = parse_filters(query)
    fast = metrics.make_scope(db, f, LIMITS)
    raw = metrics.make_scope(db, f, LIMITS, raw_only=True)
    assert fast.agg_bound > raw.agg_bound == aggregates.RAW_ONLY
    row = metrics._rows(db, "metrics/open_now", raw)[0]
    assert metrics.open_now(db, fast) == metrics.open_now(db, raw) == (row["open_n"], row["overdue_n"])
    got = metrics.escalations(db, fast)
    assert got == metrics.escalations(db, raw) and sum(e.count for e in got) > 0
    assert got == [
        metrics.Escalation(
            r["department"],
            int(r["n"]),
            {s: r[f"{s[0]}_p50"] for s in metrics.STAGES},
            metrics.Stage(r["d_met"], r["d_missed"]),
        )
        for r in metrics._rows(db, "metrics/escalations", raw)
    ]
