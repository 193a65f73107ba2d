"""The wall's reads on the demo database, against plain SQL written independently of queries/; its URL config."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.config import Settings
from app.domain.filters import parse_filters
from app.domain.view import WallView
from app.services import metrics, wall
from app.store.db import Database
from tests.conftest import DEMO_NOW


@pytest.fixture(scope="module")
def db(demo_db: Path):
    d = Database(demo_db, read_only=True)
    yield d
    d.close()


@pytest.fixture(scope="module")
def settings(demo_db: Path) -> Settings:
    return Settings(db_path=demo_db)


def test_today_is_the_datasets_day_and_tiles_equal_the_metrics_of_that_day(db, settings):
    scope = wall.today_scope(db, settings, "A03")
    assert scope.now == DEMO_NOW and scope.period.start == scope.period.end == DEMO_NOW.date()
    tiles = wall.tiles(db, scope)
    # The same figures /api/metrics computes from the URL ?area=A03&from=…&to=… (one scope, built by parsing).
    parsed = metrics.make_scope(db, parse_filters("area=A03&from=2026-11-22&to=2026-11-22"), settings.stage_limits)
    cur, _ = metrics.summary(db, parsed)
    assert tiles["count"] == cur.count and tiles["respond"]["rate"] == cur.respond.rate
    assert (tiles["open"], tiles["overdue"]) == metrics.open_now(db, parsed)
    plain = (
        db.cursor()
        .execute(
            "SELECT count(*), count(*) FILTER (closed_at IS NULL) FROM incident "
            "WHERE area_id = 'A03' AND CAST(reported_at AS DATE) = DATE '2026-11-22'"
        )
        .fetchone()
    )
    assert (tiles["count"], tiles["open"]) == plain


def test_open_incidents_are_every_open_one_with_overdue_first(db, settings):
    got = wall.open_incidents(db, wall.today_scope(db, settings))
    total = db.cursor().execute("SELECT count(*) FROM incident WHERE closed_at IS NULL").fetchone()[0]
    assert got["total"] == total > 0
    assert sum(v[0] for v in got["grids"].values()) <= total
    flags = [p[2] for p in got["points"]]
    assert len(flags) == min(total, wall.OPEN_POINT_CAP)
    assert flags == sorted(flags, reverse=True)  # overdue first
    assert sum(flags) == min(got["overdue"], len(flags))
    capped = wall.open_incidents(db, wall.today_scope(db, settings), cap=5)
    assert len(capped["points"]) == 5 and capped["total"] == total


def test_hourly_today_against_the_same_weekday_of_eight_earlier_weeks(db):
    today = DEMO_NOW.date()
    got = wall.hourly(db, [], today, DEMO_NOW)
    rows = (
        db.cursor()
        .execute("SELECT CAST(reported_at AS DATE) AS d, hour(reported_at) AS h, count(*) FROM incident GROUP BY ALL")
        .fetchall()
    )
    by = {(d, h): n for d, h, n in rows}
    weeks = [today - timedelta(days=7 * k) for k in range(1, 9)]
    assert got["today"] == [by.get((today, h), 0) for h in range(24)]
    assert got["usual"] == [pytest.approx(sum(by.get((d, h), 0) for d in weeks) / 8, abs=0.0051) for h in range(24)]
    assert got["hour_now"] == 16 and sum(got["today"][17:]) == 0


def test_trend_is_the_thirty_whole_days_before_today(db, settings):
    scope = wall.today_scope(db, settings)
    got = wall.trend(db, scope)
    assert len(got["days"]) == 30 and got["days"][0] == "2026-10-23" and got["days"][-1] == "2026-11-21"
    day = date(2026, 11, 10)
    one = metrics.make_scope(db, parse_filters("from=2026-11-10&to=2026-11-10"), settings.stage_limits)
    cur, _ = metrics.summary(db, one)
    i = got["days"].index(day.isoformat())
    for stage in metrics.STAGES:
        assert got[stage][i] == pytest.approx(cur.stage(stage).rate, abs=1e-4)


def test_ticker_is_the_newest_incidents_with_labels(db, settings):
    rows = wall.ticker(db, wall.today_scope(db, settings), "zh", settings.taxonomy)
    newest = (
        db.cursor()
        .execute("SELECT incident_id FROM incident ORDER BY reported_at DESC, incident_id DESC LIMIT 8")
        .fetchall()
    )
    assert [r["id"] for r in rows] == [n[0] for n in newest]
    assert all(r["place"] and r["category"] and r["stage"] for r in rows)
    assert rows[0]["time"] <= "16:00" and len(rows[0]["time"]) == 5


def test_live_payload_and_static_layers(db, settings):
    body = wall.live(db, settings, "A01", "en")
    assert body["area"] == "A01" and body["area_name"] and body["today"] == "2026-11-22"
    assert 0 < len(body["pain"]) <= wall.PAIN_ROWS
    assert [p["rank"] for p in body["pain"]] == sorted(p["rank"] for p in body["pain"])
    assert len(body["ticker"]) == wall.TICKER_ROWS and body["tiles"]["period"]["from"] == "2026-11-22"
    static = wall.static(db, settings)
    assert len(static["grids"]["features"]) == 388 and len(static["areas"]["features"]) == 5
    assert {f["properties"]["level"] for f in static["risk"]["features"]} <= {3, 4}
    assert static["timezone"] == "Asia/Shanghai"


def test_url_config_defaults_and_bad_values():
    cfg = WallView.from_query({})
    assert (cfg.rotate, cfg.refresh, cfg.areas, cfg.lang) == (60.0, 30.0, (), "zh")
    cfg = WallView.from_query({"rotate": "0", "refresh": "2.5", "areas": "A02,A01", "lang": "en", "stale": "9"})
    assert (cfg.rotate, cfg.refresh, cfg.areas, cfg.lang, cfg.stale) == (0.0, 2.5, ("A01", "A02"), "en", 9.0)
    bad = WallView.from_query({"rotate": "soon", "refresh": "-3", "areas": "A01,bad!", "still": "nan"})
    assert (bad.rotate, bad.refresh, bad.areas, bad.still) == (60.0, 0.1, (), 1800.0)
    assert WallView.from_query({"rotate": "1"}).rotate == 5.0
