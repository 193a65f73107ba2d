"""GET /api/metrics: the performance figures of any filter (DESIGN §5 parameters) as JSON."""

from __future__ import annotations

from typing import Any

import flask

from app.data import context, metrics
from app.filters import FilterError, parse_filters


def payload(scope: metrics.Scope, db) -> dict[str, Any]:
    """The JSON body: this period's figures, the previous period's, open/overdue now and stage times."""
    cur, prev = metrics.summary(db, scope)
    open_n, overdue_n = metrics.open_now(db, scope)
    (whole,) = metrics.durations(db, scope, None)
    p = scope.period.previous()

    def figures(f: metrics.Figures) -> dict[str, Any]:
        return {
            "count": f.count,
            **{s: f.stage(s).as_dict() for s in metrics.STAGES},
            "closure_rate": f.closure_rate,
            "satisfaction": f.satisfaction,
            "escalated": f.escalated,
        }

    return {
        **figures(cur),
        "open": open_n,
        "overdue": overdue_n,
        "overdue_share": metrics.ratio(overdue_n, open_n),
        "stage_minutes": {s: {"p50": whole.p50[s], "p90": whole.p90[s]} for s in metrics.STAGES},
        "limits_minutes": {s: getattr(scope.limits, s) for s in metrics.STAGES},
        "period": {"from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()},
        "previous": {"from": p.start.isoformat(), "to": p.end.isoformat(), **figures(prev)},
        "data_until": scope.now.isoformat(sep=" "),
        "filters": scope.filters.to_query(),
    }


def view() -> flask.Response:
    try:
        filters = parse_filters(flask.request.args.to_dict(flat=False))
    except FilterError as exc:
        return flask.jsonify({"error": str(exc), "param": exc.param, "value": exc.value}), 400
    ctx = context.current()
    scope = metrics.make_scope(ctx.db, filters, ctx.settings.stage_limits)
    return flask.jsonify(payload(scope, ctx.db))
