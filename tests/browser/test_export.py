"""Map snapshots and the pages' export buttons in Debian's Chromium: the sheet carries title, legend, scale
bar, north arrow, filters, data time and attribution; PNGs have the asked pixels and a drawn map; a PDF
is one landscape page with the Chinese title and filter line as text; --each-area makes one file per area;
the buttons download what the page shows."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pytest
import requests
from PIL import Image
from pypdf import PdfReader

from app.export.render_queue import Renderer
from app.export.snapshot import READY, SHEET_PARTS, spec_from_url
from tests.access import API, signing_in

pytestmark = pytest.mark.browser

AREAS = {"A01": "老镇片区", "A02": "新城片区", "A03": "产业园片区", "A04": "科教片区", "A05": "田园片区"}


def _map_pixels(png: bytes) -> np.ndarray:
    """The map's part of a snapshot: below the title, left of the legend, above the footer."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = img.size
    return np.asarray(img.crop((int(w * 0.05), int(h * 0.15), int(w * 0.70), int(h * 0.85))), dtype=float)


def _assert_drawn(pixels: np.ndarray) -> None:
    colours = np.unique(pixels.reshape(-1, 3).astype(np.uint8), axis=0)
    assert pixels.std() > 20, "the map area is (nearly) one colour"
    assert len(colours) > 200, f"only {len(colours)} colours over the map area"


def test_the_snapshot_sheet_has_everything_a_report_needs(page, base_url):
    spec = spec_from_url("/map?area=A01&category=noise,flood", fmt="png", title="老镇片区 防汛与噪音")
    page.set_viewport_size({"width": spec.viewport[0], "height": spec.viewport[1]})
    page.goto(base_url + spec.path(), wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=30_000)
    assert page.locator("#snapshot-title").inner_text() == "老镇片区 防汛与噪音"
    for what, css in SHEET_PARTS.items():  # what the renderer checks before it saves
        assert page.locator(css).count() > 0, what
    line = page.locator("#snapshot-filters").inner_text()
    for part in (
        "范围：老镇片区",
        "时间：2026-10-24 至 2026-11-22",
        "类别：防汛防台、噪音扰民",
        "网格着色：未办结事件",
    ):
        assert part in line
    legend = page.locator("#map-legend")
    assert legend.is_visible() and "图例" in legend.inner_text() and legend.locator("li").count() >= 8
    assert re.fullmatch(r"\d+ k?m", page.locator(".leaflet-control-scale-line").inner_text().strip())
    assert page.locator("#snapshot-north img").is_visible()
    assert "2026-11-22 16:00" in page.locator("#snapshot-asof").inner_text()
    assert "底图：本镇矢量数据" in page.locator("#snapshot-attribution").inner_text()
    assert page.locator(".leaflet-units-pane path").count() == 9  # the area's communities
    assert page.locator(".gs-snap-label").count() == 9
    # The same count as the leaders' map and the API for that filter.
    shown = int(page.locator("#map-count-value").inner_text().replace(",", ""))
    api = requests.get(
        f"{base_url}/api/incidents?area=A01&category=noise,flood&limit=0", headers=API, timeout=10
    ).json()
    assert shown == api["total"]
    assert not page.errors


@pytest.mark.parametrize("scale", [1, 2])
def test_png_snapshot_has_the_asked_pixels_and_a_drawn_map(browser, base_url, tmp_path, scale):
    spec = spec_from_url("/map?layers=grids,stations,incidents", fmt="png", width=1200, height=800, scale=scale)
    with Renderer(headers=API) as r:
        out = r.render(base_url, spec, tmp_path / "town.png")
    png = out.read_bytes()
    assert Image.open(io.BytesIO(png)).size == (1200 * scale, 800 * scale)
    _assert_drawn(_map_pixels(png))


def test_coverage_snapshot_draws_its_map(base_url):
    r = requests.get(
        f"{base_url}/api/export/snapshot?page=coverage&area=A03&minutes=10&width=1000&height=700",
        headers=API,
        timeout=120,
    )
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(r.content)).size == (1000, 700)
    _assert_drawn(_map_pixels(r.content))


