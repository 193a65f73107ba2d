"""Sign-in, sign-out, wall links and the guard every request passes (permissions.py says who may do what).

- People sign in at `/login` (a plain form, zh/en): the session id is an HttpOnly, SameSite=Lax cookie
  (Secure over HTTPS), ended by `/logout`, by the idle and absolute timeouts, or at once when the account is
  disabled, removed or given a new password.
- State-changing requests of a session carry its CSRF token: the `_csrf_token` cookie is echoed by Dash as the
  `X-CSRFToken` header, and by forms as a `csrf_token` field.
- API clients send `Authorization: Bearer <token>` (named tokens; `$GRIDSCOPE_INGEST_TOKEN` still works as one
  ingest token). A wall display opens `/wall-link/<token>` once: the token goes to an HttpOnly cookie, and the
  wall's view is the token's.
- Anonymous requests: pages go to `/login`, everything else answers 401. Refusals are 403 and audited.
"""

from __future__ import annotations

import hmac
import os
import secrets
from html import escape
from urllib.parse import urlencode, urlsplit

import flask

from app.domain.i18n import t
from app.errors import AppError
from app.services import accounts
from app.services.accounts import Principal
from app.store.accounts_db import AccountsDB
from app.web import permissions

SESSION_COOKIE = "gs_session"
WALL_COOKIE = "gs_wall"
CSRF_COOKIE = "_csrf_token"  # the name Dash's renderer reads and echoes as X-CSRFToken
LEGACY_TOKEN_ENV = "GRIDSCOPE_INGEST_TOKEN"
_EXT = "gridscope_accounts"
_INTERNAL = "gridscope_internal_token"
_UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def install(server: flask.Flask, store: AccountsDB, settings) -> None:
    server.extensions[_EXT] = (store, settings)
    accounts.expire_audit(store, settings.audit_days)
    # The server's own browser (snapshots) signs its requests with a secret that lives only in this process.
    server.extensions[_INTERNAL] = secrets.token_urlsafe(32)
    server.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", logout, methods=["POST"])
    server.add_url_rule("/wall-link/<secret>", "wall_link", wall_link)
    server.before_request(guard)
    server.after_request(_audit_refusal)


def internal_headers(server: flask.Flask) -> dict[str, str]:
    """The header the server's own browser sends: it reads pages as an analyst, and only this process knows it."""
    return {"Authorization": f"Bearer {server.extensions[_INTERNAL]}"}


def store_of() -> tuple[AccountsDB, object]:
    return flask.current_app.extensions[_EXT]


def current_principal() -> Principal | None:
    return flask.g.get("principal")


def client_address() -> str:
    return flask.request.remote_addr or ""


def _principal() -> Principal | None:
    store, settings = store_of()
    header = flask.request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        secret = header[len("Bearer ") :].strip()
        if hmac.compare_digest(secret.encode(), flask.current_app.extensions[_INTERNAL].encode()):
            return Principal("snapshot-renderer", "analyst", via="token")
        legacy = os.environ.get(LEGACY_TOKEN_ENV, "")
        if legacy and hmac.compare_digest(secret.encode(), legacy.encode()):
            return Principal("ingest-token", "ingest", via="token")
        return accounts.token_principal(store, secret)
    sid = flask.request.cookies.get(SESSION_COOKIE, "")
    if sid:
        found = accounts.session_principal(
            store, sid, settings.session_idle_minutes * 60, settings.session_max_hours * 3600
        )
        if found is not None:
            return found
    return accounts.token_principal(store, flask.request.cookies.get(WALL_COOKIE, ""))


def guard() -> flask.Response | None:
    """Before every request: who it is from, and whether they may."""
    path = flask.request.path
    if permissions.is_public(path):
        return None
    principal = _principal()
    flask.g.principal = principal
    action = permissions.action_of(flask.request.method, path)
    if principal is None:
        if flask.request.method == "GET" and not path.startswith(("/api/", "/_dash", "/_reload")):
            return flask.redirect("/login?" + urlencode({"next": _safe_next(flask.request.full_path)}))
        raise AppError("sign in first (or send Authorization: Bearer <token>)", "请先登录", status=401)
    if principal.via == "session" and flask.request.method in _UNSAFE:
        sent = flask.request.headers.get("X-CSRFToken") or flask.request.form.get("csrf_token", "")
        if not hmac.compare_digest(sent.encode(), principal.csrf.encode()):
            _audit(principal, "refused", path, "no or wrong CSRF token")
            raise permissions.Forbidden("missing or wrong CSRF token", "缺少或错误的 CSRF 令牌")
    if not permissions.may(principal, action):
        _audit(principal, "refused", path, action)
        if action in ("page", "snapshot") and principal.role == "wall":
            return flask.redirect("/wall")
        permissions.require(principal, action)
    return None


