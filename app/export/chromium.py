"""How GridScope starts Debian's Chromium (screenshots, snapshots, browser tests): never a downloaded
browser, with every background connection off (the ops center's intranet has no internet), its sandbox on
wherever it can be, and, for the server's snapshots, allowed to visit only the app itself.

The sandbox: Chromium refuses to start as root unless told `--no-sandbox` (root in a container is the usual
case), so the flag is passed only then. Run as an ordinary user, the renderer processes that parse pages are
sandboxed (Debian's Chromium uses unprivileged user namespaces): a page that exploited the renderer would
still be confined. Where a container forbids user namespaces to ordinary users, Chromium then fails to start
with "No usable sandbox"; allow them (e.g. `kernel.unprivileged_userns_clone=1`, or the container runtime's
seccomp profile) rather than run the server as root.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

CHROMIUM_PATH = "/usr/bin/chromium"
_QUIET = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_args(euid: int | None = None) -> tuple[str, ...]:
    """The command-line flags: `--no-sandbox` only for root (`euid` 0; default: this process's)."""
    euid = os.geteuid() if euid is None else euid
    return (("--no-sandbox",) if euid == 0 else ()) + _QUIET


CHROMIUM_ARGS = chromium_args()


def origin_of(url: str) -> str:
    """`scheme://host[:port]` as Chromium writes it in request URLs: lower-case host, default port left out."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        raise ValueError(f"not an http(s) address: {url!r}")
    port = parts.port
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def _origin_source(url: str) -> str:
    """A regular expression of `url`'s origin; a `{s}` in the host (a tile server's subdomains) is any label."""
    if "{s}" not in url:
        return re.escape(origin_of(url))
    marker = "subdomain0"
    return re.escape(origin_of(url.replace("{s}", marker))).replace(marker, "[a-z0-9-]+")


def foreign_url_pattern(base_url: str, also: tuple[str, ...] = ()) -> re.Pattern:
    """What is not the app at `base_url` (nor the origins of the addresses `also`, e.g. the settings' tile
    server): every URL but theirs, and but page-local data:, blob: and about: ones.

    A regular expression, so that Playwright's driver does the matching: the app's own requests never make a
    round trip through Python."""
    origins = [_origin_source(u) for u in (base_url, *also) if urlsplit(u).scheme in ("http", "https")]
    ws = [re.sub(r"^http", "ws", o) for o in origins]  # http→ws, https→wss
    own = "|".join(origins + ws)
    return re.compile(rf"^(?!(?:{own})/|data:|blob:|about:)")


async def confine(context, base_url: str, also: tuple[str, ...] = ()) -> None:
    """Abort every request, navigation and WebSocket of a Playwright (async) context that leaves the app at
    `base_url` (and the origins of `also`): the server's browser visits nothing else, whatever a page asks
    for. Service workers are the context's to block (`service_workers="block"`): their requests would bypass
    routing."""
    foreign = foreign_url_pattern(base_url, also)
    await context.route(foreign, _abort)
    await context.route_web_socket(foreign, _close)


async def _abort(route) -> None:
    await route.abort("blockedbyclient")


async def _close(ws) -> None:
    await ws.close()
