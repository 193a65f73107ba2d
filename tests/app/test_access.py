"""Who may see what, over HTTP against the app: anonymous requests, each role, leaders' areas, tokens, wall links,
CSRF, lock-out after repeated failures, and the audit log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.services import accounts
from app.store.accounts_db import AccountsDB, accounts_path
from app.web.factory import context_db, create_app

PASSWORD = "a-long-password-9"


@pytest.fixture(scope="module")
def town(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("access") / "town.duckdb"
    shutil.copy(demo_db, path)
    store = AccountsDB(accounts_path(path))
    accounts.add_account(store, "boss", "admin", (), PASSWORD)
    accounts.add_account(store, "ana", "analyst", (), PASSWORD)
    accounts.add_account(store, "lee", "leader", ("A01",), PASSWORD)
    app = create_app(Settings(db_path=path))
    yield app.server, store
    context_db(app).close()


def _client(server, name: str | None = None):
    client = server.test_client()
    if name:
        r = client.post("/login", data={"username": name, "password": PASSWORD, "next": "/map"})
        assert r.status_code == 302 and r.headers["Location"].endswith("/map")
        client.environ_base["HTTP_X_CSRFTOKEN"] = client.get_cookie("_csrf_token").value
    return client


def test_anonymous_requests_go_to_sign_in_or_get_401(town):
    server, _ = town
    anon = _client(server)
    for page in ("/", "/map?area=A01", "/coverage", "/performance", "/wall", "/snapshot?page=map"):
        r = anon.get(page)
        assert r.status_code == 302 and "/login?next=" in r.headers["Location"], page
    for api in ("/api/metrics", "/api/incidents", "/api/export/data", "/api/wall", "/_dash-layout"):
        r = anon.get(api)
        assert r.status_code == 401 and r.get_json()["error"].startswith("sign in first"), api
    health = anon.get("/api/health")
    assert health.status_code == 200 and "database" not in health.get_json()  # anonymous: no file path
    assert anon.get("/login").status_code == 200 and anon.get("/assets/gridscope.css").status_code == 200


def test_sign_in_sets_safe_cookies_and_never_redirects_off_site(town):
    server, _ = town
    client = server.test_client()
    r = client.post("/login", data={"username": "ana", "password": PASSWORD, "next": "https://evil.example/x"})
    assert r.status_code == 302 and r.headers["Location"] == "/"
    cookies = r.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("gs_session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session
    assert next(c for c in cookies if c.startswith("_csrf_token=")).count("HttpOnly") == 0  # Dash reads it
    assert client.get("/map").status_code == 200


def test_each_role_gets_what_its_role_allows(town):
    server, _ = town
    ana, lee = _client(server, "ana"), _client(server, "lee")
    assert ana.get("/api/export/data?dataset=grids&format=csv&area=A02").status_code == 200
    refused = lee.get("/api/export/data?dataset=grids&format=csv")
    assert refused.status_code == 403 and "leader" in refused.get_json()["error"]
    assert lee.get("/map").status_code == 200 and lee.get("/api/metrics").status_code == 200


def test_a_leader_sees_only_their_areas(town):
    server, _ = town
    lee, boss = _client(server, "lee"), _client(server, "boss")
    theirs = lee.get("/api/metrics").get_json()
    assert theirs["filters"] == "area=A01"
    assert (
        theirs["count"]
        == boss.get("/api/metrics?area=A01").get_json()["count"]
        < boss.get("/api/metrics").get_json()["count"]
    )
    other = lee.get("/api/metrics?area=A02")
    assert other.status_code == 403 and (other.get_json()["param"], other.get_json()["value"]) == ("area", "A02")
    assert "A02" in other.get_json()["error"]
    grid = lee.get("/api/incidents?grid=A02-C01&limit=1")
    assert grid.status_code == 403 and grid.get_json()["value"] == "A02-C01"
    listed = lee.get("/api/incidents?limit=200").get_json()["features"]
    assert listed and {f["properties"]["area_id"] for f in listed} == {"A01"}


def test_state_changes_without_the_csrf_token_are_refused(town):
    server, _ = town
    ana = _client(server, "ana")
    del ana.environ_base["HTTP_X_CSRFTOKEN"]
    r = ana.post("/_dash-update-component", json={})
    assert r.status_code == 403 and "CSRF" in r.get_json()["error"]
    assert ana.post("/logout").status_code == 403


def test_sign_out_and_disabling_end_sessions_at_once(town):
    server, store = town
    accounts.add_account(store, "temp", "analyst", (), PASSWORD)
    first, second = _client(server, "temp"), _client(server, "temp")
    assert first.get("/api/metrics").status_code == 200
    assert first.post("/logout").status_code == 302
    assert first.get("/api/metrics").status_code == 401
    assert second.get("/api/metrics").status_code == 200
    accounts.set_disabled(store, "temp", True)
    assert second.get("/api/metrics").status_code == 401
    refused = server.test_client().post("/login", data={"username": "temp", "password": PASSWORD})
    assert refused.status_code == 401


def test_tokens_work_until_revoked(town):
    server, store = town
    secret = accounts.add_token(store, "feed", "ingest")
    client = server.test_client()
    auth = {"Authorization": f"Bearer {secret}"}
    accepted = client.post("/api/incidents", json=[], headers=auth)  # let in: the empty body is then refused
    assert accepted.status_code == 422 and "sign in" not in accepted.get_json()["error"]
    assert client.get("/api/metrics", headers=auth).status_code == 403  # an ingest token only writes
    accounts.revoke_token(store, "feed")
    assert client.post("/api/incidents", json=[], headers=auth).status_code == 401


def test_a_wall_link_opens_the_wall_and_nothing_else(town):
    server, store = town
    secret = accounts.add_token(store, "lobby", "wall", ("A01",), "areas=A01&rotate=30")
    wall = server.test_client()
    r = wall.get(f"/wall-link/{secret}")
    assert r.status_code == 302 and r.headers["Location"] == "/wall?areas=A01&rotate=30"
    assert wall.get("/wall?areas=A01&rotate=30").status_code == 200
    assert wall.get("/api/wall?area=A01").status_code == 200
    assert wall.get("/map").status_code == 302  # back to its wall
    assert wall.get("/api/metrics").status_code == 403
    assert wall.get("/api/export/data?dataset=grids").status_code == 403
    accounts.revoke_token(store, "lobby")
    assert wall.get("/api/wall?area=A01").status_code == 401
    assert server.test_client().get(f"/wall-link/{secret}").status_code == 403


def test_repeated_failures_lock_the_account(town):
    server, store = town
    accounts.add_account(store, "target", "analyst", (), PASSWORD)
    client = server.test_client()
    limits = accounts.SignInLimits(delay_s=0.0)
    for _ in range(limits.lock_after):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(store, "target", "guess-guess-guess", "10.0.0.9", limits)
    locked = client.post("/login", data={"username": "target", "password": PASSWORD})
    assert locked.status_code == 429 and "分钟后再试" in locked.get_data(as_text=True)
    assert accounts.sign_in(store, "ana", PASSWORD, "10.0.0.8", limits).role == "analyst"


def test_the_audit_keeps_its_configured_days(tmp_path):
    store = AccountsDB(tmp_path / "a.sqlite")
    store.run(
        "audit_insert", at="2020-01-01 00:00:00", actor="old", action="signed in", target="", detail="", client=""
    )
    accounts.audit(store, "new", "signed in")
    accounts.expire_audit(store, 365)
    assert [e["actor"] for e in accounts.recent_audit(store)] == ["new"]


def test_sign_ins_refusals_and_account_changes_are_audited(town):
    server, store = town
    _client(server, "ana")
    server.test_client().post("/login", data={"username": "ana", "password": "wrong-wrong-wrong"})
    _client(server, "lee").get("/api/metrics?area=A02")
    actions = [(e["actor"], e["action"]) for e in accounts.recent_audit(store, limit=50)]
    assert ("ana", "signed in") in actions and ("ana", "sign-in failed") in actions
    refusals = [e for e in accounts.recent_audit(store, actor="lee", action="refused")]
    assert refusals and refusals[0]["target"] == "/api/metrics"
