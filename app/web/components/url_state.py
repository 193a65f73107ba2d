"""The one way a page writes its view state back to the address bar.

A page's callbacks put its view's query string (`"?" + view.to_query()`, app.domain.view) in a store;
`write_url` registers, once per page at import, the clientside callback (assets/gridscope.js, `url.write`)
that puts that string in the address bar (`url_stores` holds both ends).

- `rerender=True`: for pages whose layout is built from the URL; the pages router builds them again from the
  new address, as after a link.
- `rerender=False`: for pages that redraw themselves (the leaders' map); the history entry is replaced in place.

Callbacks that need the rest of the view read the current address from the app's `app-url` location
(`current_search`).
"""

from __future__ import annotations

from dash import Input, Output, State, clientside_callback, dcc, html

# The app-wide location (app.web.factory): its `search` follows every change of the address.
APP_URL = "app-url"


def current_search() -> State:
    return State(APP_URL, "search")


def write_url(page: str, source: Input, rerender: bool) -> None:
    """Write `source` (a query string "?…", or None for nothing) to the address bar whenever it changes;
    the page places `url_stores(page)` in its layout."""
    clientside_callback(
        f"""function (search) {{
            return window.dash_clientside.url.write(search, {"true" if rerender else "false"});
        }}""",
        Output(f"{page}-url-written", "data"),
        source,
    )


def in_place(search: str) -> dict[str, object]:
    """A write that only replaces the address, whatever the page's mode: for the address a page settles on as
    it loads (the page already shows that view, so it is not built again)."""
    return {"search": search, "rerender": False}


def url_stores(page: str) -> html.Div:
    """`<page>-url`: the query string a page's callback wants in the address bar (the usual `source`);
    `<page>-url-written`: what was last written there."""
    return html.Div([dcc.Store(id=f"{page}-url"), dcc.Store(id=f"{page}-url-written")], hidden=True)
