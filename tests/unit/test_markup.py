"""The escaped HTML text of the map's side panel, and which parts of the map a change of view redraws."""

from __future__ import annotations

from app.web.components.markup import Markup, el, join
from app.web.pages.map_view import _Changes


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
