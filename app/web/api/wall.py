"""GET /api/wall (what the wall display redraws on each refresh) and GET /api/wall/static (its fixed layers).

`area` is one functional-area id ('' or absent: the whole town); `lang` zh (default) or en. The static
layers are built once per language and kept for the life of the server: grids, roads and stations do not
change while it serves (imports of them run as their own process, which needs the database to itself).
The live payload is kept per area and language with the data's fingerprint (wall/fingerprint): every wall
screen and every refresh between two writes is answered without a query, so a wall's first paint and many
screens cost the database nothing more. At most (areas + 1) × 2 payloads are kept.
"""

from __future__ import annotations

import threading

import flask

from app.domain.filters import parse_filters
from app.domain.i18n import parse_lang
from app.errors import AppError, ParamError
from app.services import wall
from app.web import context

_STATIC_KEY = "gridscope_wall_static"
_LIVE_KEY = "gridscope_wall_live"
_lock = threading.Lock()


def _area(raw: str | None) -> str:
    ids = parse_filters({"area": raw or ""}).areas
    if len(ids) > 1:
        raise ParamError(
            "area", raw or "", "the wall focuses on one functional area at a time", "大屏一次只聚焦一个功能片区"
        )
    return ids[0] if ids else ""


def live_view() -> flask.Response:
    args = flask.request.args
    area = _area(args.get("area"))
    ctx = context.current()
    lang = parse_lang(args.get("lang"))
    try:
        fingerprint = tuple(ctx.db.run("wall/fingerprint").fetchall()[0])
        cache = flask.current_app.extensions.setdefault(_LIVE_KEY, {})
        hit = cache.get((area, lang))
        if hit is not None and hit[0] == fingerprint:
            body = hit[1]
        else:
            payload = wall.live(ctx.db, ctx.settings, area, lang)
            body = flask.json.dumps(payload)
            if not area or payload["area_name"]:  # unknown ids are answered, never kept
                cache[(area, lang)] = (fingerprint, body)
    except Exception as exc:  # the wall keeps its last good view; it needs a reason, not a traceback page
        raise AppError(str(exc).splitlines()[0], "大屏数据暂时无法读取", status=503) from exc
    return flask.Response(body, mimetype="application/json", headers={"Cache-Control": "no-store"})


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
