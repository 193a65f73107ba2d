"""Security headers on pages, the API and assets; every page works under the Content-Security-Policy (no
violation, no console error), and markup that reached a page anyway runs no script."""

from __future__ import annotations

import pytest
import requests

from tests.access import API

pytestmark = pytest.mark.browser
PAGES = ["/", "/map", "/coverage", "/performance", "/wall", "/snapshot?page=map", "/snapshot?page=coverage"]
# Every CSP violation, as the page reports it (an added script: the policy does not apply to it).
WATCH = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def _policy(headers) -> dict[str, str]:
    return {d.split()[0]: d.split(None, 1)[1] for d in headers["Content-Security-Policy"].split("; ")}


@pytest.mark.parametrize("path", ["/", "/map", "/api/health", "/api/metrics", "/api/nowhere", "/assets/gridscope.js"])
def test_every_response_carries_the_headers(base_url, path):
    r = requests.get(base_url + path, headers=API, timeout=10)
    assert r.status_code in (200, 404), r.text
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    policy = _policy(r.headers)
    scripts = policy["script-src"].split()
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_under_the_policy(page, base_url, path):
    page.add_init_script(WATCH)
    response = page.goto(base_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("._dash-loading", state="detached", timeout=20_000)
    if path == "/wall":
        page.wait_for_selector("#wall-root[data-ready='1']", timeout=20_000)
    elif path == "/performance":
        # (A function: a string expression would be eval'ed in the page, which the policy forbids.)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 8")
        box = page.locator(".js-plotly-plot").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    elif path.startswith("/snapshot"):
        page.wait_for_selector(".gs-snapshot[data-ready='1']", timeout=20_000)
    else:
        page.wait_for_selector(".leaflet-container path", timeout=20_000)
        page.mouse.move(800, 450)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__csp") == []
    assert page.errors == []


def test_markup_that_reaches_a_page_runs_no_script(page, base_url):
    """Were a name ever inserted as HTML, its inline handler and an inline script would still not run."""
    page.add_init_script(WATCH)
    page.goto(base_url + "/coverage", wait_until="networkidle")
    page.wait_for_selector("._dash-loading", state="detached", timeout=20_000)
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.innerHTML = '<img src=x onerror="window.__pwned=1"><svg onload="window.__pwned=2"></svg>';
            document.body.appendChild(box);
            const s = document.createElement("script");
            s.textContent = "window.__pwned = 3";
            document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    violations = page.evaluate("window.__csp")
    assert any(v.startswith("script-src") for v in violations), violations
