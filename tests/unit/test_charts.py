"""The performance charts as plain dicts: a bucket with pending stages is drawn apart, not as a complete rate."""

from __future__ import annotations

import json
from datetime import date

from app.config import StageLimits
from app.services.metrics import Figures, SeriesPoint, Stage
from app.web.components import charts


def _point(day: int, met: int, missed: int, pending: int = 0) -> SeriesPoint:
    stage = Stage(met, missed, pending)
    return SeriesPoint(date(2026, 11, day), Figures(count=met + missed + pending, respond=stage, arrive=stage,
                                                    dispose=stage), {})  # fmt: skip


def test_partial_bucket_is_provisional_not_part_of_the_line():
    points = [_point(20, 80, 20), _point(21, 70, 30), _point(22, 9, 1, pending=40)]  # the 22nd: today, partial
    fig = charts.rates_figure(points, StageLimits())
    json.dumps(fig, default=str)  # plain JSON
    lines = [t for t in fig["data"] if t.get("showlegend", True)]
    provisional = [t for t in fig["data"] if t.get("showlegend") is False]
    assert len(lines) == len(provisional) == 3
    assert lines[0]["x"] == [date(2026, 11, 20), date(2026, 11, 21)] and lines[0]["y"] == [80.0, 70.0]
    # Dotted on from the last complete day to today's provisional 90 %, with its pending count.
    assert provisional[0]["x"] == [date(2026, 11, 21), date(2026, 11, 22)]
    assert provisional[0]["y"] == [70.0, 90.0] and provisional[0]["customdata"] == [0, 40]
    assert provisional[0]["line"]["dash"] == "dot" and provisional[0]["marker"]["symbol"] == "circle-open"


def test_complete_buckets_draw_one_line_per_stage_and_the_target():
    fig = charts.rates_figure([_point(20, 80, 20), _point(21, 70, 30)], StageLimits())
    assert len(fig["data"]) == 3 and fig["layout"]["shapes"][0]["y0"] == StageLimits().target_rate * 100
    assert fig["layout"]["yaxis"]["gridcolor"] and fig["layout"]["xaxis"]["gridcolor"]


def test_partial_bucket_durations_are_markers_off_the_lines():
    from app.services.metrics import Durations

    q = dict.fromkeys(("respond", "arrive", "dispose"), 5.0)
    items = [Durations(date(2026, 11, d), q, q) for d in (20, 21, 22)]
    fig = charts.durations_figure(items, StageLimits(), frozenset({date(2026, 11, 22)}))
    lines = [t for t in fig["data"] if t.get("showlegend", True)]
    marks = [t for t in fig["data"] if t.get("showlegend") is False]
    assert len(lines) == len(marks) == 6
    assert all(date(2026, 11, 22) not in t["x"] for t in lines)
    assert all(t["x"] == [date(2026, 11, 22)] and t["mode"] == "markers" for t in marks)


def test_todays_bucket_is_partial_even_without_pending_stages():
    from app.web.pages.performance import bucket_of

    assert bucket_of(date(2026, 11, 23), "week") == date(2026, 11, 23)  # a Monday
    assert bucket_of(date(2026, 11, 22), "week") == date(2026, 11, 16)
    assert bucket_of(date(2026, 11, 22), "month") == date(2026, 11, 1)
    points = [_point(20, 80, 20), _point(21, 70, 30), _point(22, 2, 0)]
    fig = charts.rates_figure(points, StageLimits(), frozenset({date(2026, 11, 22)}))
    line = fig["data"][0]
    assert line["x"] == [date(2026, 11, 20), date(2026, 11, 21)]
    assert fig["data"][1]["x"] == [date(2026, 11, 21), date(2026, 11, 22)] and fig["data"][1]["y"][-1] == 100.0


def test_names_from_the_data_are_plotly_text_not_tags():
    from app.domain.taxonomy import DEFAULT
    from app.services.metrics import Escalation

    figures = _point(20, 8, 2).figures
    fig = charts.areas_figure({"A01": figures}, {"A01": "<b>西片</b> & <a href='x'>"}, StageLimits())
    assert fig["data"][0]["x"] == ["&lt;b&gt;西片&lt;/b&gt; &amp; &lt;a href='x'&gt;"]
    fig = charts.volume_figure([SeriesPoint(date(2026, 11, 20), figures, {"<i>x</i>": 3})], DEFAULT)
    assert fig["data"][0]["name"] == "&lt;i&gt;x&lt;/i&gt;"
    none = dict.fromkeys(("respond", "arrive", "dispose"))
    fig = charts.escalations_figure([Escalation("<br>", 2, none, Stage(1, 1, 0))], DEFAULT)
    assert fig["data"][0]["y"] == ["&lt;br&gt;"]
