"""Map snapshots: what to draw. The `/snapshot` print view of a page, opened in Debian's Chromium, saved as a
PNG screenshot (1× or 2× device pixels) or a one-page landscape PDF (A4 or A3, vector text and shapes; its
text extracts as the Chinese it shows, see app.export.pdftext).

`SnapshotSpec` says what to draw: a page ('map' or 'coverage'), its URL state, title and output, checked
against the limits here (sizes, and at most `MAX_PIXELS` output pixels). How it is drawn: app.export.render
(one render in a context of its own), app.export.render_queue (the server's one browser and its bounded
queue of renders).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlsplit

from app.domain.view import SnapshotView
from app.errors import AppError

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
# The output's pixels, width × height × scale²: 40 megapixels (8000×5000 at 1×, the 4K wall 3840×2160 at
# 2×). Chromium holds the whole bitmap (4 bytes a pixel) several times over while it draws and encodes it.
MAX_PIXELS = 40_000_000


class SnapshotError(AppError):
    """A snapshot request that cannot be drawn (bad page, format, size); the message says why."""


class SnapshotBusy(AppError):
    """429: the server draws as many snapshots as it may and as many wait; Retry-After says when to ask again."""

    def __init__(self, error: str, error_zh: str, retry_after: int):
        super().__init__(error, error_zh, status=429, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class SnapshotTimeout(AppError):
    """504: a snapshot that was not drawn within the render timeout."""

    def __init__(self, seconds: float):
        super().__init__(
            f"snapshot not drawn within the render timeout of {seconds:g} s ([snapshots] timeout_seconds)",
            f"快照未能在渲染时限 {seconds:g} 秒内生成（设置项 [snapshots] timeout_seconds）",
            status=504,
        )


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
        self._check_pixels()
        return self

    def _check_pixels(self) -> None:
        """At most MAX_PIXELS output pixels; the error names scale when 1× would fit, else the longer side."""
        if self.pixels <= MAX_PIXELS:
            return
        w, h = self.viewport
        if self.scale > 1 and w * h <= MAX_PIXELS:
            param, value = "scale", f"{self.scale:g}"
        else:
            param, value = ("width", str(self.width)) if self.width >= self.height else ("height", str(self.height))
        size = f"{w}×{h} × scale {self.scale:g}² = {self.pixels / 1e6:.1f}"
        cap = f"{MAX_PIXELS / 1e6:g}"
        raise SnapshotError(
            f"snapshot too large: {size} megapixels, at most {cap} (width × height × scale²); lower {param}",
            f"快照过大：{size} 百万像素，上限 {cap} 百万像素（宽 × 高 × 倍率²）；请减小 {param}",
            param=param,
            value=value,
        )

    @property
    def pixels(self) -> int:
        """The output's pixels: the viewport times the pixel density squared (PDFs: the paper at 1×)."""
        w, h = self.viewport
        return int(w * h * self.device_scale**2)

    @property
    def device_scale(self) -> float:
        return self.scale if self.fmt == "png" else 1.0

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
