"""What the leaders' map shows for a view (the canonical query string): typed builders the page's
callbacks call, so the callbacks stay a line or two."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html, no_update

from app.domain import codes
from app.domain.filters import Filters, resolve_period
from app.domain.i18n import t
from app.domain.params import Bbox, lenient_number
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.domain.view import MapView
from app.geo.geojson import bbox_from_leaflet_bounds, clip_bbox, leaflet_bounds, leaflet_latlng
from app.services import coverage, mapdata, metrics, repo
from app.services.metrics import level3_ids
from app.services.painpoints import ranked as ranked_pain_points
from app.services.repo import Unit
from app.store.aggregates import dataset_now
from app.web import context
from app.web.components import map_panels as panels
from app.web.components.filter_bar import filters_from_controls
from app.web.components.markup import text, tooltip

PAGE = "map"
EMPTY = {"type": "FeatureCollection", "features": []}
RATE_METRICS = ("compliance", "coverage")
FIELDS = ("area", "dates", "layer", "category", "source", "status", "severity")
MIN_ZOOM = 11  # the leaders' map's lowest zoom; its highest is the basemap's (settings.basemap.max_zoom)
TOWN_MARGIN = 0.1  # the incident layer reads up to this share of the town's size beyond its box


def view_search(view: MapView) -> str:
    """The map's URL query, with its `?` (what the page's view store holds and the address bar shows)."""
    return "?" + view.to_query()


def drill(
    units: dict[str, Unit], filters: Filters, lang: str = "zh"
) -> tuple[int, str, str, list[tuple[str, str, str]]]:
    """(level to draw, parent of the drawn units, selected unit, breadcrumb trail) for the filters."""
    town = [(t("map.town", lang), "", "")]
    grid = filters.grids[0] if len(filters.grids) == 1 and filters.grids[0] in units else ""
    if grid:
        unit = units[grid]
        name, level, parent, area = unit.name, unit.level, unit.parent_id, unit.area_id
        trail = town + [(units[area].name, area, "")]
        if level == 3:
            trail.append((units[parent].name, area, parent))
        trail.append((name, area, grid))
        return 3, grid if level == 2 else parent, grid, trail
    if len(filters.areas) == 1 and filters.areas[0] in units:
        area = filters.areas[0]
        return 2, area, area, town + [(units[area].name, area, "")]
    return 1, "", "", town


def without_default_period(filters: Filters) -> Filters:
    """The date picker always shows a period: leave the default one (the last 30 days) out of the URL."""
    c = context.current()
    now = dataset_now(dict(c.db.run("meta/all").fetchall()))
    default = resolve_period(Filters(), now.date())
    if (filters.date_from, filters.date_to) == (default.start, default.end):
        return filters.replace(date_from=None, date_to=None)
    return filters


def grid_within_areas(grid: str, areas: tuple[str, ...]) -> str:
    """The drilled-into unit, unless the areas chosen in the bar no longer include it."""
    if not grid or not areas:
        return grid
    unit = repo.units(context.current().db).get(grid)
    return grid if unit and unit.area_id in areas else ""


def _breaks(values: list[float], metric: str) -> list[float]:
    """Four class breaks: fixed for rates, rounded quintiles of the drawn units for counts."""
    if metric == "compliance":
        return [0.6, 0.7, 0.8, 0.9]
    if metric == "coverage":
        return [0.5, 0.8, 0.95, 0.99]
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return [1, 2, 3, 4]
    out: list[float] = []
    for q in (0.2, 0.4, 0.6, 0.8):
        v = vals[min(len(vals) - 1, int(q * len(vals)))]
        v = round(v, 1) if metric == "per_1000" else float(round(v))
        out.append(max(v, (out[-1] + (0.1 if metric == "per_1000" else 1)) if out else v))
    return out


@dataclass(frozen=True)
class _View:
    """What both of a change's builders share: the parsed view, its drill-down and its scope."""

    filters: Filters
    metric: str
    lang: str
    on: set[str]
    units: dict[str, Unit]
    level: int
    parent: str
    selected: str
    trail: list[tuple[str, str, str]]
    scope: metrics.Scope


