"""Hostile bodies posted to the live ingest API (POST /api/incidents, POST /api/incidents/<id>/events) are
answered 400/422 naming the field, never 500, and nothing of them is stored as sent: ids of a plain form,
times not past the server's clock, flat fields, notes and actors short strings, free text without control or
bidi characters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.web.factory import context_db, create_app
from tests.access import signed_in

AUTH = {"Authorization": "Bearer t0ken"}
SHAPE = {"error", "error_zh", "param", "value"}
POINT = (121.4108891, 31.0418653)  # inside grid A01-C09-G07 of the demo town


@pytest.fixture(scope="module")
def app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("ingestlimits") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRIDSCOPE_INGEST_TOKEN", "t0ken")
        yield create_app(Settings(db_path=path))


@pytest.fixture(scope="module")
def client(app):
    return signed_in(app.server.test_client())


def _incident(incident_id: str, **extra) -> dict:
    return {"incident_id": incident_id, "category": "noise", "reported_at": "2026-11-22 15:00"} | {
        "lon": POINT[0],
        "lat": POINT[1],
        **extra,
    }


def _post(client, body, path: str = "/api/incidents"):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data=data, headers=AUTH, content_type="application/json")


def _stored(app, sql: str, *args) -> list[tuple]:
    return context_db(app).cursor().execute(sql, list(args)).fetchall()


def _refused(r, status: int, param: str | None, word: str) -> None:
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    body = r.get_json()
    assert set(body) == SHAPE and body["param"] == param and word in body["error"] and body["error_zh"]


@pytest.mark.parametrize(
    ("body", "param", "word"),
    [
        ("[" * 100_000 + "]" * 100_000, None, "nested too deeply"),
        ('{"incident_id": "N1", "lon": ' + "1" * 5000 + "}", None, "not valid JSON"),
        (json.dumps(_incident("N2", lon=10**20)), "lon", "beyond"),
        (json.dumps(_incident("N3", description={"a": {"b": [1, 2]}})), "description", "is an object"),
        (json.dumps(_incident("N4", address=[[["x"]]])), "address", "is an array"),
        (json.dumps([_incident(f"N5-{i}", **{f"extra{i}": 1}) for i in range(100)]), None, "field names"),
    ],
    ids=["deep", "huge-number", "big-whole-number", "object-field", "array-field", "many-fields"],
)
def test_a_malformed_body_is_400_naming_the_field(client, app, body, param, word):
    _refused(_post(client, body), 400, param, word)
    assert _stored(app, "SELECT count(*) FROM incident WHERE incident_id LIKE 'N%'") == [(0,)]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (_incident("A" * 5000), "incident_id"),
        (_incident("a\x00b"), "incident_id"),
        (_incident("rlo\u202eexe.txt"), "incident_id"),
        (_incident("two\nlines"), "incident_id"),
        (_incident("I-1", site_id="../../etc"), "site_id"),
        (_incident("I-2", grid_id="G\u202e1"), "grid_id"),
        (_incident("I-3", reported_at="9999-01-01 00:00"), "reported_at"),
        (_incident("I-4", reported_at="2026-11-22 15:00", closed_at="9999-12-31 23:59"), "closed_at"),
        (_incident("I-5", reported_at="1970-01-01 08:00"), "reported_at"),
    ],
    ids=["5000-chars", "nul", "rlo", "newline", "site-id", "grid-id", "year-9999", "closed-9999", "1970"],
)
def test_a_bad_id_or_time_rejects_its_item_naming_the_field(client, app, request, item, field):
    good = _incident("OK-" + request.node.callspec.id)
    r = _post(client, [item, good])
    assert r.status_code == 200  # the good item of the request is written
    rejected, written = r.get_json()["results"]
    assert rejected["result"] == "rejected" and [p["field"] for p in rejected["problems"]] == [field]
    assert written["result"] == "inserted"
    assert _stored(app, "SELECT count(*) FROM incident WHERE incident_id = ?", item["incident_id"]) == [(0,)]


def test_free_text_loses_control_and_bidi_characters(client, app):
    item = _incident(
        "T-1", description="漏水\x00\x07 \u202egnp.exe\r\n二楼\t东侧", address="\u2066某路\u2069 1 号\x1b[31m"
    )
    assert _post(client, item).get_json()["results"][0]["result"] == "inserted"
    assert _stored(app, "SELECT description, address FROM incident WHERE incident_id = 'T-1'") == [
        ("漏水 gnp.exe\n二楼\t东侧", "某路 1 号[31m")
    ]


@pytest.mark.parametrize(
    ("event", "status", "param", "word"),
    [
        ({"status": "responded", "at": "2026-11-22 15:02", "note": {"a": 1}}, 400, "note", "is an object"),
        ({"status": "responded", "at": "2026-11-22 15:02", "note": 5}, 400, "note", "must be a string"),
        ({"status": "responded", "at": "2026-11-22 15:02", "note": "n" * 1001}, 400, "note", "longer than"),
        ({"status": "responded", "at": "2026-11-22 15:02", "actor": "x" * 5000}, 400, "actor", "longer than"),
        ({"status": "responded", "at": "2026-11-22 15:02", "actor": ["x"]}, 400, "actor", "is an array"),
        ({"status": "responded", "at": "9999-11-22 15:02"}, 422, "at", "must be between"),
    ],
    ids=["note-object", "note-number", "note-long", "actor-long", "actor-array", "at-9999"],
)
def test_a_bad_event_is_refused_naming_the_field(client, app, event, status, param, word):
    assert _post(client, _incident("E-1")).status_code == 200
    _refused(_post(client, event, "/api/incidents/E-1/events"), status, param, word)
    assert _stored(app, "SELECT count(*) FROM incident_event WHERE incident_id = 'E-1' AND status = 'responded'") == [
        (0,)
    ]


def test_an_events_note_and_actor_are_stored_as_clean_short_text(client, app):
    assert _post(client, _incident("E-2")).status_code == 200
    event = {"status": "responded", "at": "2026-11-22 15:02", "note": "已\u202e联系\x00", "actor": " 张三\n"}
    assert _post(client, event, "/api/incidents/E-2/events").status_code == 200
    assert _stored(
        app, "SELECT note, actor FROM incident_event WHERE incident_id = 'E-2' AND status = 'responded'"
    ) == [("已联系", "张三")]


@pytest.mark.parametrize("incident_id", ["A" * 5000, "a%0Ab", "a%E2%80%AEb"])
def test_an_events_address_id_of_another_form_is_400(client, incident_id):
    r = _post(client, {"status": "responded", "at": "2026-11-22 15:02"}, f"/api/incidents/{incident_id}/events")
    _refused(r, 400, "incident_id", "letters, digits")
