"""GET /api/incidents: the incidents of any filter (DESIGN §5 parameters).

GeoJSON FeatureCollection with `total` (all matches) and at most `limit` features (default 1000, at most
10000), newest first, `offset` to page; or `format=csv`, streaming every match as UTF-8 CSV with a BOM
(so Excel shows Chinese). `bbox=west,south,east,north` restricts to a box.
"""

from __future__ import annotations

from datetime import datetime

import flask

from app.data import context, mapdata, metrics
from app.export.formats import csv_chunks, cursor_batches
from app.filters import FilterError, parse_filters

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
CSV_BATCH = 20_000
COLUMNS = (
    "incident_id",
    "layer",
    "category",
    "source",
    "severity",
    "status",
    "overdue",
    "reported_at",
    "responded_at",
    "arrived_at",
    "disposed_at",
    "closed_at",
    "escalated",
    "department",
    "satisfaction",
    "description",
    "address",
    "site_id",
    "grid_id",
    "area_id",
    "lon",
    "lat",
)


class BadParam(ValueError):
    def __init__(self, param: str, value: str, reason: str):
        super().__init__(f"bad value {value!r} for parameter {param!r}: {reason}")
        self.param, self.value = param, value


def _int(args, name: str, default: int, lo: int, hi: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParam(name, raw, "expected a whole number") from None
    if not lo <= value <= hi:
        raise BadParam(name, raw, f"expected {lo}..{hi}")
    return value


def parse_bbox(raw: str | None) -> mapdata.Bbox | None:
    if not raw:
        return None
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        raise BadParam("bbox", raw, "expected west,south,east,north in degrees") from None
    if not (west < east and south < north):
        raise BadParam("bbox", raw, "expected west < east and south < north")
    return west, south, east, north


def _value(v):
    return v.isoformat(sep=" ") if isinstance(v, datetime) else v


def _feature(row: tuple) -> dict:
    props = {c: _value(v) for c, v in zip(COLUMNS, row, strict=True) if c not in ("lon", "lat")}
    lon, lat = row[-2], row[-1]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def view() -> flask.Response:
    args = flask.request.args
    try:
        filters = parse_filters(args.to_dict(flat=False))
        bbox = parse_bbox(args.get("bbox"))
        fmt = args.get("format", "geojson")
        if fmt not in ("geojson", "csv"):
            raise BadParam("format", fmt, "expected geojson or csv")
        limit = _int(args, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
        offset = _int(args, "offset", 0, 0, 10**9)
    except (FilterError, BadParam) as exc:
        return flask.jsonify({"error": str(exc), "param": exc.param, "value": exc.value}), 400
    ctx = context.current()
    scope = metrics.make_scope(ctx.db, filters, ctx.settings.stage_limits, raw_only=True)
    if fmt == "csv":
        # Its own cursor: the response streams after this request's thread-local cursor is reused.
        cur = ctx.db.new_cursor()
        params = mapdata.incidents_page_params(ctx.db, scope, limit=10**12, offset=0, bbox=bbox)
        ctx.db.queries["map/incidents_page"].execute(cur, **params)
        name = f"incidents_{scope.period.start}_{scope.period.end}.csv"
        return flask.Response(
            flask.stream_with_context(csv_chunks(COLUMNS, cursor_batches(cur, CSV_BATCH), None)),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f"attachment; filename={name}"},
        )
    total = mapdata.incidents_total(ctx.db, scope, bbox)
    rows = mapdata.incidents_page(ctx.db, scope, limit, offset, bbox).fetchall() if limit else []
    return flask.jsonify(
        {
            "type": "FeatureCollection",
            "total": total,
            "returned": len(rows),
            "offset": offset,
            "limit": limit,
            "period": {"from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()},
            "filters": filters.to_query(),
            "features": [_feature(r) for r in rows],
        }
    )
