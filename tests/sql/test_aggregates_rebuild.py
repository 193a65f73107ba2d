"""Pre-aggregates made with other limits or an older table set are rebuilt once, at server start."""

from __future__ import annotations

import pytest

from app.config import QUERIES_DIR, StageLimits
from app.store import aggregates
from app.store.sql import load_queries
from tests.sql.fixture import build_tiny_town

LIMITS = StageLimits()


@pytest.fixture()
def db():
    d, _ = build_tiny_town(load_queries(QUERIES_DIR))
    d.run("meta/put", key=aggregates.NOW_KEY, value="2026-11-25 12:00:00")  # the tiny town's incidents are of 11-22
    yield d
    d.close()


def _meta(db) -> dict[str, str]:
    return dict(db.run("meta/all").fetchall())


def test_outdated_pre_aggregates_are_rebuilt_and_then_read(db):
    db.run("meta/put", key=aggregates.LIMITS_KEY, value="5,15,30/1")  # an older table set
    assert aggregates.read_until(_meta(db), LIMITS) == aggregates.RAW_ONLY
    assert aggregates.rebuild_if_outdated(db, LIMITS) is not None
    meta = _meta(db)
    assert meta[aggregates.LIMITS_KEY] == aggregates.limits_key(LIMITS)
    assert aggregates.read_until(meta, LIMITS).isoformat() == "2026-11-25"  # days before it are stored
    cur = db.cursor()
    (stored,) = cur.execute("SELECT sum(reported_n) FROM incident_daily").fetchone()
    (raw,) = cur.execute("SELECT count(*) FROM incident WHERE reported_at < DATE '2026-11-25'").fetchone()
    assert stored == raw > 0
    assert aggregates.rebuild_if_outdated(db, LIMITS) is None  # current now: nothing to do


def test_other_limits_rebuild_with_the_configured_ones(db):
    aggregates.rebuild_if_outdated(db, LIMITS)
    stricter = StageLimits(respond=3, arrive=10, dispose=20)
    assert aggregates.rebuild_if_outdated(db, stricter) is not None
    assert _meta(db)[aggregates.LIMITS_KEY] == "3,10,20/" + aggregates.limits_key(LIMITS).split("/")[1]
