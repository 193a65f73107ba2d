"""One snapshot drawn by a Playwright (async API) browser: a browser context of its own, confined to the app's
origin (and the settings' tile server), always closed afterwards, and the file's bytes returned (no temporary
files).

`open_contexts()` counts the contexts opened here and not yet closed, in this process: after the last render
ends it is back to 0, whether the render succeeded, failed, timed out or was cancelled.
"""

from __future__ import annotations

import asyncio
import threading
from urllib.parse import urlsplit

from app.export.chromium import confine
from app.export.pdftext import fixed_pdf
from app.export.snapshot import READY, SHEET_PARTS, SnapshotError, SnapshotSpec, SnapshotTimeout

_open = 0
_open_lock = threading.Lock()


def open_contexts() -> int:
    """Browser contexts opened by `render` and not closed yet (all browsers of this process)."""
    return _open


def _count(delta: int) -> None:
    global _open
    with _open_lock:
        _open += delta


async def render(
    browser,
    base_url: str,
    spec: SnapshotSpec,
    timeout: float,
    also: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
) -> bytes:
    """Draw `spec` from the app at `base_url` as PNG or PDF bytes within `timeout` seconds (else
    SnapshotTimeout). The browser visits only the app's origin and those of `also` (the settings' tile
    server); `headers` (the app's own credential) go to the app's origin only. Cancelling the task stops the
    render and closes its context all the same."""
    spec.check()
    try:
        async with asyncio.timeout(timeout):
            return await _render(browser, base_url, spec, timeout, also, headers or {})
    except TimeoutError:
        raise SnapshotTimeout(timeout) from None


async def _render(
    browser, base_url: str, spec: SnapshotSpec, timeout: float, also: tuple[str, ...], headers: dict[str, str]
) -> bytes:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    w, h = spec.viewport
    context = await browser.new_context(
        viewport={"width": w, "height": h},
        device_scale_factor=spec.device_scale,
        locale="zh-CN",
        service_workers="block",  # their requests would bypass the routes that confine the context
    )
    _count(+1)
    try:
        context.set_default_timeout(timeout * 1000)
        await confine(context, base_url, also)
        if headers:
            await context.route(_origin(base_url) + "/**", _signing(headers))
        page = await context.new_page()
        try:
            await page.goto(base_url.rstrip("/") + spec.path(), wait_until="domcontentloaded")
            await page.wait_for_selector(READY)
        except PlaywrightTimeout:
            raise SnapshotTimeout(timeout) from None
        missing = [what for what, css in SHEET_PARTS.items() if await page.locator(css).count() == 0]
        if missing:
            raise SnapshotError(f"the snapshot page lacks its {', '.join(missing)}", status=500)
        if spec.fmt == "png":
            return await page.screenshot(full_page=False)
        await page.emulate_media(media="screen")
        pdf = await page.pdf(
            format=spec.paper,
            landscape=True,
            print_background=True,
            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
            page_ranges="1",
        )
    finally:
        # Shielded: a second cancellation (the client left while a timeout was closing it) cannot cut it short.
        await asyncio.shield(_close(context))
    return await asyncio.to_thread(fixed_pdf, pdf)  # pypdf's work, off the browser's event loop


def _origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _signing(headers: dict[str, str]):
    async def handler(route) -> None:
        await route.continue_(headers={**route.request.headers, **headers})

    return handler


async def _close(context) -> None:
    try:
        await context.close()
    finally:
        _count(-1)
