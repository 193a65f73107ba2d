"""Screenshot a page of a running GridScope with Debian's Chromium: `python scripts/screenshot.py URL OUT.png
[--size 1920x1080]`. Prints console errors, if any."""

from __future__ import annotations

import argparse
import sys

from playwright.sync_api import sync_playwright

from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--wait-for", default=".leaflet-container", help="CSS selector to wait for")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(args.url, wait_until="networkidle")
        page.wait_for_selector(args.wait_for, timeout=20_000)
        page.wait_for_timeout(800)
        page.screenshot(path=args.out)
        browser.close()
    for e in errors:
        print("console error:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