def _audit_refusal(response: flask.Response) -> flask.Response:
    """Every 403 is audited: the guard's own, and a view's (a leader asking for another area)."""
    if response.status_code == 403 and not flask.g.get("audited"):
        detail = (response.get_json(silent=True) or {}).get("error", "") if response.is_json else ""
        _audit(current_principal(), "refused", flask.request.path, detail)
    return response


def _audit(principal: Principal | None, action: str, target: str, detail: str = "") -> None:
    flask.g.audited = True
    store, _ = store_of()
    accounts.audit(store, principal.name if principal else "-", action, target, detail, client_address())


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never another origin) to go to after signing in."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (parts.path or "/").startswith("/") or (parts.path or "").startswith("//"):
        return "/"
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _lang() -> str:
    return "en" if flask.request.args.get("lang") == "en" else "zh"


def login() -> flask.Response | str:
    store, settings = store_of()
    lang = _lang()
    target = _safe_next(flask.request.values.get("next"))
    error = ""
    if flask.request.method == "POST":
        name = flask.request.form.get("username", "")
        try:
            principal = accounts.sign_in(store, name, flask.request.form.get("password", ""), client_address())
        except accounts.SignInRefused as exc:
            accounts.audit(store, name[:40] or "-", "sign-in failed", "", exc.error, client_address())
            error = exc.error if lang == "en" else exc.error_zh
            return flask.make_response(_login_page(lang, target, error), exc.status)
        sid, csrf = accounts.start_session(store, principal.name)
        accounts.audit(store, principal.name, "signed in", "", principal.role, client_address())
        response = flask.redirect(target)
        secure = bool(settings.https)
        max_age = settings.session_max_hours * 3600
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="Lax", secure=secure, max_age=max_age)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, samesite="Lax", secure=secure, max_age=max_age)
        return response
    return _login_page(lang, target, error)


def logout() -> flask.Response:
    store, _ = store_of()
    sid = flask.request.cookies.get(SESSION_COOKIE, "")
    principal = accounts.session_principal(store, sid, 1e9, 1e9) if sid else None
    if principal is not None:
        sent = flask.request.headers.get("X-CSRFToken") or flask.request.form.get("csrf_token", "")
        if not hmac.compare_digest(sent.encode(), principal.csrf.encode()):
            raise permissions.Forbidden("missing or wrong CSRF token", "缺少或错误的 CSRF 令牌")
        accounts.end_session(store, sid)
        accounts.audit(store, principal.name, "signed out", "", "", client_address())
    response = flask.redirect("/login")
    for name in (SESSION_COOKIE, CSRF_COOKIE, WALL_COOKIE):
        response.delete_cookie(name)
    return response


def wall_link(secret: str) -> flask.Response:
    """A wall display's kiosk link: keep its token in a cookie, then open the wall with the token's view."""
    store, settings = store_of()
    principal = accounts.token_principal(store, secret)
    if principal is None or principal.role != "wall":
        raise AppError("this wall link is not valid (revoked or mistyped)", "大屏链接无效（已撤销或有误）", status=403)
    accounts.audit(store, principal.name, "wall opened", principal.view, "", client_address())
    response = flask.redirect("/wall" + (f"?{principal.view}" if principal.view else ""))
    response.set_cookie(WALL_COOKIE, secret, httponly=True, samesite="Lax", secure=bool(settings.https))
    return response


def _login_page(lang: str, target: str, error: str) -> str:
    other = "en" if lang == "zh" else "zh"
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t("login.title", lang))} · GridScope</title>
<link rel="stylesheet" href="/assets/gridscope.css"></head>
<body class="gs-login-body"><main class="gs-login">
<h1>网格一张图 <span>GridScope</span></h1>
<h2>{escape(t("login.title", lang))}</h2>
<form method="post" action="/login?lang={lang}">
<input type="hidden" name="next" value="{escape(target)}">
<label for="username">{escape(t("login.username", lang))}</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">{escape(t("login.password", lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="gs-login-error" role="alert" id="login-error">{escape(error)}</p>
<button type="submit" id="login-submit">{escape(t("login.submit", lang))}</button>
</form>
<p><a href="/login?{escape(urlencode({"lang": other, "next": target}))}">{"English" if other == "en" else "中文"}</a>
</p>
</main></body></html>"""
