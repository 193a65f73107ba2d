"""Live ingest: POST /api/incidents and POST /api/incidents/<id>/events (ingest tokens; idempotent on ids)."""

from __future__ import annotations

import json
import threading

import flask

from app.errors import AppError
from app.ingest import live
from app.web import context

_WRITER_KEY = "gridscope_ingest_writer"
_writer_lock = threading.Lock()


def _ingest_body() -> object:
    """The checked JSON body of an ingest request; raises AppError (size, JSON). Who may post was checked
    before (app/web/auth.py: an ingest or admin token, or `$GRIDSCOPE_INGEST_TOKEN`)."""
    live.check_size(flask.request.content_length, b"")
    body = flask.request.stream.read(live.MAX_BODY_BYTES + 1)
    live.check_size(None, body)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: JSON's, and a number of over 4,300 digits
        raise AppError(f"the body is not valid JSON: {exc}", "请求体不是有效的 JSON") from None
    except RecursionError:
        raise AppError("the body's JSON is nested too deeply", "请求体 JSON 嵌套层数过多") from None


def _writer(server: flask.Flask) -> live.IncidentWriter:
    with _writer_lock:
        writer = server.extensions.get(_WRITER_KEY)
        if writer is None:
            ctx = context.current()
            writer = live.IncidentWriter(ctx.db, ctx.settings)
            server.extensions[_WRITER_KEY] = writer
        return writer


def ingest_writer(server: flask.Flask) -> live.IncidentWriter:
    """The server's one incident writer (the live simulation posts through it too)."""
    with server.app_context():
        return _writer(server)


def post_incidents() -> flask.Response:
    """Create incidents (one JSON object or a list); per-item results; idempotent on incident_id."""
    items = live.as_items(_ingest_body())
    crs = live.parse_crs(flask.request.args.get("crs"))
    results = _writer(flask.current_app).submit(items, crs)
    accepted = sum(r["result"] != "rejected" for r in results)
    counts = {k: sum(r["result"] == k for r in results) for k in ("inserted", "updated", "unchanged", "rejected")}
    status = 200 if accepted or not results else 422
    return flask.jsonify({**counts, "results": results}), status


def post_incident_events(incident_id: str) -> flask.Response:
    """Add lifecycle events (one object or a list: status, at, note, actor) to one incident, all or nothing."""
    payload = _ingest_body()
    ctx = context.current()
    results = live.post_events(ctx.db, ctx.settings, incident_id, payload)
    return flask.jsonify({"incident_id": incident_id, "results": results}), 200