def test_pdf_snapshot_is_one_landscape_page_with_chinese_text(base_url):
    title = "老镇片区噪音扰民情况"
    r = requests.get(
        f"{base_url}/api/export/snapshot",
        params={"page": "map", "area": "A01", "category": "noise", "format": "pdf", "paper": "A4", "title": title},
        headers=API,
        timeout=120,
    )
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    pdf = PdfReader(io.BytesIO(r.content))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((842, 595), abs=2)  # A4 landscape, points
    # Exactly the characters shown: 片 and 民, not the radicals ⽚ and ⺠ that share their glyphs.
    text = pdf.pages[0].extract_text()
    assert title in text
    line = "范围：老镇片区 | 时间：2026-10-24 至 2026-11-22 | 类别：噪音扰民 | 网格着色：未办结事件"
    assert line in " ".join(text.split()).replace(" | ", " | ")
    assert "数据截至 2026-11-22 16:00" in text and "底图：本镇矢量数据" in text
    a3 = requests.get(f"{base_url}/api/export/snapshot?format=pdf&paper=A3", headers=API, timeout=120)
    box = PdfReader(io.BytesIO(a3.content)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((1191, 842), abs=2)


def test_each_area_writes_one_file_per_area(demo_db, tmp_path):
    db = tmp_path / "areas.duckdb"
    shutil.copy(demo_db, db)
    out = tmp_path / "snapshots"
    done = subprocess.run(
        [sys.executable, "-m", "app", "export", "snapshot", "--db", str(db), "--url", "/map?layers=grids,incidents",
         "--each-area", "--out", str(out), "--width", "900", "--height", "600"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"map_{a}_{name}.png" for a, name in AREAS.items())
    for f in out.iterdir():
        assert Image.open(f).size == (900, 600)
    with duckdb.connect(str(db), read_only=True) as con:
        logged = con.execute("SELECT kind, target, format, filter FROM export_log ORDER BY exported_at").fetchall()
    assert [row[3] for row in logged] == [f"layers=grids,incidents&area={a}" for a in AREAS]
    assert {row[:3] for row in logged} == {("snapshot", "map", "png@1x")}


def test_map_buttons_download_the_snapshot_and_the_rows_on_the_page(browser, base_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = signing_in(context.new_page())
    page.goto(base_url + "/map?area=A02&category=noise", wait_until="networkidle")
    page.wait_for_selector("#map-count-value", timeout=30_000)
    page.get_by_text("导出快照").click()
    page.fill("#map-export-title", "新城片区噪音")
    page.get_by_label("PNG 2×").check()
    with page.expect_download(timeout=60_000) as dl:
        page.click("#map-export-snapshot-go")
    png = Path(dl.value.path()).read_bytes()
    assert Image.open(io.BytesIO(png)).size == (3200, 2000)
    _assert_drawn(_map_pixels(png))
    page.get_by_text("导出数据").click()
    page.get_by_label("Excel").check()
    with page.expect_download(timeout=60_000) as dl:
        page.click("#map-export-data-go")
    assert dl.value.suggested_filename.endswith(".xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()), read_only=True).active.values)
    shown = int(page.locator("#map-count-value").inner_text().replace(",", ""))
    assert len(rows) - 1 == shown > 0
    assert {r[rows[0].index("category")] for r in rows[1:]} == {"noise"}
    log = requests.get(f"{base_url}/api/export/log?limit=2", headers=API, timeout=10).json()["exports"]
    assert [(e["kind"], e["format"]) for e in log] == [("data", "xlsx"), ("snapshot", "png@2x")]
    assert log[1]["filter"] == "area=A02&category=noise"
    context.close()


def test_coverage_page_exports_its_table(browser, base_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = signing_in(context.new_page())
    page.goto(base_url + "/coverage?area=A04&minutes=10", wait_until="networkidle")
    page.get_by_text("导出数据").click()
    with page.expect_download(timeout=60_000) as dl:
        page.click("#coverage-export-data-go")
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    rows = [line.split(",") for line in text[1:]]
    assert header[:2] == ["grid_id", "name"] and len(rows) > 10
    assert {r[header.index("area_id")] for r in rows} == {"A04"}
    assert {r[header.index("minutes")] for r in rows} == {"10"}
    context.close()


def test_a_snapshot_never_visits_the_host_the_request_names(base_url, tmp_path):
    """SSRF through the Host header: the server's browser goes to the server's own address, whatever Host says."""
    import http.server
    import threading

    visits = []

    class Bait(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            visits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>internal service</body></html>")

        def log_message(self, *args):
            pass

    bait = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bait)
    threading.Thread(target=bait.serve_forever, daemon=True).start()
    try:
        r = requests.get(
            f"{base_url}/api/export/snapshot?page=coverage&width=800&height=600",
            headers={"Host": f"127.0.0.1:{bait.server_address[1]}", **API},
            timeout=120,
        )
    finally:
        bait.shutdown()
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert visits == []
    _assert_drawn(_map_pixels(r.content))


def test_the_servers_own_address_turns_any_address_into_loopback():
    from app.cli.serve import own_address

    assert own_address("0.0.0.0", 8050) == "http://127.0.0.1:8050"
    assert own_address("::", 8050) == "http://[::1]:8050"
    assert own_address("10.1.2.3", 80) == "http://10.1.2.3:80"
