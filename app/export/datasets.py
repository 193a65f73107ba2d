"""What can be exported as data: each dataset runs one named query for a filter and says where its geometry is.

- incidents: exactly GET /api/incidents' rows for the same filter (same filter macro, same scope, same
  columns and order), newest first, read month by month so memory stays flat whatever the period.
- grids: level-3 grids of the filter with the filtered incidents' figures, residents and coverage.
- stations: the party-mass service stations of the filter's areas and grids.
- coverage: the coverage table of the filter's grids within `minutes` of walking (default 15).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from app.config import Settings
from app.domain.filters import Filters
from app.domain.view import DEFAULT_MINUTES
from app.export.formats import Geometry, cursor_batches
from app.services import mapdata, metrics
from app.services.mapdata import INCIDENT_COLUMNS
from app.store.db import Database

BATCH = 20_000


@dataclass(frozen=True)
class Dataset:
    name: str
    zh: str
    en: str
    geometry: Geometry


DATASETS: dict[str, Dataset] = {
    "incidents": Dataset("incidents", "事件", "Incidents", Geometry("lonlat", ("lon", "lat"))),
    "grids": Dataset("grids", "网格及指标", "Grids with metrics", Geometry("wkb", ("geom",))),
    "stations": Dataset("stations", "党群服务阵地", "Service stations", Geometry("lonlat", ("lon", "lat"))),
    "coverage": Dataset("coverage", "生活圈覆盖表", "Coverage table", Geometry("wkb", ("geom",))),
}


@dataclass
class Rows:
    """An open result: its columns and its rows in batches; `count` grows as batches are read.

    `csv_lines`: each row is one ready CSV line (a 1-tuple), for the CSV writer to join."""

    columns: tuple[str, ...]
    source: Iterator[list[tuple]]
    geometry: Geometry
    csv_lines: bool = False
    count: int = 0

    def batches(self) -> Iterator[list[tuple]]:
        for rows in self.source:
            self.count += len(rows)
            yield rows


def scope_for(db: Database, settings: Settings, filters: Filters) -> metrics.Scope:
    """The scope GET /api/incidents uses, so an export has the rows the page and the API count."""
    return metrics.make_scope(db, filters, settings.stage_limits, raw_only=True)


def month_windows(start: date, stop: date) -> list[tuple[date, date]]:
    """[start, stop) cut at month starts, newest first."""
    out, hi = [], stop
    while hi > start:
        lo = max(date(hi.year, hi.month, 1) if hi.day > 1 else (hi - timedelta(days=1)).replace(day=1), start)
        out.append((lo, hi))
        hi = lo
    return out


def _incidents(db: Database, scope: metrics.Scope, name: str, size: int) -> Iterator[list[tuple]]:
    """The filter's incidents newest first, one month window at a time: each window's sort is small."""
    query = db.queries[name]
    base = query.declared_of(scope.params())
    for lo, hi in month_windows(scope.period.start, scope.period.stop):
        cur = db.new_cursor()
        query.execute(cur, **(base | {"from_day": lo, "to_day": hi}))
        yield from cursor_batches(cur, size)


def open_rows(
    db: Database, settings: Settings, dataset: str, filters: Filters, minutes: int = DEFAULT_MINUTES, fmt: str = ""
) -> Rows:
    """The dataset's rows for a filter, read lazily on cursors of their own (read after the caller's thread
    moves on, when streamed). Incidents for CSV come as ready lines (export/incidents_csv)."""
    spec = DATASETS[dataset]
    scope = scope_for(db, settings, filters)
    if dataset == "incidents":
        lines = fmt == "csv"
        name = "export/incidents_csv" if lines else "export/incidents"
        return Rows(INCIDENT_COLUMNS, _incidents(db, scope, name, BATCH), spec.geometry, csv_lines=lines)
    query = db.queries[f"export/{dataset}"]
    cur = db.new_cursor()
    query.execute(cur, **query.declared_of(scope.params() | {"minutes": minutes}))
    columns = tuple(d[0] for d in cur.description)
    return Rows(columns, cursor_batches(cur, BATCH), spec.geometry)


def count(db: Database, settings: Settings, dataset: str, filters: Filters) -> int | None:
    """How many rows an incidents export will have (the page's and the API's count); None for other datasets."""
    if dataset != "incidents":
        return None
    return mapdata.incidents_total(db, scope_for(db, settings, filters))
