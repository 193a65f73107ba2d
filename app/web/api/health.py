"""GET /api/health: the dataset's headline figures, anonymous, for load balancers and monitoring."""

from __future__ import annotations

import flask

from app import __version__
from app.errors import AppError
from app.services import repo
from app.web import context


def health() -> flask.Response:
    """200 with the dataset's headline figures when the database answers; 503 otherwise, in the API's error
    shape plus `status` and `reason` (what load balancers and monitors read)."""
    try:
        ctx = context.current()
        summary = repo.town_summary(ctx.db)
    except Exception as exc:  # any failure to read is "unhealthy", reported, not raised
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        error = AppError(f"the database does not answer: {reason}", f"数据库无响应：{reason}", status=503)
        return flask.jsonify({**error.body(), "status": "error", "reason": reason}), 503
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
