"""Accounts, sessions and tokens: who someone is, checked against the accounts store.

Passwords are hashed with Argon2id (argon2-cffi), never logged or stored in clear. Tokens and session ids are
long random secrets: the store keeps only their SHA-256. Repeated failed sign-ins of one account or from one
client address slow down, then lock for a while (`SignInLimits`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import AppError
from app.store.accounts_db import AccountsDB

ROLES = ("admin", "analyst", "leader", "wall", "ingest")
# Roles a person signs in with; `wall` and `ingest` are tokens only.
PERSON_ROLES = ("admin", "analyst", "leader")
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
_AREA = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# A token's last use is written at most this often (a wall polls every few seconds).
TOKEN_USE_EVERY_S = 60


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so that its absence takes as long as a wrong
    password (made on first use: hashing is deliberately slow, and most commands never sign anyone in)."""
    return _HASHER.hash("no such account")


class AccountError(AppError):
    """A request about accounts that cannot be done; the message says why."""

    status = 400


class SignInRefused(AppError):
    """Wrong name or password, or locked after repeated failures (never says which part was wrong)."""

    status = 401


@dataclass(frozen=True)
class SignInLimits:
    window_s: float = 900.0  # failures counted over the last 15 minutes
    slow_after: int = 3  # from the 4th failure each attempt waits
    delay_s: float = 1.0
    lock_after: int = 10  # then the account (or client) is locked until its failures age out of the window


@dataclass(frozen=True)
class Principal:
    """Who a request is from: an account (signed in), or a named token (API client or wall display)."""

    name: str
    role: str
    areas: tuple[str, ...] = ()  # () = the whole town
    via: str = "session"  # session | token
    csrf: str = ""
    view: str = ""  # a wall token's view (its query string)
    must_change: bool = False


def _now_text() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise AccountError(f"name {name!r} must be 1-40 letters, digits, '_', '-' or '.'", "名称格式不正确")
    return name


def check_role(role: str, allowed: tuple[str, ...] = ROLES) -> str:
    if role not in allowed:
        raise AccountError(f"role must be one of {', '.join(allowed)}, not {role!r}", "角色不正确")
    return role


def parse_areas(text: str | None) -> tuple[str, ...]:
    areas = tuple(sorted({a.strip() for a in (text or "").split(",") if a.strip()}))
    for a in areas:
        if not _AREA.match(a):
            raise AccountError(f"area {a!r} is not an id", "片区编号格式不正确")
    return areas


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters", f"密码至少 {MIN_PASSWORD} 位")
    return password


