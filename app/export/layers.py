"""What can be exported as data: each layer runs one named query for a filter and says where its geometry is.

- incidents: exactly GET /api/incidents' rows for the same filter (same query, same scope), newest first.
- grids: level-3 grids of the filter with the filtered incidents' figures, residents and coverage.
- stations: the party-mass service stations of the filter's areas and grids.
- coverage: the coverage table of the filter's grids within `minutes` of walking (default 15).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.config import Settings
from app.data import mapdata, metrics
from app.data.db import Database
from app.export.formats import Geometry
from app.filters import Filters

BATCH = 20_000
DEFAULT_MINUTES = 15


@dataclass(frozen=True)
class Layer:
    name: str
    zh: str
    en: str
    geometry: Geometry


LAYERS: dict[str, Layer] = {
    "incidents": Layer("incidents", "事件", "Incidents", Geometry("lonlat", ("lon", "lat"))),
    "grids": Layer("grids", "网格及指标", "Grids with metrics", Geometry("wkb", ("geom",))),
    "stations": Layer("stations", "党群服务阵地", "Service stations", Geometry("lonlat", ("lon", "lat"))),
    "coverage": Layer("coverage", "生活圈覆盖表", "Coverage table", Geometry("wkb", ("geom",))),
}


@dataclass
class Rows:
    """An open result: its columns and its rows in batches; `count` grows as batches are read."""

    columns: tuple[str, ...]
    cursor: object
    geometry: Geometry
    count: int = 0

    def batches(self, size: int = BATCH) -> Iterator[list[tuple]]:
        try:
            while rows := self.cursor.fetchmany(size):
                self.count += len(rows)
                yield rows
        finally:
            self.cursor.close()


def scope_for(db: Database, settings: Settings, filters: Filters) -> metrics.Scope:
    """The scope GET /api/incidents uses, so an export has the rows the page and the API count."""
    return metrics.make_scope(db, filters, settings.stage_limits, raw_only=True)


def open_rows(db: Database, settings: Settings, layer: str, filters: Filters, minutes: int = DEFAULT_MINUTES) -> Rows:
    """Run the layer's query on a cursor of its own (it is read after the caller's thread moves on)."""
    spec = LAYERS[layer]
    scope = scope_for(db, settings, filters)
    cur = db.new_cursor()
    if layer == "incidents":
        params = mapdata.incidents_page_params(db, scope, limit=10**12)
        db.queries["map/incidents_page"].execute(cur, **params)
    else:
        name = f"export/{layer}"
        query = db.queries[name]
        values = scope.params() | {"minutes": minutes}
        query.execute(cur, **{k: v for k, v in values.items() if k in query.param_names})
    columns = tuple(d[0] for d in cur.description)
    return Rows(columns, cur, spec.geometry)


def count(db: Database, settings: Settings, layer: str, filters: Filters) -> int | None:
    """How many rows an incidents export will have (the page's and the API's count); None for other layers."""
    if layer != "incidents":
        return None
    return mapdata.incidents_total(db, scope_for(db, settings, filters))