def _view(search: str) -> _View:
    c = context.current()
    view = MapView.from_query(search)
    filters, metric, lang = view.filters, view.metric, view.lang
    units = repo.units(c.db)
    level, parent, selected, trail = drill(units, filters, lang)
    scope = metrics.make_scope(c.db, filters, c.settings.stage_limits)
    return _View(filters, metric, lang, set(filters.map_layers), units, level, parent, selected, trail, scope)


def _units_fc(v: _View) -> dict:
    fc = mapdata.units(context.current().db, v.scope, v.level, v.parent)
    for f in fc["features"]:
        p = f["properties"]
        value = p.get(v.metric)
        shown = panels.pct(value) if v.metric in RATE_METRICS else ("—" if value is None else f"{value:,}")
        p["tooltip"] = tooltip(p["name"], f"{t(f'metric.{v.metric}', v.lang)}: {shown}")
    return fc


def _hideout(v: _View, fc: dict) -> dict:
    values = [f["properties"][v.metric] for f in fc["features"]]
    return {
        "metric": v.metric,
        "breaks": _breaks(values, v.metric),
        "selected": v.selected,
        "colors": list(panels.RATE if v.metric in RATE_METRICS else panels.RISING),
    }


def _pain_points(v: _View) -> list:
    if "pain" not in v.on:
        return []
    categories = _pain_categories(v.filters, context.taxonomy())
    return ranked_pain_points(context.current().db, list(v.filters.areas), categories, 10, list(v.scope.grid_ids))


def _pain_categories(filters: Filters, town: Taxonomy) -> list[str]:
    pain_layer = town.in_layer("pain_point")
    return [c for c in filters.categories if c in pain_layer]


def view_from_controls(current: str, controls: list, grid: str | None, layers: list | None, metric: str) -> str:
    """The canonical query string for the controls' values (`current` supplies the language)."""
    view = MapView.from_query(current)
    filters, _errors = filters_from_controls(view.filters, FIELDS, controls)
    grid = grid_within_areas(grid or "", filters.areas)
    filters = filters.replace(grids=(grid,) if grid else (), map_layers=tuple(layers or ()))
    return view_search(view.replace(filters=without_default_period(filters), metric=metric))


@dataclass(frozen=True)
class _Changes:
    """Which parts of the map a change of view (from `before` to `after`) redraws beyond the units and panel."""

    trail: bool  # breadcrumb: the drilled-into unit
    risk: bool  # risk sites: the unit, and the warning layer on or off
    pain: bool  # pain points (markers and list): the unit, categories, and the pain layer on or off

    @classmethod
    def between(cls, before: str | None, after: str, town: Taxonomy = DEFAULT_TAXONOMY) -> _Changes:
        if before is None:
            return cls(True, True, True)
        va, vb = MapView.from_query(before), MapView.from_query(after)
        (a, lang_a), (b, lang_b) = (va.filters, va.lang), (vb.filters, vb.lang)
        unit = (a.areas, a.grids, lang_a) != (b.areas, b.grids, lang_b)

        def toggled(layer: str) -> bool:
            return (layer in a.map_layers) != (layer in b.map_layers)

        pain_categories = _pain_categories(a, town) != _pain_categories(b, town)
        return cls(unit, unit or toggled("warning"), unit or toggled("pain") or pain_categories)


def layers_for(search: str, before: str | None = None):
    """Everything a change of view redraws but the incidents: units (and their hideout), risk sites and
    pain-point markers, the breadcrumb, and the side panel as HTML text keyed by its container's id.

    `before` is the view the page shows (None: nothing yet); risk sites, pain points and the breadcrumb are
    left as they are (no_update) when the change does not touch them. One callback on purpose: on two cores,
    a second one computing the units again slowed the redraw."""
    v = _view(search)
    changes = _Changes.between(before, search, context.taxonomy())
    fc = _units_fc(v)
    pains = _pain_points(v) if changes.pain else None
    risk, pain_fc = _map_layers(v, pains, changes)
    panel = _panel(v, fc, pains)
    crumbs = panels.breadcrumb(PAGE, v.trail, v.lang) if changes.trail else no_update
    return fc if "grids" in v.on else EMPTY, _hideout(v, fc), risk, pain_fc, crumbs, panel


