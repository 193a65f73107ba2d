"""Limits that keep one client from exhausting the server (README "HTTP API", limits).

- Request bodies: at most MAX_REQUEST_BYTES, refused by their Content-Length before a byte is read (413 in the
  API's error shape); waitress itself refuses bodies of SERVER_MAX_REQUEST_BYTES or more before reading them
  (its own plain 413) and never buffers more.
- Data exports (GET /api/export/data, GET /api/incidents?format=csv): at most MAX_DATA_EXPORTS at a time per
  server; one more is answered 429 with Retry-After.
- A streamed export whose client takes no chunk for STALL_SECONDS, or that is still running EXPORT_SECONDS after
  it started, is ended: its database cursors are closed and its slot freed, and the response is cut off (the
  client sees an incomplete transfer, never a file that looks whole).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import flask

from app.errors import AppError

MAX_REQUEST_BYTES = 2 * 1024 * 1024
SERVER_MAX_REQUEST_BYTES = 2 * MAX_REQUEST_BYTES
MAX_DATA_EXPORTS = 2
RETRY_AFTER_SECONDS = 10
STALL_SECONDS = 120.0
EXPORT_SECONDS = 30 * 60.0
WATCH_SECONDS = 1.0  # how often a streamed export's watch looks at it

_SLOTS_KEY = "gridscope_export_slots"
log = logging.getLogger(__name__)


def install(server: flask.Flask) -> None:
    """Refuse large request bodies on `server` (Flask's MAX_CONTENT_LENGTH also stops a chunked body)."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.before_request(_refuse_large_body)


def _refuse_large_body() -> None:
    length = flask.request.content_length
    if length is not None and length > MAX_REQUEST_BYTES:
        raise AppError(
            f"request body of {length:,} bytes is larger than {MAX_REQUEST_BYTES:,} bytes",
            f"请求体过大（{length:,} 字节，上限 {MAX_REQUEST_BYTES:,} 字节）",
            status=413,
        )


class ExportSlots:
    """At most `n` data exports at a time; `take` answers 429 when all are in use."""

    def __init__(self, n: int = MAX_DATA_EXPORTS):
        self.n = n
        self._free = threading.BoundedSemaphore(n)

    def take(self) -> Callable[[], None]:
        """Hold a slot; returns its release (safe to call more than once). AppError 429 when none is free."""
        if not self._free.acquire(blocking=False):
            raise AppError(
                f"{self.n} data exports are running; retry in {RETRY_AFTER_SECONDS} s",
                f"已有 {self.n} 个数据导出正在进行，请 {RETRY_AFTER_SECONDS} 秒后重试",
                status=429,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        lock, held = threading.Lock(), [True]

        def release() -> None:
            with lock:
                if held[0]:
                    held[0] = False
                    self._free.release()

        return release


_slots_lock = threading.Lock()


def export_slots(server: flask.Flask) -> ExportSlots:
    with _slots_lock:
        slots = server.extensions.get(_SLOTS_KEY)
        if slots is None:
            slots = server.extensions[_SLOTS_KEY] = ExportSlots()
        return slots


class ExportAbandoned(RuntimeError):
    """A streamed export passed its deadline; the WSGI server cuts the response off."""


class GuardedStream:
    """An export's chunks as a WSGI iterable that ends them when the client stops reading.

    Between two chunks the WSGI server is writing the last one out; when it has not asked for the next one
    `stall` seconds after, the client is not reading (or the export outlived `total`): a watch thread closes
    the chunks' generator, which closes its cursors, and frees the slot. Asked again, the stream raises
    ExportAbandoned. `close` (the WSGI server's, at the end or on a disconnect) does the same at once."""

    def __init__(
        self,
        chunks: Iterator[bytes],
        release: Callable[[], None],
        stall: float | None = None,
        total: float | None = None,
        what: str = "export",
    ):
        self._chunks, self._release, self.what = chunks, release, what
        self.stall = STALL_SECONDS if stall is None else stall
        self.total = EXPORT_SECONDS if total is None else total
        self._lock = threading.Lock()  # held while a chunk is made: the watch never ends a running read
        self._start = self._last = time.monotonic()
        self._ended = threading.Event()
        self.abandoned = False
        threading.Thread(target=self._watch, name="gridscope-export-watch", daemon=True).start()

    def __iter__(self) -> GuardedStream:
        return self

    def __next__(self) -> bytes:
        with self._lock:
            if self.abandoned:
                raise ExportAbandoned(f"{self.what}: the client stopped reading; the export was ended")
            if self._ended.is_set():
                raise StopIteration
            try:
                chunk = next(self._chunks)
            except BaseException:  # the end, or a failure: either way the cursors and the slot go now
                self._end()
                raise
            self._last = time.monotonic()
            return chunk

    def close(self) -> None:
        with self._lock:
            self._end()

    def _end(self) -> None:
        """Close the chunks (and with them their cursors) and free the slot; the lock is held."""
        if self._ended.is_set():
            return
        self._ended.set()
        try:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()
        finally:
            self._release()

    def _watch(self) -> None:
        while not self._ended.wait(min(WATCH_SECONDS, self.stall)):
            now = time.monotonic()
            if now - self._last <= self.stall and now - self._start <= self.total:
                continue
            if not self._lock.acquire(blocking=False):  # a chunk is being made: the client is reading
                continue
            try:
                if not self._ended.is_set():
                    self.abandoned = True
                    log.warning("%s ended after %.0f s: its client stopped reading", self.what, now - self._start)
                    self._end()
            finally:
                self._lock.release()


def take_export_slot() -> Callable[[], None]:
    """One of the running server's export slots (429 when none is free); hand its release to the export's
    GuardedStream, or call it when the request fails before streaming."""
    return export_slots(flask.current_app).take()
