"""GET /api/health: status, data time and the dataset's headline counts, anonymous, for load balancers and
monitoring. It names no file, path or version: anyone may ask."""

from __future__ import annotations

import flask

from app.errors import AppError
from app.services import repo
from app.web import context


def health() -> flask.Response:
    """200 with the dataset's headline figures when the database answers; 503 otherwise, in the API's error
    shape plus `status` and `reason` (what load balancers and monitors read). The reason is the kind of failure
    only: a database's message may hold its file's path; the server's log has it whole."""
    try:
        ctx = context.current()
        summary = repo.town_summary(ctx.db)
    except Exception as exc:  # any failure to read is "unhealthy", reported, not raised
        flask.current_app.logger.warning("health: the database does not answer: %s", exc)
        reason = type(exc).__name__
        error = AppError(f"the database does not answer: {reason}", f"数据库无响应：{reason}", status=503)
        return flask.jsonify({**error.body(), "status": "error", "reason": reason}), 503
    return flask.jsonify(
        {
            "status": "ok",
            "dataset": summary.meta.get("dataset", ""),
            "synthetic": summary.meta.get("synthetic") == "true",
            "data_until": summary.meta.get("data_until"),
            "grids": summary.units_at(3),
            "stations": summary.stations,
            "incidents": summary.incidents,
            "open_incidents": summary.open_incidents,
        }
    )
