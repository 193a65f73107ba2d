"""GET /api/metrics: the performance figures of any filter (the URL filters of README "Pages") as JSON."""

from __future__ import annotations

import flask

from app.services import metrics
from app.web import context


def view() -> flask.Response:
    filters = context.request_filters(flask.request.args.to_dict(flat=False))
    ctx = context.current()
    scope = metrics.make_scope(ctx.db, filters, ctx.settings.stage_limits)
    return flask.jsonify(metrics.report(ctx.db, scope))
