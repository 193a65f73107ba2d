"""GET /api/wall (what the wall display redraws on each refresh) and GET /api/wall/static (its fixed layers).

`area` is one functional-area id ('' or absent: the whole town); `lang` zh (default) or en. The static
layers are built once per language and kept for the life of the server: grids, roads and stations do not
change while it serves (imports of them run as their own process, which needs the database to itself).
"""

from __future__ import annotations

import threading

import flask

from app.data import context, wall
from app.filters import FilterError, parse_filters
from app.i18n import parse_lang

_STATIC_KEY = "gridscope_wall_static"
_lock = threading.Lock()


def _area(raw: str | None) -> str:
    ids = parse_filters({"area": raw or ""}).areas
    if len(ids) > 1:
        raise FilterError("area", raw or "", "the wall focuses on one functional area at a time")
    return ids[0] if ids else ""


def live_view() -> flask.Response:
    args = flask.request.args
    try:
        area = _area(args.get("area"))
    except FilterError as exc:
        return flask.jsonify({"error": str(exc), "param": exc.param, "value": exc.value}), 400
    ctx = context.current()
    try:
        body = wall.live(ctx.db, ctx.settings, area, parse_lang(args.get("lang")))
    except Exception as exc:  # the wall keeps its last good view; it needs a reason, not a traceback page
        return flask.jsonify({"error": str(exc).splitlines()[0]}), 503
    response = flask.jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def static_view() -> flask.Response:
    lang = parse_lang(flask.request.args.get("lang"))
    ctx = context.current()
    server = flask.current_app
    with _lock:
        cache = server.extensions.setdefault(_STATIC_KEY, {})
        if lang not in cache:
            cache[lang] = flask.json.dumps(wall.static(ctx.db, ctx.settings, lang))
        body = cache[lang]
    return flask.Response(body, mimetype="application/json")
