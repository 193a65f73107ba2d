"""GET /api/incidents: the incidents of any filter (the URL filters of README "Pages").

GeoJSON FeatureCollection with `total` (all matches) and at most `limit` features (default 1000, at most
10000), newest first, `offset` to page; or `format=csv`, streaming every match as UTF-8 CSV with a BOM
(so Excel shows Chinese). `bbox=west,south,east,north` restricts to a box.
"""

from __future__ import annotations

from datetime import datetime

import flask

from app.domain import params
from app.export.formats import csv_chunks, cursor_batches
from app.geo.geojson import point_feature
from app.services import mapdata, metrics
from app.services.mapdata import INCIDENT_COLUMNS
from app.web import context
from app.web.api import limits

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
CSV_BATCH = 20_000


def _value(v):
    return v.isoformat(sep=" ") if isinstance(v, datetime) else v


def _feature(row: tuple) -> dict:
    """One incident; one kept without a place (a geocoder's default point) has a null geometry."""
    props = {c: _value(v) for c, v in zip(INCIDENT_COLUMNS, row, strict=True) if c not in ("lon", "lat")}
    return point_feature(row[-2], row[-1], **props)


def _csv(db, scope: metrics.Scope, bbox) -> limits.GuardedStream:
    """Every match as CSV, a data export like GET /api/export/data's: one of the export slots (429 when none is
    free), ended when the client stops reading."""
    release = limits.take_export_slot()
    cur = None
    try:
        # Its own cursor: the response streams after this request's thread-local cursor is reused.
        cur = db.new_cursor()
        page_params = mapdata.incidents_page_params(db, scope, limit=10**12, offset=0, bbox=bbox)
        db.queries["map/incidents_page"].execute(cur, **page_params)
    except BaseException:
        if cur is not None:
            cur.close()
        release()
        raise

    def done() -> None:  # the cursor closes even when the client left before the first row was read
        cur.close()
        release()

    chunks = csv_chunks(INCIDENT_COLUMNS, cursor_batches(cur, CSV_BATCH), None)
    return limits.GuardedStream(chunks, done, what="incidents CSV")


def view() -> flask.Response:
    args = flask.request.args
    filters = context.request_filters(args.to_dict(flat=False))
    bbox = params.bbox("bbox", args.get("bbox"))
    fmt = params.choice("format", args.get("format"), "geojson", ("geojson", "csv"))
    limit = params.whole_number("limit", args.get("limit"), DEFAULT_LIMIT, 0, MAX_LIMIT)
    offset = params.whole_number("offset", args.get("offset"), 0, 0, 10**9)
    ctx = context.current()
    scope = metrics.make_scope(ctx.db, filters, ctx.settings.stage_limits, raw_only=True)
    if fmt == "csv":
        chunks = _csv(ctx.db, scope, bbox)
        name = f"incidents_{scope.period.start}_{scope.period.end}.csv"
        return flask.Response(
            flask.stream_with_context(chunks),
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
