"""The header's page links, in the language the URL asks for (`lang=en`), which they carry along."""

from __future__ import annotations

from dash import Input, Output, callback, dcc

from app.domain.i18n import t
from app.domain.view import lang_of

PAGES = (
    ("nav.home", "/"),
    ("nav.map", "/map"),
    ("nav.coverage", "/coverage"),
    ("nav.performance", "/performance"),
    ("nav.wall", "/wall"),
)


def nav_links(search: str | None) -> list[dcc.Link]:
    lang = lang_of(search)
    suffix = "?lang=en" if lang == "en" else ""
    return [dcc.Link(t(key, lang), href=href + suffix, className="gs-nav-link") for key, href in PAGES]


@callback(Output("app-nav", "children"), Input("app-url", "search"))
def _nav(search: str | None) -> list[dcc.Link]:
    return nav_links(search)
