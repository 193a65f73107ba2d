"""What a town has not imported yet: one sentence per missing kind, in the page's language, with the command
that adds it. Pages show the kinds they need (a town needs only grids to be served)."""

from __future__ import annotations

from dash import html

from app.domain.i18n import t
from app.services.repo import TownSummary

KINDS = ("incidents", "stations", "roads", "risk_sites")


def missing_kinds(summary: TownSummary) -> list[str]:
    """The kinds of data the town has none of, in KINDS order."""
    have = {
        "incidents": summary.incidents,
        "stations": summary.stations,
        "roads": summary.road_edges,
        "risk_sites": summary.risk_sites,
    }
    return [k for k in KINDS if not have[k]]


def notice(page: str, kinds: list[str], lang: str) -> html.Div | None:
    """The sentences for `kinds` (None when nothing is missing), id `<page>-missing`."""
    if not kinds:
        return None
    return html.Div(
        id=f"{page}-missing",
        className="gs-missing",
        role="note",
        children=[
            html.B(t("missing.title", lang)),
            html.Ul([html.Li(t(f"missing.{k}", lang), **{"data-kind": k}) for k in kinds]),
        ],
    )