def new_password() -> str:
    """A one-time password to hand over (16 characters from an unambiguous alphabet)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def add_account(
    store: AccountsDB, name: str, role: str, areas: tuple[str, ...], password: str, must_change: bool = False
) -> None:
    check_name(name)
    check_role(role, PERSON_ROLES)
    if store.run("account_get", name=name):
        raise AccountError(f"an account named {name} exists already", "账号已存在")
    store.run(
        "account_insert",
        name=name,
        password_hash=_HASHER.hash(check_password(password)),
        role=role,
        areas=",".join(areas),
        must_change=int(must_change),
        created_at=_now_text(),
    )


def _existing(store: AccountsDB, name: str) -> tuple:
    rows = store.run("account_get", name=name)
    if not rows:
        raise AccountError(f"no account named {name}", "账号不存在", status=404)
    return rows[0]


def set_password(store: AccountsDB, name: str, password: str, must_change: bool = False) -> None:
    """A new password; every session of the account ends."""
    _existing(store, name)
    store.run(
        "account_set_password",
        name=name,
        password_hash=_HASHER.hash(check_password(password)),
        must_change=int(must_change),
    )
    store.run("session_delete_account", account=name)


def set_disabled(store: AccountsDB, name: str, disabled: bool) -> None:
    """Disable (its sessions end at once) or enable an account."""
    _existing(store, name)
    store.run("account_set_disabled", name=name, disabled=int(disabled))
    if disabled:
        store.run("session_delete_account", account=name)


def remove_account(store: AccountsDB, name: str) -> None:
    _existing(store, name)
    store.run("session_delete_account", account=name)
    store.run("account_delete", name=name)


def list_accounts(store: AccountsDB) -> list[dict]:
    keys = ("name", "role", "areas", "disabled", "must_change", "created_at")
    return [dict(zip(keys, r, strict=True)) for r in store.run("account_list")]


def sign_in(
    store: AccountsDB, name: str, password: str, client: str, limits: SignInLimits = SignInLimits()
) -> Principal:
    """The account `name` if `password` is its own and neither it nor `client` is locked; SignInRefused
    otherwise (the same answer for an unknown name and a wrong password)."""
    now = time.time()
    subjects = (f"account:{name}", f"client:{client}")
    failures = [store.run("failure_count", subject=s, since=now - limits.window_s)[0] for s in subjects]
    worst = max(n for n, _ in failures)
    if worst >= limits.lock_after:
        last = max(at or now for _, at in failures)
        minutes = max(1, round((last + limits.window_s - now) / 60))
        raise SignInRefused(
            f"too many failed sign-ins: try again in {minutes} minutes",
            f"登录失败次数过多，请 {minutes} 分钟后再试",
            status=429,
        )
    if worst >= limits.slow_after:
        time.sleep(limits.delay_s)
    rows = store.run("account_get", name=name) if _NAME.match(name or "") else []
    try:
        _HASHER.verify(rows[0][1] if rows else _dummy_hash(), password)
        ok = bool(rows) and not rows[0][4]
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        for s in subjects:
            store.run("failure_insert", subject=s, at=now)
        raise SignInRefused("wrong name or password", "账号或密码错误")
    store.run("failure_clear", subject=subjects[0])
    _, _, role, areas, _, must_change = rows[0]
    return Principal(name, role, parse_areas(areas), must_change=bool(must_change))


def start_session(store: AccountsDB, account: str) -> tuple[str, str]:
    """A new session of `account`: (the cookie's secret id, its CSRF token)."""
    sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    store.run("session_insert", id_hash=_digest(sid), account=account, csrf=csrf, now=time.time())
    return sid, csrf


def session_principal(store: AccountsDB, sid: str, idle_s: float, absolute_s: float) -> Principal | None:
    """The account of a live session (enabled, within both timeouts), else None (and the session ends)."""
    if not sid:
        return None
    key = _digest(sid)
    rows = store.run("session_get", id_hash=key)
    now = time.time()
    if not rows:
        return None
    account, csrf, created, seen, role, areas, must_change = rows[0]
    if now - seen > idle_s or now - created > absolute_s:
        store.run("session_delete", id_hash=key)
        return None
    if now - seen > 30:  # a write per request would only churn the file
        store.run("session_touch", id_hash=key, now=now)
    return Principal(account, role, parse_areas(areas), csrf=csrf, must_change=bool(must_change))


def end_session(store: AccountsDB, sid: str) -> None:
    store.run("session_delete", id_hash=_digest(sid))


def add_token(
    store: AccountsDB, name: str, role: str, areas: tuple[str, ...] = (), view: str = "", secret: str | None = None
) -> str:
    """A new named token; its secret (a new random one unless given) is returned once and never stored."""
    check_name(name)
    check_role(role)
    if any(r[0] == name for r in store.run("token_list")):
        raise AccountError(f"a token named {name} exists already", "令牌已存在")
    secret = secret or "gs_" + secrets.token_urlsafe(32)
    if len(secret) < 24:
        raise AccountError("a token's secret needs at least 24 characters", "令牌至少 24 位")
    store.run(
        "token_insert",
        name=name,
        token_hash=_digest(secret),
        role=role,
        areas=",".join(areas),
        view=view,
        created_at=_now_text(),
    )
    return secret


def token_principal(store: AccountsDB, secret: str) -> Principal | None:
    """The named token `secret` is, unless revoked; its use is recorded (to the minute)."""
    if not secret:
        return None
    rows = store.run("token_by_hash", token_hash=_digest(secret))
    if not rows:
        return None
    name, role, areas, view, last_used = rows[0]
    now = datetime.now()
    if last_used is None or (now - datetime.fromisoformat(last_used)).total_seconds() >= TOKEN_USE_EVERY_S:
        store.run("token_used", name=name, at=now.isoformat(sep=" ", timespec="seconds"))
    return Principal(name, role, parse_areas(areas), via="token", view=view)


def list_tokens(store: AccountsDB) -> list[dict]:
    keys = ("name", "role", "areas", "view", "created_at", "last_used_at", "revoked_at")
    return [dict(zip(keys, r, strict=True)) for r in store.run("token_list")]


def revoke_token(store: AccountsDB, name: str) -> None:
    if store.changed("token_revoke", name=name, at=_now_text()) == 0:
        raise AccountError(f"no live token named {name}", "令牌不存在或已撤销", status=404)


def audit(store: AccountsDB, actor: str, action: str, target: str = "", detail: str = "", client: str = "") -> None:
    """Append one entry to the audit log."""
    store.run("audit_insert", at=_now_text(), actor=actor, action=action, target=target, detail=detail, client=client)


def expire_audit(store: AccountsDB, days: int) -> None:
    """Drop audit entries older than `days` days (settings [auth] audit_days)."""
    before = (datetime.now() - timedelta(days=days)).isoformat(sep=" ", timespec="seconds")
    store.run("audit_expire", before=before)


def recent_audit(store: AccountsDB, actor: str = "", action: str = "", limit: int = 200) -> list[dict]:
    keys = ("at", "actor", "action", "target", "detail", "client")
    rows = store.run("audit_recent", actor=actor, action=action, lim=limit)
    return [dict(zip(keys, r, strict=True)) for r in rows]
