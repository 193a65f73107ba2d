"""Snapshots cannot take the server down: concurrent requests beyond the queue answer 429 at once while
/api/health keeps answering; a render that times out answers 504 JSON; a client that leaves cancels its
snapshot; no browser context or temporary folder is left behind; and the server's browser visits nothing
but the app, whatever a page asks for. Real `gridscope serve` processes and Debian's Chromium."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import requests

from tests.access import API
from tests.server import running_server

pytestmark = pytest.mark.browser

# What app.export.snapshot.SHEET_PARTS looks for; `{ready}` 1 or 0.
SHEET = """<!doctype html><html><body><div class="gs-snapshot" data-ready="{ready}">
<h1 class="gs-snap-title">t</h1><p class="gs-snap-filters">f</p>
<div class="gs-snap-legend"><ul id="x-legend"><li>a</li></ul></div>
<div class="leaflet-control-scale-line">1 km</div>
<div class="gs-snap-north"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAACADs="></div>
<div class="gs-snap-foot"><span id="x-asof">t</span><span id="x-attribution">a</span></div>
</div>{extra}</body></html>"""
# Everything a page could use to reach another server: an image, a style sheet, a frame, fetch, a beacon and a
# WebSocket; the sheet is ready once each attempt has ended.
BAIT = """<img id="bait-img" src="{bait}/img.png"><link rel="stylesheet" href="{bait}/style.css">
<iframe src="{bait}/frame"></iframe>
<script>
const img = document.getElementById("bait-img");
const tries = [
  fetch("{bait}/fetch", {{mode: "no-cors"}}).catch(() => null),
  new Promise((done) => {{ if (img.complete) done(); img.onload = img.onerror = done; }}),
  new Promise((done) => {{
    try {{ const ws = new WebSocket("{bait_ws}/ws"); ws.onerror = ws.onclose = done; }} catch (e) {{ done(); }}
  }}),
];
navigator.sendBeacon("{bait}/beacon", "x");
Promise.all(tries).then(() => setTimeout(() => {{
  document.querySelector(".gs-snapshot").dataset.ready = "1";
}}, 200));
</script>"""


@contextmanager
def http_server(page) -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server answering every GET with `page(path)` (HTML); yields its address and the paths
    it was asked for."""
    visits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            visits.append(self.path)
            body = page(self.path).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", visits
    finally:
        server.shutdown()
        server.server_close()


def _queue(base: str) -> dict:
    return requests.get(f"{base}/api/export/queue", headers=API, timeout=10).json()


def _settled(base: str, seconds: float) -> dict:
    """The queue once nothing is drawn or waits (or after `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        status = _queue(base)
        if status["drawing"] == status["waiting"] == 0 or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


@pytest.fixture(scope="module")
def private_tmp(tmp_path_factory: pytest.TempPathFactory):
    """The servers' TMPDIR: a folder of their own, so that what they leave there is theirs to count."""
    path = tmp_path_factory.mktemp("server-tmp")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TMPDIR", str(path))
        yield path


@pytest.fixture(scope="module")
def loaded(served_db: Path, private_tmp: Path, tmp_path_factory: pytest.TempPathFactory):
    """A server with the shipped limits (one render per two cores, 8 waiting), its browser started."""
    db = tmp_path_factory.mktemp("load") / "demo.duckdb"
    shutil.copy(served_db, db)
    with running_server(db) as base:
        r = requests.get(f"{base}/api/export/snapshot?width=800&height=600", headers=API, timeout=120)
        assert r.status_code == 200, r.text
        yield base


def test_concurrent_snapshots_leave_health_answering_and_nothing_behind(loaded, private_tmp):
    base = loaded
    before = sorted(os.listdir(private_tmp))
    stop = threading.Event()
    health: list[tuple[float, int]] = []

    def poll() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            try:
                status = requests.get(f"{base}/api/health", timeout=5).status_code
            except requests.RequestException:
                status = 0
            health.append((time.perf_counter() - t, status))
            stop.wait(0.1)

    sizes = ["width=1200&height=800", "width=800&height=600&scale=2", "page=coverage&width=1000&height=700"]
    answers: list[requests.Response] = []
    barrier = threading.Barrier(12)

    def snapshot(k: int) -> None:
        barrier.wait()
        answers.append(requests.get(f"{base}/api/export/snapshot?{sizes[k % 3]}", headers=API, timeout=300))

    poller = threading.Thread(target=poll)
    poller.start()
    clients = [threading.Thread(target=snapshot, args=(k,)) for k in range(12)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    stop.set()
    poller.join()

    assert len(health) > 10 and all(status == 200 for _, status in health)
    assert max(seconds for seconds, _ in health) < 1.0, sorted(s for s, _ in health)[-5:]
    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) <= {200, 429} and statuses.count(200) >= 2 and statuses.count(429) >= 2, statuses
    for r in answers:
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
            body = r.json()
            assert "too many snapshots" in body["error"] and "快照请求过多" in body["error_zh"]
        else:
            assert r.headers["Content-Type"] == "image/png"
    status = _settled(base, 30)
    assert (status["drawing"], status["waiting"], status["browser_contexts"]) == (0, 0, 0)
    assert sorted(os.listdir(private_tmp)) == before


