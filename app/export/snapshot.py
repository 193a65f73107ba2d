"""Map snapshots: the `/snapshot` print view of a page, opened in Debian's Chromium (Playwright), saved as
a PNG screenshot (1× or 2× device pixels) or a one-page landscape PDF (A4 or A3, vector text and shapes;
its text extracts as the Chinese it shows, see app.export.pdftext).

`SnapshotSpec` says what to draw: a page ('map' or 'coverage'), its URL state, title and output.
`Renderer` keeps one browser for several snapshots (a batch); `SnapshotWorker` owns one on a thread of
its own for the server's GET /api/export/snapshot (Playwright's sync API is bound to the thread that
started it).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from app.domain.view import SnapshotView
from app.errors import AppError
from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH
from app.export.pdftext import fix_text_mapping

PAGES = ("map", "coverage")
FORMATS = ("png", "pdf")
PAPERS = {"A4": (1122, 793), "A3": (1587, 1122)}  # landscape, CSS pixels (96 per inch), a hair inside the paper
READY = ".gs-snapshot[data-ready='1']"
# What every sheet shows; the renderer refuses to save a snapshot without one of them.
SHEET_PARTS = {
    "title": ".gs-snap-title",
    "filter line": ".gs-snap-filters",
    "legend": ".gs-snap-legend [id$='-legend'] li",
    "scale bar": ".leaflet-control-scale-line",
    "north arrow": ".gs-snap-north img",
    "data time": ".gs-snap-foot [id$='-asof']",
    "attribution": ".gs-snap-foot [id$='-attribution']",
}
TIMEOUT_MS = 60_000


class SnapshotError(AppError):
    """A snapshot request that cannot be drawn (bad page, format, size); the message says why."""


@dataclass(frozen=True)
class SnapshotSpec:
    page: str = "map"
    query: str = ""  # the page's URL state, without '?'
    fmt: str = "png"
    title: str = ""
    width: int = 1600
    height: int = 1000
    scale: float = 1.0
    paper: str = "A4"

    def check(self) -> SnapshotSpec:
        if self.page not in PAGES:
            raise SnapshotError(
                f"cannot snapshot page {self.page!r}: expected /{' or /'.join(PAGES)}", param="page", value=self.page
            )
        if self.fmt not in FORMATS:
            raise SnapshotError(f"format must be png or pdf, not {self.fmt!r}", param="format", value=self.fmt)
        if self.paper not in PAPERS:
            raise SnapshotError(f"paper must be A4 or A3, not {self.paper!r}", param="paper", value=self.paper)
        if not (400 <= self.width <= 8000 and 300 <= self.height <= 8000):
            raise SnapshotError(
                f"size {self.width}x{self.height} out of range (400-8000 x 300-8000 pixels)",
                param="width" if not 400 <= self.width <= 8000 else "height",
                value=str(self.width if not 400 <= self.width <= 8000 else self.height),
            )
        if self.scale not in (1, 2):
            raise SnapshotError(f"scale must be 1 or 2, not {self.scale:g}", param="scale", value=f"{self.scale:g}")
        return self

    @property
    def viewport(self) -> tuple[int, int]:
        return PAPERS[self.paper] if self.fmt == "pdf" else (self.width, self.height)

    def path(self) -> str:
        """The print view's address on the server: `/snapshot?page=…&<view>&title=…&w=…&h=…`."""
        w, h = self.viewport
        paper = self.paper if self.fmt == "pdf" else ""
        view = SnapshotView.of_page(self.page, self.query, width=w, height=h, title=self.title, paper=paper)
        return "/snapshot?" + view.to_query()

    def file_suffix(self) -> str:
        return "." + self.fmt


def spec_from_url(url: str, **kwargs) -> SnapshotSpec:
    """A spec for a page address such as `/map?area=A01&layers=grids,incidents` (host, if any, ignored)."""
    parts = urlsplit(url)
    page = parts.path.strip("/") or "map"
    query = parts.query
    if page == "snapshot":
        params = dict(parse_qsl(query))
        page = params.get("page", "map")
    return replace(SnapshotSpec(), page=page, query=query, **kwargs).check()


class Renderer:
    """One headless Chromium (started on first use) that renders snapshots against a server's base URL.

    `browser`: a Playwright browser to use instead (one thread runs one Playwright; tests pass theirs).
    `headers`: sent with every request of the rendered page (the server's own credential, see app.web.auth)."""

    def __init__(self, browser=None, headers: dict[str, str] | None = None) -> None:
        self._headers = dict(headers or {})
        self._pw = None
        self._browser = browser
        self._owned = browser is None
        # One context per viewport and pixel density: later snapshots reuse its cached scripts.
        self._contexts: dict[tuple[int, int, float], object] = {}

    def _ensure(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        return self._browser

    def render(self, base_url: str, spec: SnapshotSpec, out: Path) -> Path:
        """Draw `spec` from the server at `base_url` into `out` (PNG or PDF)."""
        spec.check()
        w, h = spec.viewport
        scale = spec.scale if spec.fmt == "png" else 1
        context = self._contexts.get((w, h, scale))
        if context is None:
            context = self._ensure().new_context(
                viewport={"width": w, "height": h},
                device_scale_factor=scale,
                locale="zh-CN",
                extra_http_headers=self._headers,
            )
            self._contexts[(w, h, scale)] = context
        page = context.new_page()
        try:
            page.goto(base_url.rstrip("/") + spec.path(), wait_until="domcontentloaded")
            page.wait_for_selector(READY, timeout=TIMEOUT_MS)
            missing = [what for what, css in SHEET_PARTS.items() if page.locator(css).count() == 0]
            if missing:
                raise SnapshotError(f"the snapshot page lacks its {', '.join(missing)}")
            out.parent.mkdir(parents=True, exist_ok=True)
            if spec.fmt == "png":
                page.screenshot(path=str(out), full_page=False)
            else:
                page.emulate_media(media="screen")
                page.pdf(
                    path=str(out),
                    format=spec.paper,
                    landscape=True,
                    print_background=True,
                    margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                    page_ranges="1",
                )
                fix_text_mapping(out)
        finally:
            page.close()
        return out

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()
        if self._browser is not None and self._owned:
            self._browser.close()
            self._pw.stop()
            self._browser = self._pw = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SnapshotWorker:
    """Renders snapshots one at a time on its own thread; the browser closes after `idle` seconds unused."""

    def __init__(self, idle: float = 120.0, headers: dict[str, str] | None = None) -> None:
        self._headers = headers
        self._jobs: queue.Queue = queue.Queue()
        self._idle = idle
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, base_url: str, spec: SnapshotSpec, out: Path) -> Future:
        future: Future = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="gridscope-snapshots", daemon=True)
                self._thread.start()
            self._jobs.put((base_url, spec, out, future))
        return future

    def _run(self) -> None:
        renderer = Renderer(headers=self._headers)
        try:
            while True:
                try:
                    base_url, spec, out, future = self._jobs.get(timeout=self._idle)
                except queue.Empty:
                    with self._lock:
                        if self._jobs.empty():
                            self._thread = None
                            return
                    continue
                try:
                    future.set_result(renderer.render(base_url, spec, out))
                except Exception as exc:  # reported to the request that asked, not raised on this thread
                    future.set_exception(exc)
        finally:
            renderer.close()
