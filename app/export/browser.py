"""One headless Chromium on a thread of its own, driven by Playwright's async API on that thread's event loop:
renders run side by side as tasks in one browser (Playwright's sync API would bind every render to the one
thread that started it, one at a time). Other threads hand it coroutines (`run`) and wait on the futures.

The browser starts on first use and closes after `idle` seconds without a render (its memory back to the
system); the thread and its loop stay, idle.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Coroutine
from concurrent.futures import Future
from contextlib import asynccontextmanager

from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH


class BrowserThread:
    def __init__(self, idle: float = 120.0) -> None:
        self._idle = idle
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # Touched on the loop's thread only:
        self._pw = None
        self._browser = None
        self._launching: asyncio.Lock | None = None
        self._users = 0
        self._last_used = time.monotonic()
        self._closing: asyncio.Task | None = None

    def run(self, coro: Coroutine) -> Future:
        """Schedule `coro` on the browser's loop (starting the thread if need be); cancelling the future
        cancels the task."""
        return asyncio.run_coroutine_threadsafe(coro, self._ensure_loop())

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                started = threading.Event()

                def main() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(started.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=main, name="gridscope-browser", daemon=True)
                self._thread.start()
                started.wait()
                self._loop = loop
            return self._loop

    @asynccontextmanager
    async def using(self) -> AsyncIterator[object]:
        """The browser (launched if need be) for one render; the idle timer runs from the last one's end."""
        self._users += 1
        try:
            yield await self._get()
        finally:
            self._users -= 1
            self._last_used = time.monotonic()
            if self._users == 0 and self._idle != float("inf"):
                asyncio.get_running_loop().call_later(self._idle, self._close_if_idle)

    async def _get(self):
        if self._launching is None:
            self._launching = asyncio.Lock()
        async with self._launching:
            if self._browser is None or not self._browser.is_connected():
                await self._shutdown()  # a crashed browser's Playwright, if any
                from playwright.async_api import async_playwright

                self._pw = await async_playwright().start()
                self._browser = await self._pw.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
            return self._browser

    def _close_if_idle(self) -> None:
        if self._users == 0 and time.monotonic() - self._last_used >= self._idle - 0.01:
            self._closing = asyncio.get_running_loop().create_task(self._close_browser())  # kept: not collected

    async def _close_browser(self) -> None:
        if self._launching is None:
            self._launching = asyncio.Lock()
        async with self._launching:
            if self._users == 0:
                await self._shutdown()

    async def _shutdown(self) -> None:
        browser, pw = self._browser, self._pw
        self._browser = self._pw = None
        try:
            if browser is not None:
                await browser.close()
        finally:
            if pw is not None:
                await pw.stop()

    def close(self, timeout: float = 30.0) -> None:
        """Close the browser (renders still running fail) and stop the thread."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            if not thread.is_alive():
                loop.close()
