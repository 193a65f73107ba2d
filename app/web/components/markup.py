"""Escaped HTML text for side panels drawn as one block.

A panel rebuilt on every filter change costs the Dash renderer about 1 ms per component (each is a React
component wired to the store), so the leaders' map sends its panel as HTML text that one clientside callback
writes into its container (assets/gridscope.js `leaders.drawPanel`). Every text and attribute value passes
through `html.escape` here; only `Markup` (text this module built) is inserted as is. Map tooltips, which
Leaflet also shows as HTML, are built here too (`tooltip`).

    el("li", el("b", "噪声"), " 12", className="gs-pain", data_rank=1)
    → '<li class="gs-pain" data-rank="1"><b>噪声</b> 12</li>'
"""

from __future__ import annotations

from html import escape

# Python keyword-safe names → HTML attribute names; other underscores become hyphens (data_rank → data-rank).
_ATTR = {"className": "class", "htmlFor": "for"}


class Markup(str):
    """HTML text built by `el` (safe to insert as is)."""


def _attr(name: str, value: object) -> str:
    key = _ATTR.get(name, name.replace("_", "-"))
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    return f' {key}="{escape(str(value), quote=True)}"'


def _text(child: object) -> str:
    if child is None or child is False:
        return ""
    if isinstance(child, Markup):
        return child
    if isinstance(child, list | tuple):
        return "".join(_text(c) for c in child)
    return escape(str(child), quote=False)


def el(tag: str, *children: object, **attrs: object) -> Markup:
    """One element: children are text (escaped), `Markup`, lists of them or None; attributes with value None
    are left out; `style` may be a dict."""
    opening = "".join(_attr(k, v) for k, v in attrs.items() if v is not None)
    return Markup(f"<{tag}{opening}>{_text(children)}</{tag}>")


def join(*parts: object) -> Markup:
    """Several elements (or texts) side by side."""
    return Markup(_text(parts))


def tooltip(title: object, *lines: object) -> Markup:
    """A map feature's `tooltip` property, which Leaflet shows as HTML: the title in bold, then one line per
    non-empty item; names, addresses and opening hours from the data stay text."""
    shown = [_text(line) for line in lines if line is not None and line != ""]
    return Markup("<br>".join([el("b", title), *shown]))


def text(value: object) -> Markup:
    """Plain text as HTML (a tooltip without a title)."""
    return Markup(_text(value))
