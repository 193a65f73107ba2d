"""The shared filter model: the URL filters (README "Pages") as a frozen, typed value.

`parse_filters` reads a query string or a mapping (bad values raise `ParamError` naming the parameter
and value — the API answers 400 with it, pages show it as a notice and ignore the value);
`Filters.to_query` writes the canonical query string back; `resolve_period` turns the optional dates
into a concrete period against the dataset's "now" (never the wall clock: a demo's now is its --now);
`sql_params` gives the DuckDB `$name` parameters every metric query takes. Lists are passed as DuckDB
lists and an empty list means "all" (`len($areas) = 0 OR list_contains($areas, area_id)`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlencode

from app.config import StageLimits
from app.domain import codes
from app.domain.taxonomy import Taxonomy
from app.errors import ParamError

STATUS_FILTERS = {
    "open": codes.Code("open", "未办结", "Open"),
    "overdue": codes.Code("overdue", "超时未办(51530)", "Overdue (51530)"),
    "closed": codes.Code("closed", "已办结", "Closed"),
}
SEVERITIES = (1, 2, 3, 4)
DEFAULT_DAYS = 30
# The dates a filter may name: from EARLIEST_DATE to LATEST_AHEAD after today (the server's clock). Beyond, a date
# is a typo or a probe, and period arithmetic near the year 9999 overflows; the API answers 400, pages ignore it.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=366)
# Ids of grids and map layers: letters, digits, '_', '-', '.'; nothing that could need quoting.
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# URL parameter → attribute, in canonical order.
PARAMS = {
    "area": "areas",
    "grid": "grids",
    "from": "date_from",
    "to": "date_to",
    "layer": "incident_layers",
    "category": "categories",
    "status": "statuses",
    "source": "sources",
    "severity": "severities",
    "layers": "map_layers",
}


@dataclass(frozen=True)
class Filters:
    areas: tuple[str, ...] = ()  # level-1 grid ids (functional areas)
    grids: tuple[str, ...] = ()  # community (level 2) or grid (level 3) ids
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    incident_layers: tuple[str, ...] = ()  # `layer`: warning, pain_point
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # open, overdue, closed
    sources: tuple[str, ...] = ()
    severities: tuple[int, ...] = ()
    map_layers: tuple[str, ...] = field(default=())  # `layers`: which map layers are shown, not a filter

    def to_query(self) -> str:
        """The canonical query string (parameters in README order, values sorted, empty ones left out)."""
        pairs = []
        for param, attr in PARAMS.items():
            value = getattr(self, attr)
            if isinstance(value, date):
                pairs.append((param, value.isoformat()))
            elif value:
                pairs.append((param, ",".join(str(v) for v in value)))
        return urlencode(pairs, safe=",")

    def replace(self, **changes) -> Filters:
        return replace(self, **changes)

    @property
    def needs_raw_rows(self) -> bool:
        """True when a filter uses a dimension the daily pre-aggregate does not keep."""
        return bool(self.grids or self.severities or self.statuses)


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def stop(self) -> date:
        """The day after the end: the exclusive bound SQL takes."""
        return self.end + timedelta(days=1)

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def _values(raw: str) -> list[str]:
    return [v.strip() for v in raw.split(",") if v.strip()]


def _codes(param: str, raw: str, allowed: Mapping[str, object]) -> tuple[str, ...]:
    out = []
    for v in _values(raw):
        if v not in allowed:
            raise ParamError(param, v, f"expected one of {', '.join(allowed)}")
        if v not in out:
            out.append(v)
    return tuple(sorted(out))


def _ids(param: str, raw: str) -> tuple[str, ...]:
    out = []
    for v in _values(raw):
        if not _ID.match(v):
            raise ParamError(param, v, "not an id (letters, digits, '_', '-', '.')")
        if v not in out:
            out.append(v)
    return tuple(sorted(out))


def date_window(today: date | None = None) -> tuple[date, date]:
    """The first and last day a filter may name (both included), for `today` (default: the server's)."""
    return EARLIEST_DATE, (today or date.today()) + LATEST_AHEAD


def _date(param: str, raw: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        if len(raw) != 10:  # fromisoformat also takes 20261122 and week dates; the URL form is one
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        raise ParamError(param, raw, "expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD") from None
    first, last = date_window()
    if not first <= value <= last:
        raise ParamError(param, raw, f"expected a date from {first} to {last}", f"日期应在 {first} 至 {last} 之间")
    return value


def _severities(param: str, raw: str) -> tuple[int, ...]:
    out = set()
    for v in _values(raw):
        if v not in {str(s) for s in SEVERITIES}:
            raise ParamError(param, v, "expected a severity 1, 2, 3 or 4")
        out.add(int(v))
    return tuple(sorted(out))


def _town_codes(param: str, raw: str, allowed: Mapping[str, object] | None) -> tuple[str, ...]:
    """Codes of the town's taxonomy: checked against it when given (the API), else only for their form (pages
    read any town's codes; an unknown one matches nothing)."""
    if allowed is not None:
        return _codes(param, raw, allowed)
    for v in _values(raw):
        if not _CODE.match(v):
            raise ParamError(param, v, "not a code (lower-case letters, digits and '_')")
    return tuple(sorted(set(_values(raw))))


def _parsers(town: Taxonomy | None) -> dict:
    return {
        "area": _ids,
        "grid": _ids,
        "from": _date,
        "to": _date,
        "layer": lambda p, r: _codes(p, r, codes.INCIDENT_LAYERS),
        "category": lambda p, r: _town_codes(p, r, None if town is None else town.categories),
        "status": lambda p, r: _codes(p, r, STATUS_FILTERS),
        "source": lambda p, r: _town_codes(p, r, None if town is None else town.sources),
        "severity": _severities,
        "layers": _ids,
    }


def _as_mapping(query: str | Mapping[str, object] | None) -> dict[str, str]:
    if query is None:
        return {}
    if isinstance(query, str):
        return {k: ",".join(v) for k, v in parse_qs(query.lstrip("?"), keep_blank_values=True).items()}
    out = {}
    for k, v in query.items():
        out[k] = ",".join(str(x) for x in v) if isinstance(v, list | tuple) else ("" if v is None else str(v))
    return out


def parse_filters_lenient(
    query: str | Mapping[str, object] | None, town: Taxonomy | None = None
) -> tuple[Filters, list[ParamError]]:
    """Filters from a query string or mapping; each bad parameter is left out and returned as an error.

    Parameters that are not filters (a page's own view state) are ignored. Categories and sources are checked
    against `town` when given, else only for their form.
    """
    parsers = _parsers(town)
    raw = _as_mapping(query)
    values: dict[str, object] = {}
    errors: list[ParamError] = []
    for param, attr in PARAMS.items():
        if param not in raw:
            continue
        try:
            values[attr] = parsers[param](param, raw[param])
        except ParamError as exc:
            errors.append(exc)
    filters = Filters(**values)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors.append(ParamError("from", filters.date_from.isoformat(), "after 'to'"))
        filters = filters.replace(date_from=None)
    return filters, errors


def parse_filters(query: str | Mapping[str, object] | None, town: Taxonomy | None = None) -> Filters:
    """Filters from a query string or mapping; the first bad parameter raises ParamError (categories and
    sources checked against `town` when given)."""
    filters, errors = parse_filters_lenient(query, town)
    if errors:
        raise errors[0]
    return filters


def resolve_period(filters: Filters, today: date, default_days: int = DEFAULT_DAYS) -> Period:
    """The filter's period: missing `to` is the dataset's today, missing `from` gives `default_days` days."""
    end = filters.date_to or today
    start = filters.date_from or end - timedelta(days=default_days - 1)
    return Period(start, end)


def sql_params(filters: Filters, period: Period, now: datetime, limits: StageLimits) -> dict[str, object]:
    """The `$name` parameters shared by the metric queries (queries/metrics/*.sql)."""
    return {
        "areas": list(filters.areas),
        "grids": list(filters.grids),
        "layers": list(filters.incident_layers),
        "categories": list(filters.categories),
        "sources": list(filters.sources),
        "severities": list(filters.severities),
        "statuses": list(filters.statuses),
        "from_day": period.start,
        "to_day": period.stop,
        "now_ts": now,
        "respond_s": limits.respond * 60,
        "arrive_s": limits.arrive * 60,
        "dispose_s": limits.dispose * 60,
    }
