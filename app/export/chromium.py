"""How GridScope starts Debian's Chromium (screenshots, snapshots, browser tests): never a downloaded
browser, and with every background connection off, because the ops center's intranet has no internet."""

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
