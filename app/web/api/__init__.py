"""HTTP endpoints under /api on the Dash app's Flask server: one module per endpoint group, registered here,
and the one error handler that answers every API error with the same JSON shape."""

from __future__ import annotations

import flask
from werkzeug.exceptions import HTTPException

from app.errors import AppError
from app.web.api import export, health, incidents, ingest, metrics, wall


def register(server: flask.Flask) -> None:
    server.add_url_rule("/api/health", "api_health", health.health)
    server.add_url_rule("/api/metrics", "api_metrics", metrics.view)
    server.add_url_rule("/api/wall", "api_wall", wall.live_view)
    server.add_url_rule("/api/wall/static", "api_wall_static", wall.static_view)
    server.add_url_rule("/api/incidents", "api_incidents", incidents.view, methods=["GET"])
    server.add_url_rule("/api/incidents", "api_post_incidents", ingest.post_incidents, methods=["POST"])
    server.add_url_rule(
        "/api/incidents/<incident_id>/events", "api_post_events", ingest.post_incident_events, methods=["POST"]
    )
    export.register(server)
    # Any other /api/… address is a missing endpoint, not a page for the Dash router to draw.
    server.add_url_rule("/api/<path:rest>", "api_unknown", unknown, methods=["GET", "POST"])
    server.register_error_handler(AppError, app_error)
    server.register_error_handler(HTTPException, http_error)


def unknown(rest: str) -> flask.Response:
    raise AppError(f"no endpoint /api/{rest}", f"没有这个接口：/api/{rest}", status=404)


def error_response(error: AppError) -> flask.Response:
    """`{"error", "error_zh", "param", "value"}` with the error's status and headers."""
    response = flask.jsonify(error.body())
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def app_error(error: AppError) -> flask.Response:
    return error_response(error)


def http_error(error: HTTPException) -> flask.Response | HTTPException:
    """Routing errors (404, 405, 413…) of /api/… in the API's shape; the pages keep Flask's own answer."""
    if not flask.request.path.startswith("/api/"):
        return error
    zh = {404: "没有这个接口", 405: "该接口不支持此请求方法", 413: "请求过大"}.get(error.code or 500, error.name)
    return error_response(AppError(f"{error.code} {error.name}: {error.description}", zh, status=error.code or 500))
