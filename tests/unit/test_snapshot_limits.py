"""Snapshot limits without a browser: the output pixel cap, Chromium's sandbox flag, the origins the server's
browser may visit, and the render queue's rules (how many at a time, how many wait, 429 beyond, a deadline
for a turn, cancellation when the client leaves) with a stand-in for the render."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from app.export import render_queue
from app.export.browser import BrowserThread
from app.export.chromium import chromium_args, foreign_url_pattern, origin_of
from app.export.render_queue import QueueLimits, RenderQueue
from app.export.snapshot import MAX_PIXELS, SnapshotBusy, SnapshotError, SnapshotSpec, spec_from_url


@pytest.mark.parametrize(
    ("size", "param", "value"),
    [
        ({"width": 8000, "height": 8000, "scale": 2}, "width", "8000"),
        ({"width": 6000, "height": 8000, "scale": 1}, "height", "8000"),
        ({"width": 4000, "height": 6000, "scale": 2}, "scale", "2"),
    ],
)
def test_a_snapshot_over_the_pixel_cap_is_refused_naming_the_parameter(size, param, value):
    with pytest.raises(SnapshotError) as caught:
        spec_from_url("/map", fmt="png", **size)
    err = caught.value
    assert (err.status, err.param, err.value) == (400, param, value)
    assert "megapixels" in err.error and "百万像素" in err.error_zh


def test_sizes_up_to_the_cap_are_drawn():
    assert MAX_PIXELS == 40_000_000
    for size in ({"width": 3840, "height": 2160, "scale": 2}, {"width": 8000, "height": 5000, "scale": 1}):
        assert spec_from_url("/map", fmt="png", **size).pixels <= MAX_PIXELS
    # A PDF is the paper at 1×, whatever the scale says.
    assert SnapshotSpec(fmt="pdf", paper="A3", scale=2).check().pixels == 1587 * 1122


def test_the_server_draws_one_snapshot_per_two_cores_at_most_two(monkeypatch):
    from app import config

    for cores, renders in ((1, 1), (2, 1), (3, 1), (4, 2), (16, 2)):
        monkeypatch.setattr(config.os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert config.Settings().snapshot_renders == renders


def test_chromium_keeps_its_sandbox_unless_run_as_root():
    assert "--no-sandbox" in chromium_args(euid=0)
    assert "--no-sandbox" not in chromium_args(euid=1000)
    assert "--disable-background-networking" in chromium_args(euid=1000)


def test_the_browser_may_visit_only_the_apps_origin_and_the_tile_server():
    foreign = foreign_url_pattern("http://127.0.0.1:8050/", ("http://t{s}.tianditu.gov.cn/img_w/wmts?x={x}",))
    for own in (
        "http://127.0.0.1:8050/snapshot?page=map",
        "http://127.0.0.1:8050/_dash-component-suites/x.js",
        "ws://127.0.0.1:8050/ws",
        "http://t3.tianditu.gov.cn/img_w/wmts?x=1",
        "data:image/png;base64,AAAA",
    ):
        assert not foreign.search(own), own
    for other in (
        "http://127.0.0.1:8051/",
        "http://127.0.0.1:80500/",
        "http://127.0.0.1:8050@169.254.169.254/",
        "https://127.0.0.1:8050/",
        "http://localhost:8050/",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ws://127.0.0.1:9000/",
    ):
        assert foreign.search(other), other
    assert origin_of("HTTP://Example.ORG:80/x") == "http://example.org"
    assert origin_of("http://[::1]:8050/") == "http://[::1]:8050"


class _NoBrowser(BrowserThread):
    """The loop and thread of the real one; no Chromium."""

    async def _get(self):
        return None


@pytest.fixture()
def fake_render(monkeypatch):
    """Renders that take `seconds` each (cancellable) and count what started, finished and is open."""
    state = {"started": 0, "finished": 0, "open": 0, "seconds": 0.5}
    lock = threading.Lock()

    async def render(_browser, _base, spec, timeout, also=(), headers=None):
        with lock:
            state["started"] += 1
            state["open"] += 1
        try:
            await asyncio.sleep(state["seconds"])
            with lock:
                state["finished"] += 1
            return spec.page.encode()
        finally:
            with lock:
                state["open"] -= 1

    monkeypatch.setattr(render_queue, "render", render)
    return state


def _queue(**limits) -> RenderQueue:
    return RenderQueue(QueueLimits(**limits), browser=_NoBrowser(idle=5))


def test_beyond_the_renders_and_the_queue_a_request_is_refused_at_once(fake_render):
    queue = _queue(renders=2, waiting=3)
    spec = SnapshotSpec().check()
    try:
        jobs = [queue.submit("http://127.0.0.1:1/", spec) for _ in range(5)]
        start = time.monotonic()
        with pytest.raises(SnapshotBusy) as caught:
            queue.submit("http://127.0.0.1:1/", spec)
        assert time.monotonic() - start < 0.1
        assert caught.value.status == 429 and int(caught.value.headers["Retry-After"]) >= 1
        assert "2 being drawn and 3 waiting" in caught.value.error and caught.value.error_zh
        time.sleep(0.2)
        assert queue.status()["drawing"] == 2 and queue.status()["waiting"] == 3
        assert [queue.wait(j) for j in jobs] == [b"map"] * 5
        assert fake_render["started"] == 5 and queue.status()["drawing"] == queue.status()["waiting"] == 0
        queue.wait(queue.submit("http://127.0.0.1:1/", spec))  # room again
    finally:
        queue.close()


def test_a_request_that_waits_too_long_for_its_turn_is_not_started(fake_render):
    fake_render["seconds"] = 1.5
    queue = _queue(renders=1, waiting=2, wait_seconds=0.3)
    spec = SnapshotSpec().check()
    try:
        first = queue.submit("http://127.0.0.1:1/", spec)
        second = queue.submit("http://127.0.0.1:1/", spec)
        with pytest.raises(SnapshotBusy) as caught:
            queue.wait(second)
        assert "wait_seconds" in caught.value.error and caught.value.headers["Retry-After"]
        assert queue.wait(first) == b"map"
        assert fake_render["started"] == 1
    finally:
        queue.close()


def test_a_client_that_leaves_cancels_its_snapshot_waiting_or_drawing(fake_render):
    fake_render["seconds"] = 30
    queue = _queue(renders=1, waiting=2)
    spec = SnapshotSpec().check()
    try:
        drawing = queue.submit("http://127.0.0.1:1/", spec)
        waiting = queue.submit("http://127.0.0.1:1/", spec)
        time.sleep(0.2)
        left_at = time.monotonic() + 0.3
        assert queue.wait(waiting, gone=lambda: time.monotonic() > left_at) is None
        assert queue.wait(drawing, gone=lambda: True) is None
        deadline = time.monotonic() + 5
        while (fake_render["open"] or queue.status()["drawing"]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake_render == {"started": 1, "finished": 0, "open": 0, "seconds": 30}
        assert queue.status()["drawing"] == queue.status()["waiting"] == 0
    finally:
        queue.close()