def _map_layers(v: _View, pains: list | None, changes: _Changes) -> tuple:
    db = context.current().db
    if pains is None:
        pain_fc = no_update
    else:
        pain_fc = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                    "properties": {
                        "rank": p.rank,
                        "status": p.status,
                        "category": p.category,
                        "tooltip": text(
                            f"#{p.rank} {context.taxonomy().label('categories', p.category, v.lang)} · "
                            f"{t('unit.pain.n', v.lang, n=p.n_window)}"
                        ),
                    },
                }
                for p in pains
            ],
        }
    if not changes.risk:
        risk = no_update
    elif "warning" in v.on:
        risk = _risk_features(db, list(v.filters.areas), list(v.scope.grid_ids), v.lang)
    else:
        risk = EMPTY
    return risk, pain_fc


def _panel(v: _View, fc: dict, pains: list | None) -> dict[str, str]:
    """The side panel for a view as HTML text by container id: count, unit card, legend, and the pain-point
    ranking when `pains` were read for this change."""
    c = context.current()
    db, limits = c.db, c.settings.stage_limits
    by_category, figures = mapdata.category_counts(db, v.scope)
    total = sum(n for _, _, n in by_category)
    # The card describes the selected unit, else what is drawn (areas of the town, communities of an area).
    chosen = [f["properties"] for f in fc["features"] if not v.selected or f["properties"]["grid_id"] == v.selected]
    if v.selected and v.selected not in {p["grid_id"] for p in chosen}:
        chosen = [f["properties"] for f in fc["features"]]
    totals = {k: sum(p[k] for p in chosen) for k in ("n", "open_n", "overdue_n", "population")}
    cov_w = [(p["coverage"], p["population"]) for p in chosen if p["coverage"] is not None]
    weight = sum(w for _, w in cov_w)
    # No residents counted in what is shown: its coverage is unknown, not a division by zero.
    totals["coverage"] = sum(x * w for x, w in cov_w) / weight if weight else None
    name = v.trail[-1][0] if len(v.trail) > 1 else repo_town_name(db, v.lang)
    tiers = mapdata.station_tiers(db, v.scope.grid_ids or level3_ids(db, v.filters.areas))
    out = {
        f"{PAGE}-count": panels.count(PAGE, total, v.scope.period.start, v.scope.period.end, v.lang),
        f"{PAGE}-unit": panels.unit_card(
            PAGE, name, totals["population"], tiers, totals, figures, limits, by_category, v.lang
        ),
        f"{PAGE}-legend-box": panels.legend(PAGE, v.on, v.metric, _hideout(v, fc)["breaks"], v.lang),
    }
    if pains is not None:
        names = {k: u.name for k, u in v.units.items()}
        out[f"{PAGE}-pain-panel"] = panels.pain_list(PAGE, pains, names, v.lang) if "pain" in v.on else ""
    return out


def static_layers(on: set[str]) -> tuple[dict, dict]:
    """Stations and 15-minute circles: the same for every filter, so sent only when switched on or off."""
    db = context.current().db
    stations = coverage.stations_geojson(db, []) if "stations" in on else EMPTY
    for f in stations["features"]:
        f["properties"]["tooltip"] = text(f["properties"]["name"])
    return stations, coverage.circles_geojson(db, 15, []) if "circles" in on else EMPTY


def repo_town_name(db, lang: str) -> str:
    meta = dict(db.run("meta/all").fetchall())
    return meta.get("town_name_en" if lang == "en" else "town_name", t("map.town", lang))


def _risk_features(db, areas: list[str], grids: list[str], lang: str) -> dict:
    fc = mapdata.risk_sites(db, areas, grids)
    for f in fc["features"]:
        p = f["properties"]
        kind = context.taxonomy().label("risk_kinds", p["kind"], lang)
        p["tooltip"] = tooltip(p["name"], f"{kind} · {codes.WARNING_LEVELS[p['warning_level']].label(lang)}")
        p["updated_at"] = str(p["updated_at"])
    return fc


