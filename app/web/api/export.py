"""HTTP exports: GET /api/export/data (a layer of the filter as CSV, XLSX or GeoJSON, streamed) and
GET /api/export/snapshot (the page's view as PNG or PDF). Same filter parameters as the pages' URLs.

Data: `dataset=incidents|grids|stations|coverage` (`layer` is the incident-layer filter, as everywhere),
`format=csv|xlsx|geojson`, the URL filters (README "Pages"), and `minutes` for the coverage table.
Snapshot: `page=map|coverage`, the page's URL state, `title`, `format=png|pdf`, `scale=1|2`,
`paper=A4|A3`, `width`/`height` (PNG pixels, at most 40 megapixels with the scale). 400 names a bad
parameter; 429 (with Retry-After) when the snapshot queue is full or a turn did not come in time; 504 when the
render timed out (app.export.render_queue). GET /api/export/queue: the queue now.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import flask

from app.domain import params
from app.domain.view import DEFAULT_MINUTES
from app.errors import AppError
from app.export import data, log
from app.export.formats import FORMATS
from app.export.render_queue import QueueLimits, RenderQueue
from app.export.snapshot import SnapshotSpec
from app.web import auth, context
from app.web.api import limits

SNAPSHOT_QUEUE_KEY = "gridscope_snapshot_queue"
SHEET_PARAMS = ("page", "title", "format", "scale", "paper", "width", "height")


def register(server: flask.Flask) -> None:
    server.add_url_rule("/api/export/data", "api_export_data", data_view)
    server.add_url_rule("/api/export/snapshot", "api_export_snapshot", snapshot_view)
    server.add_url_rule("/api/export/queue", "api_export_queue", queue_view)
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
    """The export streamed; at most limits.MAX_DATA_EXPORTS at a time (429 beyond), ended when its client stops
    reading (app.web.api.limits)."""
    args = flask.request.args
    filters = context.request_filters(args.to_dict(flat=False))
    minutes = params.whole_number("minutes", args.get("minutes"), DEFAULT_MINUTES, 1, 60)
    req = data.DataRequest(args.get("dataset", "incidents"), args.get("format", "csv"), filters, minutes).check()
    ctx = context.current()
    release = limits.take_export_slot()
    try:
        data.check_fits(ctx.db, ctx.settings, req)
        name = req.file_name(ctx.db, ctx.settings)
        chunks = limits.GuardedStream(data.stream(ctx.db, ctx.settings, req), release, what=f"{req.dataset} export")
    except BaseException:
        release()
        raise
    return flask.Response(
        flask.stream_with_context(chunks),
        mimetype=FORMATS[req.fmt].mimetype,
        headers={"Content-Disposition": _attachment(name)},
    )


def snapshot_queue(server: flask.Flask) -> RenderQueue:
    """The app's snapshot queue (and its browser), made on first use with the settings' limits."""
    queue = server.extensions.get(SNAPSHOT_QUEUE_KEY)
    if queue is None:
        settings = context.current().settings
        limits = QueueLimits(
            renders=settings.snapshot_renders,
            waiting=settings.snapshot_queue,
            wait_seconds=settings.snapshot_wait_seconds,
            timeout_seconds=settings.snapshot_timeout_seconds,
        )
        tiles = (settings.basemap.tile_url,) if settings.basemap.tile_url else ()
        queue = server.extensions.setdefault(
            SNAPSHOT_QUEUE_KEY, RenderQueue(limits, also=tiles, headers=auth.internal_headers(server))
        )
    return queue


def queue_view() -> flask.Response:
    """The snapshot queue now: its limits, how many are drawn and wait, and the browser contexts open."""
    return flask.jsonify(snapshot_queue(flask.current_app).status())


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
    base_url = _own_address(ctx.settings)
    start = time.perf_counter()
    queue = snapshot_queue(flask.current_app)
    job = queue.submit(base_url, spec)  # SnapshotBusy (429) when full: answered at once
    # waitress tells when the client closed its connection (channel_request_lookahead, see factory.serve)
    gone = flask.request.environ.get("waitress.client_disconnected", lambda: False)
    try:
        body = queue.wait(job, gone)
    except AppError:
        raise
    except Exception as exc:  # the browser failed: say so, as JSON like every API error
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AppError(f"snapshot failed: {reason}", f"快照生成失败：{reason}", status=500) from exc
    if body is None:  # nobody to answer: the job was cancelled
        return flask.Response(status=499)
    log.record_snapshot(ctx.db, spec, size=len(body), seconds=time.perf_counter() - start, via="http")
    name = f"{spec.page}_snapshot{spec.file_suffix()}"
    mimetype = "image/png" if spec.fmt == "png" else "application/pdf"
    return flask.Response(body, mimetype=mimetype, headers={"Content-Disposition": _attachment(name)})
