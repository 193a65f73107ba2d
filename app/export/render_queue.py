"""The server's snapshots: a bounded queue in front of its one browser (app.export.browser), so that snapshot
requests cannot exhaust the server.

- At most `renders` snapshots are drawn at a time and `waiting` more wait for a turn; a request beyond that is
  refused at once (SnapshotBusy, 429 with Retry-After), holding no thread.
- A request that waited `wait_seconds` for a turn is not started (429 too); one whose client went away is
  cancelled, waiting or drawing (`RenderQueue.wait` asks `gone` every quarter second).
- Each render has `timeout_seconds` (SnapshotTimeout, 504) and its own browser context, always closed.

`Renderer` draws snapshots one after another for the command line and batch scripts, with the same code.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from pathlib import Path

from app.export.browser import BrowserThread
from app.export.render import open_contexts, render
from app.export.snapshot import SnapshotBusy, SnapshotSpec


@dataclass(frozen=True)
class QueueLimits:
    renders: int = 1  # drawn at a time
    waiting: int = 8  # waiting for a turn beyond those
    wait_seconds: float = 60.0  # the longest a request waits for its turn
    timeout_seconds: float = 60.0  # one render, from opening the page to the file's bytes


class RenderQueue:
    """`also`: addresses whose origins the browser may visit besides the app's (the settings' tile server)."""

    def __init__(
        self,
        limits: QueueLimits,
        also: tuple[str, ...] = (),
        browser: BrowserThread | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.limits = limits
        self._also = also
        self._headers = headers  # the app's own credential (app.web.auth.internal_headers)
        self._browser = browser or BrowserThread()
        self._lock = threading.Lock()
        self._admitted = 0  # submitted and not finished (or given up by their client)
        self._drawing = 0
        self._started = 0
        self._seconds = 3.0  # a render's recent duration (moving average), for Retry-After
        self._slots: asyncio.Semaphore | None = None  # on the browser's loop

    def submit(self, base_url: str, spec: SnapshotSpec) -> Future:
        """Queue the snapshot; SnapshotBusy when `renders + waiting` are already queued. The future's result
        is the file's bytes."""
        with self._lock:
            if self._admitted >= self.limits.renders + self.limits.waiting:
                retry = self.retry_after()
                raise SnapshotBusy(
                    f"too many snapshots: {self.limits.renders} being drawn and {self.limits.waiting} waiting; "
                    f"try again in {retry} s",
                    f"快照请求过多：{self.limits.renders} 个正在生成，{self.limits.waiting} 个在排队；"
                    f"请 {retry} 秒后重试",
                    retry,
                )
            self._admitted += 1
        future = self._browser.run(self._job(base_url, spec))
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future) -> None:
        with self._lock:
            self._admitted -= 1

    def retry_after(self) -> int:
        """Seconds until a turn is likely free: the queue ahead drawn `renders` at a time."""
        rounds = (self._admitted + 1) / self.limits.renders
        return max(1, min(300, math.ceil(rounds * self._seconds)))

    async def _job(self, base_url: str, spec: SnapshotSpec) -> bytes:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limits.renders)
        try:
            async with asyncio.timeout(self.limits.wait_seconds):
                await self._slots.acquire()
        except TimeoutError:
            retry = self.retry_after()
            raise SnapshotBusy(
                f"no turn to draw the snapshot within {self.limits.wait_seconds:g} s "
                f"([snapshots] wait_seconds); try again in {retry} s",
                f"排队 {self.limits.wait_seconds:g} 秒仍未轮到生成快照（设置项 [snapshots] wait_seconds）；"
                f"请 {retry} 秒后重试",
                retry,
            ) from None
        start = time.monotonic()
        with self._lock:
            self._drawing += 1
            self._started += 1
        try:
            async with self._browser.using() as browser:
                return await render(browser, base_url, spec, self.limits.timeout_seconds, self._also, self._headers)
        finally:
            with self._lock:
                self._drawing -= 1
                self._seconds = 0.7 * self._seconds + 0.3 * (time.monotonic() - start)
            self._slots.release()

    def wait(self, future: Future, gone: Callable[[], bool] = lambda: False, poll: float = 0.25) -> bytes | None:
        """The snapshot's bytes (or its error raised); None when `gone()` said the client left, and then the
        job is cancelled: not started if it still waited, stopped (its context closed) if it was drawing."""
        while True:
            done, _ = wait_futures([future], timeout=poll, return_when=FIRST_COMPLETED)
            if done:
                return future.result()
            if gone():
                future.cancel()
                return None

    def status(self) -> dict[str, int]:
        """The queue now: limits, snapshots drawing and waiting, renders started so far, open browser contexts."""
        with self._lock:
            drawing, admitted, started = self._drawing, self._admitted, self._started
        return {
            "renders": self.limits.renders,
            "queue": self.limits.waiting,
            "drawing": drawing,
            "waiting": max(0, admitted - drawing),
            "started": started,
            "browser_contexts": open_contexts(),
        }

    def close(self) -> None:
        self._browser.close()


class Renderer:
    """Snapshots one after another (the CLI, batch scripts): a browser of its own, closed with the Renderer."""

    def __init__(
        self,
        timeout: float = QueueLimits.timeout_seconds,
        also: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        self._browser = BrowserThread(idle=float("inf"))
        self._timeout, self._also, self._headers = timeout, also, headers

    def render(self, base_url: str, spec: SnapshotSpec, out: Path) -> Path:
        """Draw `spec` from the server at `base_url` into the file `out` (PNG or PDF)."""
        data = self._browser.run(self._draw(base_url, spec)).result()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return out

    async def _draw(self, base_url: str, spec: SnapshotSpec) -> bytes:
        async with self._browser.using() as browser:
            return await render(browser, base_url, spec, self._timeout, self._also, self._headers)

    def close(self) -> None:
        self._browser.close()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