@pytest.fixture(scope="module")
def fake_app():
    """The address the next server's browser takes for the app: a page that never becomes ready; with
    `ready=1` in its address one that is; with `bait=1` one that tries to reach the bait server (a second
    loopback port) before it is."""
    with http_server(lambda _path: "") as (bait, bait_visits):
        bait_ws = bait.replace("http://", "ws://")

        def page(path: str) -> str:
            if "bait=1" in path:
                return SHEET.format(ready=0, extra=BAIT.format(bait=bait, bait_ws=bait_ws))
            return SHEET.format(ready=1 if "ready=1" in path else 0, extra="")

        with http_server(page) as (app, app_visits):
            yield app, app_visits, bait_visits


@pytest.fixture(scope="module")
def confined(served_db: Path, private_tmp: Path, fake_app, tmp_path_factory: pytest.TempPathFactory):
    """A server whose own address is the fake app; one render at a time, two waiting, 8 s each; its browser
    started."""
    folder = tmp_path_factory.mktemp("confined")
    db = folder / "demo.duckdb"
    shutil.copy(served_db, db)
    (folder / "gridscope.toml").write_text(
        f'[server]\nbase_url = "{fake_app[0]}"\n[snapshots]\nrenders = 1\nqueue = 2\ntimeout_seconds = 8\n'
    )
    with running_server(db) as base:
        r = requests.get(f"{base}/api/export/snapshot?width=800&height=600&ready=1", headers=API, timeout=60)
        assert r.status_code == 200, r.text
        yield base


def test_a_render_that_times_out_answers_504_json_and_leaves_nothing(confined, private_tmp):
    before = sorted(os.listdir(private_tmp))
    start = time.monotonic()
    r = requests.get(f"{confined}/api/export/snapshot?width=800&height=600", headers=API, timeout=60)
    assert r.status_code == 504 and r.headers["Content-Type"] == "application/json"
    assert 7 < time.monotonic() - start < 30
    body = r.json()
    assert set(body) == {"error", "error_zh", "param", "value"}
    assert "render timeout of 8 s" in body["error"] and "timeout_seconds" in body["error"]
    assert "8 秒" in body["error_zh"]
    status = _settled(confined, 10)
    assert (status["drawing"], status["waiting"], status["browser_contexts"]) == (0, 0, 0)
    assert sorted(os.listdir(private_tmp)) == before


def test_a_client_that_leaves_cancels_its_snapshot(confined):
    started = _settled(confined, 15)["started"]

    def leave_after(seconds: float) -> None:
        with suppress(requests.ReadTimeout):
            requests.get(f"{confined}/api/export/snapshot?width=800&height=600", headers=API, timeout=(5, seconds))

    drawing = threading.Thread(target=leave_after, args=(1.5,))
    drawing.start()
    time.sleep(0.5)
    waiting = threading.Thread(target=leave_after, args=(0.5,))
    waiting.start()
    drawing.join()
    waiting.join()
    # The drawing one had 8 s to run out; it stops within moments of its client leaving, the waiting one
    # never starts.
    left = time.monotonic()
    status = _settled(confined, 5)
    assert time.monotonic() - left < 4.5
    assert (status["drawing"], status["waiting"], status["browser_contexts"]) == (0, 0, 0)
    assert status["started"] == started + 1


def test_the_servers_browser_never_leaves_the_app(confined, fake_app):
    _app, app_visits, bait_visits = fake_app
    r = requests.get(f"{confined}/api/export/snapshot?width=800&height=600&bait=1", headers=API, timeout=60)
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png", r.text
    assert any("bait=1" in v for v in app_visits)
    assert bait_visits == []
