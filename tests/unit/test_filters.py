"""The shared filter model: parsing, errors naming the parameter, canonical URLs, periods, SQL parameters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.config import StageLimits
from app.domain.filters import (
    Filters,
    Period,
    date_window,
    parse_filters,
    parse_filters_lenient,
    resolve_period,
    sql_params,
)
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.errors import ParamError


def test_parse_reads_every_design_parameter():
    f = parse_filters(
        "area=A02,A01&grid=A01-C01-G01&from=2026-11-01&to=2026-11-22&layer=warning&category=flood,noise"
        "&status=overdue&source=hotline&severity=3,1&layers=grids,stations"
    )
    assert f.areas == ("A01", "A02")
    assert f.grids == ("A01-C01-G01",)
    assert (f.date_from, f.date_to) == (date(2026, 11, 1), date(2026, 11, 22))
    assert f.incident_layers == ("warning",) and f.categories == ("flood", "noise")
    assert f.statuses == ("overdue",) and f.sources == ("hotline",) and f.severities == (1, 3)
    assert f.map_layers == ("grids", "stations")


def test_mapping_with_lists_and_query_string_agree():
    from_dict = parse_filters({"area": ["A01", "A02"], "severity": "2", "grain": "week"})
    assert from_dict == parse_filters("?area=A01,A02&severity=2&grain=week")


def test_empty_query_is_everything():
    assert parse_filters("") == Filters() and parse_filters(None) == Filters()
    assert parse_filters("area=&category=") == Filters()


@pytest.mark.parametrize(
    ("query", "param", "value"),
    [
        ("category=flood,volcano", "category", "volcano"),
        ("status=late", "status", "late"),
        ("severity=5", "severity", "5"),
        ("from=2026-13-01", "from", "2026-13-01"),
        ("to=20261122", "to", "20261122"),
        ("area=A01;DROP", "area", "A01;DROP"),
        ("source=fax", "source", "fax"),
        ("layer=roads", "layer", "roads"),
    ],
)
def test_bad_values_name_the_parameter_and_value(query, param, value):
    with pytest.raises(ParamError) as err:
        parse_filters(query, DEFAULT_TAXONOMY)
    assert (err.value.param, err.value.value) == (param, value)
    assert param in str(err.value) and value in str(err.value)


def test_pages_read_any_towns_codes_by_their_form():
    assert parse_filters("category=illegal_vending").categories == ("illegal_vending",)
    with pytest.raises(ParamError, match="not a code"):
        parse_filters("category=Bad Code")
    with pytest.raises(ParamError, match="expected one of"):
        parse_filters("category=illegal_vending", DEFAULT_TAXONOMY)


def test_lenient_parse_keeps_good_parameters_and_reports_bad_ones():
    f, errors = parse_filters_lenient("area=A01&severity=9&from=2026-11-30&to=2026-11-01")
    assert f.areas == ("A01",) and f.severities == ()
    assert [e.param for e in errors] == ["severity", "from"]
    assert f.date_from is None and f.date_to == date(2026, 11, 1)


@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_dates_outside_the_window_are_refused_naming_the_parameter(param, value):
    with pytest.raises(ParamError, match="from 2000-01-01") as err:
        parse_filters(f"{param}={value}")
    assert (err.value.param, err.value.value) == (param, value)
    f, errors = parse_filters_lenient(f"area=A01&{param}={value}")  # pages: the date is left out
    assert f == Filters(areas=("A01",)) and [e.param for e in errors] == [param]


def test_the_window_runs_from_2000_to_a_year_after_today():
    first, last = date_window()
    assert first == date(2000, 1, 1) and last == date.today() + timedelta(days=366)
    assert parse_filters(f"from=2000-01-01&to={last}").date_to == last
    assert date_window(date(2026, 12, 7)) == (date(2000, 1, 1), date(2027, 12, 8))


def test_to_query_is_canonical_and_round_trips():
    f = parse_filters("source=iot&area=A02,A01,A01&to=2026-11-22&from=2026-11-01")
    assert f.to_query() == "area=A01,A02&from=2026-11-01&to=2026-11-22&source=iot"
    assert parse_filters(f.to_query()) == f
    assert Filters().to_query() == ""


def test_period_defaults_to_30_days_up_to_the_datasets_today():
    today = date(2026, 11, 22)
    p = resolve_period(Filters(), today)
    assert (p.start, p.end, p.days) == (date(2026, 10, 24), today, 30)
    assert p.previous() == Period(date(2026, 9, 24), date(2026, 10, 23))
    only_from = resolve_period(Filters(date_from=date(2026, 11, 20)), today)
    assert (only_from.start, only_from.end) == (date(2026, 11, 20), today)
    one_day = resolve_period(Filters(date_from=today, date_to=today), today)
    assert one_day.days == 1 and one_day.stop == date(2026, 11, 23) and one_day.previous().start == date(2026, 11, 21)


def test_sql_params_are_lists_and_seconds():
    f = parse_filters("area=A01&severity=2")
    p = sql_params(f, Period(date(2026, 11, 1), date(2026, 11, 22)), datetime(2026, 11, 22, 16), StageLimits())
    assert p["areas"] == ["A01"] and p["severities"] == [2] and p["categories"] == []
    assert (p["from_day"], p["to_day"]) == (date(2026, 11, 1), date(2026, 11, 23))
    assert (p["respond_s"], p["arrive_s"], p["dispose_s"]) == (300, 900, 1800)


def test_filters_needing_raw_rows():
    assert not parse_filters("area=A01&category=noise&source=iot&layer=warning").needs_raw_rows
    assert parse_filters("grid=A01-C01").needs_raw_rows
    assert parse_filters("severity=4").needs_raw_rows and parse_filters("status=open").needs_raw_rows
