"""HTTP exports: GET /api/export/data (a layer of the filter as CSV, XLSX or GeoJSON, streamed) and
GET /api/export/snapshot (the page's view as PNG or PDF). Same filter parameters as the pages' URLs.

Data: `dataset=incidents|grids|stations|coverage` (`layer` is the incident-layer filter, as everywhere),
`format=csv|xlsx|geojson`, the URL filters (README "Pages"), and `minutes` for the coverage table.
Snapshot: `page=map|coverage`, the page's URL state, `title`, `format=png|pdf`, `scale=1|2`,
`paper=A4|A3`, `width`/`height` (PNG pixels). 400 names a bad parameter.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import flask

from app.domain import params
from app.domain.view import DEFAULT_MINUTES
from app.errors import AppError
from app.export import data, log
from app.export.formats import FORMATS
from app.export.snapshot import SnapshotSpec, SnapshotWorker
from app.web import auth, context

_WORKER_KEY = "gridscope_snapshot_worker"
SHEET_PARAMS = ("page", "title", "format", "scale", "paper", "width", "height")


def register(server: flask.Flask) -> None:
    server.add_url_rule("/api/export/data", "api_export_data", data_view)
    server.add_url_rule("/api/export/snapshot", "api_export_snapshot", snapshot_view)
    server.add_url_rule("/api/export/areas", "api_export_areas", areas_view)
    server.add_url_rule("/api/export/log", "api_export_log", log_view)


def log_view() -> flask.Response:
    """The latest exports (export_log), newest first; `limit` 1-1000, default 50."""
    limit = params.whole_number("limit", flask.request.args.get("limit"), 50, 1, 1000)
    rows = log.recent(context.current().db, limit)
    for r in rows:
        r["exported_at"] = r["exported_at"].isoformat(sep=" ", timespec="seconds")
    return flask.jsonify({"exports": rows})


def areas_view() -> flask.Response:
    """The functional areas (id, name): what `gridscope export snapshot --each-area` makes one file for."""
    from app.services import coverage

    areas = coverage.areas(context.current().db)
    return flask.jsonify({"areas": [{"area_id": a, "name": n} for a, n in areas]})


def _attachment(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(name)}"


def data_view() -> flask.Response:
    args = flask.request.args
    filters = context.request_filters(args.to_dict(flat=False))
    minutes = params.whole_number("minutes", args.get("minutes"), DEFAULT_MINUTES, 1, 60)
    req = data.DataRequest(args.get("dataset", "incidents"), args.get("format", "csv"), filters, minutes).check()
    ctx = context.current()
    data.check_fits(ctx.db, ctx.settings, req)
    name = req.file_name(ctx.db, ctx.settings)
    return flask.Response(
        flask.stream_with_context(data.stream(ctx.db, ctx.settings, req)),
        mimetype=FORMATS[req.fmt].mimetype,
        headers={"Content-Disposition": _attachment(name)},
    )


def _worker(server: flask.Flask) -> SnapshotWorker:
    worker = server.extensions.get(_WORKER_KEY)
    if worker is None:
        worker = server.extensions.setdefault(_WORKER_KEY, SnapshotWorker(headers=auth.internal_headers(server)))
    return worker


def spec_from_args(args) -> SnapshotSpec:
    """The snapshot a request asks for; ParamError (a SnapshotError from its check) names what is wrong."""
    view = urlencode([(k, v) for k, v in args.items(multi=True) if k not in SHEET_PARAMS], safe=",")
    return SnapshotSpec(
        page=args.get("page", "map"),
        query=view,
        fmt=args.get("format", "png"),
        title=args.get("title", "").strip()[:120],
        width=params.whole_number("width", args.get("width"), 1600, 0, 10**6),
        height=params.whole_number("height", args.get("height"), 1000, 0, 10**6),
        scale=params.number("scale", args.get("scale"), 1.0, 0.0, 10.0),
        paper=args.get("paper", "A4").upper(),
    ).check()


def _own_address(settings) -> str:
    """Where the snapshot browser finds this app: the server's own address, never the request's Host."""
    if not settings.server_base_url:
        raise AppError(
            "snapshots need the server's own address: start it with gridscope serve, or set [server] base_url",
            "快照需要服务器自身地址：请用 gridscope serve 启动，或在设置文件 [server] base_url 中填写",
            status=503,
        )
    return settings.server_base_url + "/"


def snapshot_view() -> flask.Response:
    spec = spec_from_args(flask.request.args)
    ctx = context.current()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gridscope-snapshot-") as tmp:
        out = Path(tmp) / f"snapshot{spec.file_suffix()}"
        job = _worker(flask.current_app._get_current_object()).submit(_own_address(ctx.settings), spec, out)
        try:
            job.result(timeout=120)
        except Exception as exc:  # the browser failed or timed out: say so, as JSON like every API error
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise AppError(f"snapshot failed: {reason}", f"快照生成失败：{reason}", status=500) from exc
        body = out.read_bytes()
    log.record_snapshot(ctx.db, spec, size=len(body), seconds=time.perf_counter() - start, via="http")
    name = f"{spec.page}_snapshot{spec.file_suffix()}"
    mimetype = "image/png" if spec.fmt == "png" else "application/pdf"
    return flask.Response(body, mimetype=mimetype, headers={"Content-Disposition": _attachment(name)})
