"""HTTP exports: GET /api/export/data (a layer of the filter as CSV, XLSX or GeoJSON, streamed) and
GET /api/export/snapshot (the page's view as PNG or PDF). Same filter parameters as the pages' URLs.

Data: `dataset=incidents|grids|stations|coverage` (`layer` is the incident-layer filter, as everywhere),
`format=csv|xlsx|geojson`, the DESIGN §5 filters, and `minutes` for the coverage table.
Snapshot: `page=map|coverage`, the page's URL state, `title`, `format=png|pdf`, `scale=1|2`,
`paper=A4|A3`, `width`/`height` (PNG pixels). 400 names a bad parameter.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import flask

from app.data import context
from app.export import data, log
from app.export.formats import FORMATS, ExportTooLarge
from app.export.layers import DEFAULT_MINUTES
from app.export.snapshot import SnapshotError, SnapshotSpec, SnapshotWorker
from app.filters import FilterError, parse_filters

_WORKER_KEY = "gridscope_snapshot_worker"
SHEET_PARAMS = ("page", "title", "format", "scale", "paper", "width", "height")


def register(server: flask.Flask) -> None:
    server.add_url_rule("/api/export/data", "api_export_data", data_view)
    server.add_url_rule("/api/export/snapshot", "api_export_snapshot", snapshot_view)
    server.add_url_rule("/api/export/areas", "api_export_areas", areas_view)
    server.add_url_rule("/api/export/log", "api_export_log", log_view)


def log_view() -> flask.Response:
    """The latest exports (export_log), newest first; `limit` 1-1000, default 50."""
    raw = flask.request.args.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= 1000:
        return _bad("limit", raw, "expected 1..1000")
    rows = log.recent(context.current().db, int(raw))
    for r in rows:
        r["exported_at"] = r["exported_at"].isoformat(sep=" ", timespec="seconds")
    return flask.jsonify({"exports": rows})


def areas_view() -> flask.Response:
    """The functional areas (id, name): what `gridscope export snapshot --each-area` makes one file for."""
    from app.data import coverage

    areas = coverage.areas(context.current().db)
    return flask.jsonify({"areas": [{"area_id": a, "name": n} for a, n in areas]})


def _bad(param: str, value: str, reason: str) -> flask.Response:
    error = f"bad value {value!r} for parameter {param!r}: {reason}"
    return flask.jsonify({"error": error, "param": param, "value": value}), 400


def _attachment(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(name)}"


def _minutes(raw: str | None) -> int:
    if not raw:
        return DEFAULT_MINUTES
    value = int(raw)
    if not 1 <= value <= 60:
        raise ValueError(raw)
    return value


def data_view() -> flask.Response:
    args = flask.request.args
    try:
        filters = parse_filters(args.to_dict(flat=False))
    except FilterError as exc:
        return _bad(exc.param, exc.value, exc.reason)
    try:
        minutes = _minutes(args.get("minutes"))
    except ValueError:
        return _bad("minutes", args.get("minutes", ""), "expected whole minutes 1-60")
    req = data.DataRequest(args.get("dataset", "incidents"), args.get("format", "csv"), filters, minutes)
    try:
        req.check()
    except data.ExportRequestError as exc:
        param = "dataset" if exc.param == "layer" else exc.param
        return _bad(param, exc.value, str(exc).split(": ", 1)[1])
    ctx = context.current()
    try:
        data.check_fits(ctx.db, ctx.settings, req)
    except ExportTooLarge as exc:
        return _bad("format", "xlsx", str(exc))
    name = req.file_name(ctx.db, ctx.settings)
    return flask.Response(
        flask.stream_with_context(data.stream(ctx.db, ctx.settings, req)),
        mimetype=FORMATS[req.fmt].mimetype,
        headers={"Content-Disposition": _attachment(name)},
    )


def _worker(server: flask.Flask) -> SnapshotWorker:
    worker = server.extensions.get(_WORKER_KEY)
    if worker is None:
        worker = server.extensions.setdefault(_WORKER_KEY, SnapshotWorker())
    return worker


def spec_from_args(args) -> SnapshotSpec:
    """The snapshot a request asks for; SnapshotError (or ValueError) names what is wrong."""
    view = urlencode([(k, v) for k, v in args.items(multi=True) if k not in SHEET_PARAMS], safe=",")
    fmt = args.get("format", "png")
    try:
        scale = float(args.get("scale", "1"))
        width, height = int(args.get("width", "1600")), int(args.get("height", "1000"))
    except ValueError as exc:
        raise SnapshotError(f"scale, width and height must be numbers: {exc}") from None
    return SnapshotSpec(
        page=args.get("page", "map"),
        query=view,
        fmt=fmt,
        title=args.get("title", "").strip()[:120],
        width=width,
        height=height,
        scale=scale,
        paper=args.get("paper", "A4").upper(),
    ).check()


def snapshot_view() -> flask.Response:
    try:
        spec = spec_from_args(flask.request.args)
    except SnapshotError as exc:
        return flask.jsonify({"error": str(exc)}), 400
    ctx = context.current()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gridscope-snapshot-") as tmp:
        out = Path(tmp) / f"snapshot{spec.file_suffix()}"
        job = _worker(flask.current_app._get_current_object()).submit(flask.request.host_url, spec, out)
        try:
            job.result(timeout=120)
        except Exception as exc:  # the browser failed or timed out: say so, as JSON like every API error
            return flask.jsonify({"error": f"snapshot failed: {str(exc).splitlines()[0]}"}), 500
        body = out.read_bytes()
    log.record_snapshot(ctx.db, spec, size=len(body), seconds=time.perf_counter() - start, via="http")
    name = f"{spec.page}_snapshot{spec.file_suffix()}"
    mimetype = "image/png" if spec.fmt == "png" else "application/pdf"
    return flask.Response(body, mimetype=mimetype, headers={"Content-Disposition": _attachment(name)})
