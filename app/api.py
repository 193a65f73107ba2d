"""HTTP endpoints under /api on the Dash app's Flask server."""

from __future__ import annotations

import json
import threading

import flask

from app import __version__, api_incidents, api_metrics, api_wall
from app.data import context, repo
from app.export import api as export_api
from app.ingest import live


def register(server: flask.Flask) -> None:
    server.add_url_rule("/api/health", "api_health", health)
    server.add_url_rule("/api/metrics", "api_metrics", api_metrics.view)
    server.add_url_rule("/api/wall", "api_wall", api_wall.live_view)
    server.add_url_rule("/api/wall/static", "api_wall_static", api_wall.static_view)
    server.add_url_rule("/api/incidents", "api_incidents", api_incidents.view, methods=["GET"])
    server.add_url_rule("/api/incidents", "api_post_incidents", post_incidents, methods=["POST"])
    server.add_url_rule(
        "/api/incidents/<incident_id>/events", "api_post_events", post_incident_events, methods=["POST"]
    )
    export_api.register(server)


def health() -> flask.Response:
    """200 with the dataset's headline figures when the database answers, 503 with the reason otherwise."""
    try:
        ctx = context.current()
        summary = repo.town_summary(ctx.db)
    except Exception as exc:  # any failure to read is "unhealthy", reported, not raised
        return flask.jsonify({"status": "error", "reason": str(exc).splitlines()[0]}), 503
    return flask.jsonify(
        {
            "status": "ok",
            "version": __version__,
            "database": str(ctx.settings.db_path),
            "dataset": summary.meta.get("dataset", ""),
            "synthetic": summary.meta.get("synthetic") == "true",
            "data_until": summary.meta.get("data_until"),
            "grids": summary.units_at(3),
            "stations": summary.stations,
            "incidents": summary.incidents,
            "open_incidents": summary.open_incidents,
        }
    )


_WRITER_KEY = "gridscope_ingest_writer"
_writer_lock = threading.Lock()


def _ingest_body() -> object:
    """The checked JSON body of an ingest request; raises ApiError (token, size, JSON)."""
    live.check_token(flask.request.headers.get("Authorization"))
    live.check_size(flask.request.content_length, b"")
    body = flask.request.stream.read(live.MAX_BODY_BYTES + 1)
    live.check_size(None, body)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise live.ApiError(400, "请求体不是有效的 JSON", f"the body is not valid JSON: {exc}") from None


def _writer(server: flask.Flask) -> live.IncidentWriter:
    with _writer_lock:
        writer = server.extensions.get(_WRITER_KEY)
        if writer is None:
            writer = live.IncidentWriter(context.current().db)
            server.extensions[_WRITER_KEY] = writer
        return writer


def ingest_writer(server: flask.Flask) -> live.IncidentWriter:
    """The server's one incident writer (the live simulation posts through it too)."""
    with server.app_context():
        return _writer(server)


def post_incidents() -> flask.Response:
    """Create incidents (one JSON object or a list); per-item results; idempotent on incident_id."""
    try:
        items = live.as_items(_ingest_body())
        crs = live.parse_crs(flask.request.args.get("crs"))
        results = _writer(flask.current_app).submit(items, crs)
    except live.ApiError as exc:
        return flask.jsonify(exc.body()), exc.status
    accepted = sum(r["result"] != "rejected" for r in results)
    counts = {k: sum(r["result"] == k for r in results) for k in ("inserted", "updated", "unchanged", "rejected")}
    status = 200 if accepted or not results else 422
    return flask.jsonify({**counts, "results": results}), status


def post_incident_events(incident_id: str) -> flask.Response:
    """Add lifecycle events (one object or a list: status, at, note, actor) to one incident, all or nothing."""
    try:
        payload = _ingest_body()
        results = live.post_events(context.current().db, incident_id, payload)
    except live.ApiError as exc:
        return flask.jsonify(exc.body()), exc.status
    return flask.jsonify({"incident_id": incident_id, "results": results}), 200
