"""Security headers on every response the server sends (pages, callbacks, the API, assets).

The Content-Security-Policy runs only scripts the app serves itself: script files from this origin, and the
inline scripts Dash writes into its page (the renderer's start, clientside callbacks given as code), allowed
by their hashes. Markup slipped into a page from the data (an `<img onerror>` in a name) runs nothing.

| directive | value | why |
|---|---|---|
| default-src | 'self' | everything not named below: this server only (nothing from a CDN) |
| script-src | 'self' + the hashes of Dash's inline scripts | no inline handlers, no injected `<script>`, no eval |
| style-src | 'self' 'unsafe-inline' | Dash, Leaflet and plotly set inline styles and add `<style>` elements |
| img-src | 'self' data: (+ the basemap's tile server) | Leaflet's and the sheet's data-URI images, sparklines |
| font-src | 'self' data: | the app's fonts |
| connect-src | 'self' | Dash callbacks and the wall's API calls |
| object-src, base-uri | 'none' | no plugins; no `<base>` to re-point relative script URLs |
| form-action | 'self' | |
| frame-ancestors | 'none' | no page is shown inside another site's frame (also X-Frame-Options) |
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash
from flask import Response

from app.config import Basemap

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def tile_source(url: str) -> str:
    """The CSP source of an XYZ/WMTS tile URL template: its scheme and host, a `{s}` subdomain as `*`."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    if any("{" in label for label in labels):
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{'.'.join(labels)}"


def content_security_policy(script_hashes: list[str], basemap: Basemap) -> str:
    images = " ".join(s for s in ("'self'", "data:", tile_source(basemap.tile_url)) if s)
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": images,
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def install(app: Dash, basemap: Basemap) -> None:
    """Send the headers on every response of `app`'s server.

    Dash's inline scripts are hashed as each response leaves, not once at start: Dash adds one of its own (the
    pages' title updater) while serving its first request. A response's policy allows at least every inline
    script its page was written with."""
    last: list = [(), ""]

    def policy() -> str:
        hashes = tuple(dict.fromkeys(app.csp_hashes()))  # pages share some clientside code: each hash once
        if hashes != last[0]:
            last[:] = [hashes, content_security_policy(list(hashes), basemap)]
        return last[1]

    def add_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", policy())
        return response

    app.server.after_request(add_headers)
