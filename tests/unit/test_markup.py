"""The escaped HTML text of the map's side panel and of map tooltips, and which parts of the map a change of view
redraws."""

from __future__ import annotations

from shapely.geometry import box

from app.web.components.markup import Markup, el, join, text, tooltip
from app.web.pages.coverage import _grid_features
from app.web.pages.home import _with_tooltips
from app.web.pages.map_view import _Changes

HOSTILE = '<img src=x onerror="window.__pwned=1">'
SHOWN = '&lt;img src=x onerror="window.__pwned=1"&gt;'


def test_text_and_attributes_are_escaped_markup_is_not():
    html = el("li", "<b>&", el("b", "x"), None, className='a"b', data_rank=1, style={"background": "#fff"})
    assert html == '<li class="a&quot;b" data-rank="1" style="background: #fff">&lt;b&gt;&amp;<b>x</b></li>'
    assert isinstance(html, Markup)
    assert join("<", el("i", "y")) == "&lt;<i>y</i>"
    assert el("span", "z", title=None) == "<span>z</span>"


def test_a_change_redraws_only_what_it_touches():
    base = "?area=A01&category=noise"
    assert _Changes.between(None, base) == _Changes(True, True, True)  # the first draw: everything
    assert _Changes.between(base, base + "&from=2026-01-01&to=2026-02-01") == _Changes(False, False, False)
    assert _Changes.between(base, "?area=A02&category=noise") == _Changes(True, True, True)
    assert _Changes.between(base, "?area=A01&category=noise&layers=grids,incidents") == _Changes(False, True, True)
    # Only pain-point categories change the ranking (flood is a warning category).
    assert not _Changes.between(base, "?area=A01&category=noise,flood").pain
    assert _Changes.between(base, "?area=A01&category=noise,group_rental").pain


def test_tooltips_show_names_as_text():
    assert tooltip(HOSTILE, "a & b", None, "", 3) == f"<b>{SHOWN}</b><br>a &amp; b<br>3"
    assert text(HOSTILE) == SHOWN and isinstance(tooltip("x"), Markup)


def test_grid_tooltips_of_home_and_coverage_escape_grid_and_area_names():
    grid = {"grid_id": "G1", "name": HOSTILE, "area_id": "A1", "kind": "residential", "population": 1200}
    fc = {"features": [{"properties": dict(grid)}]}
    tip = _with_tooltips(fc, {"A1": "<i>西片</i>"})["features"][0]["properties"]["tooltip"]
    assert tip == f"<b>{SHOWN}</b><br>&lt;i&gt;西片&lt;/i&gt; · 住宅小区<br>常住人口 1,200" and "<img" not in tip
    row = {"name": HOSTILE, "covered_share": 0.5, "nearest_minutes": 3.0, "population": 1200, "geom": box(0, 0, 1, 1)}
    tip = _grid_features([row])["features"][0]["properties"]["tooltip"]
    assert tip.startswith(f"<b>{SHOWN}</b><br>覆盖率 50.0%") and "<img" not in tip
