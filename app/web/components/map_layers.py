"""Map building blocks shared by pages: the offline vector basemap, grid layers and the map itself.

Styles are JavaScript functions in assets/gridscope.js, referenced by name, so per-feature styling
needs no callback and no data beyond the features themselves.
"""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl

from app.config import Basemap
from app.services import repo
from app.store.db import Database
from app.web.components.coverage_panels import SHARE_BREAKS, SHARE_COLORS

AREA_PALETTE = ("#5b9bd5", "#ed7d31", "#70ad47", "#ffc000", "#9e7cc1", "#4bacc6", "#e06666")
BASEMAP_ATTRIBUTION = "底图：本镇矢量数据 / Basemap: town vector data"


def js(name: str) -> dict[str, str]:
    """A reference to a function in assets/gridscope.js, e.g. js("map.gridStyle")."""
    return {"variable": f"gridscope.{name}"}


def area_palette(area_ids: list[str]) -> dict[str, str]:
    return {a: AREA_PALETTE[i % len(AREA_PALETTE)] for i, a in enumerate(sorted(area_ids))}


def basemap_layers(db: Database, basemap: Basemap, page: str) -> list[Any]:
    """Water and roads from the database (and optional intranet tiles underneath), not interactive.

    Water is drawn above the grid fill (so rivers stay visible), roads below it."""
    layers: list[Any] = []
    if basemap.tile_url:
        layers.append(dl.TileLayer(url=basemap.tile_url, attribution=basemap.attribution))
    layers += [
        dl.Pane(
            dl.GeoJSON(
                id=f"{page}-water",
                data=repo.basemap_features_geojson(db),
                style=js("map.waterStyle"),
                interactive=False,
            ),
            name="basemap-water",
            style={"zIndex": 405, "pointerEvents": "none"},
        ),
        dl.Pane(
            dl.GeoJSON(id=f"{page}-roads", data=repo.roads_geojson(db), style=js("map.roadStyle"), interactive=False),
            name="basemap-roads",
            style={"zIndex": 220},
        ),
    ]
    return layers


def grid_layer(page: str, data: dict[str, Any], palette: dict[str, str]) -> Any:
    """Level-3 grids filled by functional area, in their own pane (drawn above the basemap)."""
    return dl.Pane(
        dl.GeoJSON(
            id=f"{page}-grids",
            data=data,
            style=js("map.gridStyle"),
            hideout={"palette": palette},
            hoverStyle=js("map.gridHover"),
        ),
        name="grids",
        style={"zIndex": 400},
    )


def coverage_grid_layer(page: str, data: dict[str, Any], interactive: bool = True) -> Any:
    """Level-3 grids shaded by their share covered by the service circles."""
    return dl.Pane(
        dl.GeoJSON(
            id=f"{page}-grids",
            data=data,
            style=js("coverage.gridStyle"),
            hideout={"breaks": list(SHARE_BREAKS), "colors": list(SHARE_COLORS)},
            interactive=interactive,
        ),
        name="grids",
        style={"zIndex": 400},
    )


def circles_layer(page: str, data: dict[str, Any]) -> Any:
    """The service circles, above the grids and boundaries, letting clicks through."""
    return dl.Pane(
        dl.GeoJSON(id=f"{page}-circles", data=data, style=js("coverage.circleStyle"), interactive=False),
        name="circles",
        style={"zIndex": 420, "pointerEvents": "none"},
    )


def boundary_layer(page: str, level: int, data: dict[str, Any]) -> Any:
    """Outlines of communities (level 2) or functional areas (level 1), above the grids."""
    return dl.Pane(
        dl.GeoJSON(id=f"{page}-boundary-{level}", data=data, style=js("map.boundaryStyle"), interactive=False),
        name=f"boundary-{level}",
        style={"zIndex": 410 + (2 - level) * 5, "pointerEvents": "none"},
    )


def town_map(page: str, bounds: list[list[float]], children: list[Any], max_zoom: int = 19) -> dl.Map:
    """A map fitted to Leaflet `bounds` ([[south, west], [north, east]]).

    Viewport tracking is off: with it, dash-leaflet 1.1 reads a `center` before the first fit (and fails
    without one, or overrides the fit with one). Pages that need the viewport ask for it explicitly.
    """
    return dl.Map(
        id=f"{page}-map",
        bounds=bounds,
        trackViewport=False,
        children=[
            *children,
            dl.ScaleControl(position="bottomleft", imperial=False),
            dl.AttributionControl(prefix=f"{BASEMAP_ATTRIBUTION} · Leaflet", position="bottomright"),
        ],
        zoomSnap=0.25,
        minZoom=11,
        maxZoom=max_zoom,
        attributionControl=False,
        className="gs-map",
    )


def leaders_layers(page: str, db: Database, units: Any, data: dict[str, Any]) -> list[Any]:
    """The leaders' map layers above the basemap, in drawing order: `units` (the unit choropleth's GeoJSON),
    town boundaries, circles, incidents, risk sites, stations, pain points; `data` holds the layers' GeoJSON
    by those names (missing: empty, filled later by callbacks)."""
    empty = {"type": "FeatureCollection", "features": []}

    def layer(name: str) -> Any:
        return data.get(name, empty)

    return [
        # Below Leaflet's overlay pane (400), where risk sites and other dots are drawn.
        dl.Pane(units, name="units", style={"zIndex": 390}),
        boundary_layer(page, 1, repo.grids_geojson(db, 1)),
        dl.Pane(
            dl.GeoJSON(
                id=f"{page}-circles", data=layer("circles"), style=js("coverage.circleStyle"), interactive=False
            ),
            name="circles",
            style={"zIndex": 420, "pointerEvents": "none"},
        ),
        dl.Pane(
            dl.GeoJSON(id=f"{page}-incidents", data=layer("incidents"), pointToLayer=js("leaders.incidentMarker")),
            name="incidents",
            style={"zIndex": 450},
        ),
        dl.GeoJSON(id=f"{page}-risk", data=layer("risk"), pointToLayer=js("leaders.riskSite")),
        dl.GeoJSON(id=f"{page}-stations", data=layer("stations"), pointToLayer=js("coverage.stationMarker")),
        dl.GeoJSON(id=f"{page}-pain", data=layer("pain"), pointToLayer=js("leaders.painPoint")),
    ]
