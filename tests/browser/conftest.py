"""Playwright on Debian's Chromium (never a downloaded browser), against a real server process."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app.export.chromium import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.access import signing_in
from tests.server import running_server


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(served_db: Path):
    with running_server(served_db) as url:
        yield url


@pytest.fixture()
def page(browser):
    """A 1440×900 desk-sized page that records console errors, page errors and every request URL."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = []
    pg.requests = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    signing_in(pg)
    yield pg
    context.close()