def incidents_for(search: str, bounds, zoom):
    """The incident layer for the viewport: points when few enough, else counted cells; and its note."""
    c = context.current()
    view = MapView.from_query(search)
    filters, lang = view.filters, view.lang
    if "incidents" not in filters.map_layers:
        return EMPTY, "", "points"
    # Until the map first moves it reports no bounds: it shows the extent it was fitted to. Whatever the client
    # sends, the box is cut to the town's and the zoom kept in the map's range (the cells are capped too).
    bbox = viewport_box(bounds, target_extent(c.db, filters), repo.town_extent(c.db))
    if bbox is None:
        return (
            EMPTY,
            html.Span(f"{t('map.in_view', lang)} 0", id=f"{PAGE}-inview-text", **{"data-mode": "points"}),
            "points",
        )
    scope = metrics.make_scope(c.db, filters, c.settings.stage_limits)
    view = mapdata.incidents_in_view(c.db, scope, bbox, map_zoom(zoom, c.settings.basemap.max_zoom))
    if view.mode == "bins":
        note = t("map.bins", lang, n=f"{view.in_view:,}")
    else:
        note = f"{t('map.in_view', lang)} {view.in_view:,}"
    return view.data, html.Span(note, id=f"{PAGE}-inview-text", **{"data-mode": view.mode}), view.mode


def map_zoom(zoom: object, max_zoom: int) -> float:
    """The zoom the client reports, as a number within the map's range (MIN_ZOOM..max_zoom); not a number → 14."""
    return lenient_number(None if zoom is None else str(zoom), 14.0, MIN_ZOOM, max_zoom)


def viewport_box(bounds, fitted: Bbox | None, town: Bbox | None) -> Bbox | None:
    """The box of incidents to show: the map's reported Leaflet bounds (or, before it reports any, the
    extent it was fitted to), cut to the town's extent with a margin of TOWN_MARGIN of its size; None when
    nothing of it is left (or the town has no extent)."""
    try:
        box = bbox_from_leaflet_bounds(bounds) if bounds else fitted
    except (TypeError, ValueError):  # not [[south, west], [north, east]] numbers: the fitted extent
        box = fitted
    if box is None or town is None:
        return None
    west, south, east, north = town
    dx, dy = (east - west) * TOWN_MARGIN, (north - south) * TOWN_MARGIN
    return clip_bbox(box, (west - dx, south - dy, east + dx, north + dy))


def target_viewport(areas: tuple[str, ...], grid: str, last: str | None):
    """Fit the map to the drilled-into unit (or the chosen areas) when that target changes."""
    c = context.current()
    grid = grid_within_areas(grid, areas)
    filters = Filters(areas=areas, grids=(grid,) if grid else ())
    target = ",".join(filters.grids) or ",".join(filters.areas)
    if target == (last or ""):
        return no_update, no_update
    return {"bounds": leaflet_bounds(target_extent(c.db, filters)), "transition": "flyToBounds"}, target


def target_extent(db, filters: Filters) -> tuple[float, float, float, float]:
    """The box of the drilled-into unit, else of the chosen areas, else of the town."""
    return repo.units_extent(db, list(filters.grids) or list(filters.areas))


def search_for(text: str, search: str):
    """Search results; the first hit is flown to (units are drilled into, incidents opened)."""
    c = context.current()
    lang = MapView.from_query(search).lang
    hits = mapdata.search(c.db, text)
    if not text.strip():
        return [], no_update, no_update, no_update, no_update
    if not hits:
        return html.Div(t("map.search.none", lang), className="gs-muted"), no_update, no_update, no_update, no_update
    listing = html.Ul(
        [html.Li(f"{h.id} · {h.name or ''}", **{"data-kind": h.kind}) for h in hits], id=f"{PAGE}-search-list"
    )
    first = hits[0]
    if first.kind == "unit":
        unit = repo.units(c.db)[first.id]
        level, area = unit.level, unit.area_id
        return listing, [first.id if level == 1 else area], "" if level == 1 else first.id, no_update, no_update
    # An incident kept without a place (a geocoder's default point) opens its timeline where the map is.
    viewport: object = no_update
    if first.lon is not None and first.lat is not None:
        viewport = {"center": leaflet_latlng(first.lon, first.lat), "zoom": 17, "transition": "flyTo"}
    timeline: object = no_update
    if first.kind == "incident":
        detail, events = mapdata.incident_detail(c.db, first.id)
        timeline = panels.timeline(PAGE, detail, events, c.settings.stage_limits, lang)
    return listing, no_update, no_update, viewport, timeline
