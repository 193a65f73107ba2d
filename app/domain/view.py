"""Each page's view state as one typed value, read from and written to the URL query string.

`from_query` takes a query string (with or without `?`) or a mapping of parameters and never fails: a bad
or unknown value falls back to its default (pages show what they can; the API, which must refuse, parses
with `app.domain.filters.parse_filters` instead). `to_query` writes the canonical query string, without the
`?`, leaving defaults out, so `from_query(v.to_query()) == v` and equal views have equal URLs. `lang` is part
of every page's state, so a link or a written-back URL keeps the language.

Map layers (what the leaders' map draws, `layers=`) are not incident layers (the `layer=` filter, codes
`INCIDENT_LAYERS`) and not export datasets (app.export.datasets).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from app.domain import params
from app.domain.filters import Filters, parse_filters_lenient
from app.domain.i18n import parse_lang

Query = str | Mapping[str, object] | None

# What the leaders' map can draw; "warning" is the warning map's risk sites.
MAP_LAYERS = ("grids", "stations", "circles", "warning", "pain", "incidents")
DEFAULT_MAP_LAYERS = ("grids", "stations", "warning", "pain", "incidents")
# How the map shades its units.
MAP_METRICS = ("open_n", "per_1000", "compliance", "coverage")
GRAINS = ("day", "week", "month")
# The walking minutes the coverage page and the coverage export show unless told otherwise.
DEFAULT_MINUTES = 15
SNAPSHOT_PAGES = ("map", "coverage")
SNAPSHOT_SIZE = (1600, 1000)
# The print view's own parameters; the rest of its query is the view of the page it prints.
SHEET_PARAMS = ("page", "title", "w", "h", "paper")


def query_dict(query: Query) -> dict[str, str]:
    """A query string or a mapping as {parameter: text}; list values (Flask's, Dash's) joined by commas."""
    if query is None:
        return {}
    if isinstance(query, str):
        return dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    out = {}
    for k, v in query.items():
        out[k] = ",".join(str(x) for x in v) if isinstance(v, list | tuple) else ("" if v is None else str(v))
    return out


def lang_of(query: Query) -> str:
    """The language a URL asks for (`lang=en`), on any page."""
    return parse_lang(query_dict(query).get("lang"))


def _join(*parts: str) -> str:
    return "&".join(p for p in parts if p)


def _lang(lang: str) -> str:
    return "" if lang == "zh" else urlencode({"lang": lang})


@dataclass(frozen=True)
class MapView:
    """`/map`: the filters (with the map layers shown), the shading metric and the language."""

    filters: Filters = field(default_factory=lambda: Filters(map_layers=DEFAULT_MAP_LAYERS))
    metric: str = "open_n"
    lang: str = "zh"

    @classmethod
    def from_query(cls, query: Query) -> MapView:
        raw = query_dict(query)
        filters, _errors = parse_filters_lenient(query)
        if not filters.map_layers:
            filters = filters.replace(map_layers=DEFAULT_MAP_LAYERS)
        metric = raw.get("metric") if raw.get("metric") in MAP_METRICS else "open_n"
        return cls(filters, metric, parse_lang(raw.get("lang")))

    def to_query(self) -> str:
        query = self.filters.to_query()
        if set(self.filters.map_layers) == set(DEFAULT_MAP_LAYERS):
            query = "&".join(p for p in query.split("&") if not p.startswith("layers="))
        metric = "" if self.metric == "open_n" else urlencode({"metric": self.metric})
        return _join(query, metric, _lang(self.lang))

    def replace(self, **changes) -> MapView:
        return replace(self, **changes)


@dataclass(frozen=True)
class PerformanceView:
    """`/performance`: the filters, the time grain ('' = chosen from the period's length) and the language."""

    filters: Filters = field(default_factory=Filters)
    grain: str = ""
    lang: str = "zh"
    # Bad parameters, for the page's notice (not part of the state: equal views compare equal).
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Query) -> PerformanceView:
        raw = query_dict(query)
        filters, errors = parse_filters_lenient(query)
        notes = [str(e) for e in errors]
        grain = raw.get("grain") or ""
        if grain and grain not in GRAINS:
            notes.append(f"bad value {grain!r} for parameter 'grain'")
            grain = ""
        return cls(filters, grain, parse_lang(raw.get("lang")), tuple(notes))

    def to_query(self) -> str:
        return _join(self.filters.to_query(), urlencode({"grain": self.grain}) if self.grain else "", _lang(self.lang))


@dataclass(frozen=True)
class CoverageView:
    """`/coverage`: the functional areas shown, the walking minutes and the language."""

    areas: tuple[str, ...] = ()
    minutes: int = DEFAULT_MINUTES
    lang: str = "zh"

    @classmethod
    def from_query(
        cls, query: Query, known_areas: list[str] | None = None, known_minutes: list[int] | None = None
    ) -> CoverageView:
        """Areas and minutes not among the known ones (when given) are left out / replaced by the default,
        else the longest computed duration."""
        raw = query_dict(query)
        areas = tuple(sorted({a for a in (raw.get("area") or "").split(",") if a}))
        if known_areas is not None:
            areas = tuple(a for a in areas if a in known_areas)
        minutes = params.lenient_whole_number(raw.get("minutes"), DEFAULT_MINUTES, -(10**9), 10**9)
        if known_minutes and minutes not in known_minutes:
            minutes = DEFAULT_MINUTES if DEFAULT_MINUTES in known_minutes else max(known_minutes)
        return cls(areas, minutes, parse_lang(raw.get("lang")))

    def to_query(self) -> str:
        pairs = {}
        if self.areas:
            pairs["area"] = ",".join(sorted(self.areas))
        if self.minutes != DEFAULT_MINUTES:
            pairs["minutes"] = str(self.minutes)
        return _join(urlencode(pairs, safe=","), _lang(self.lang))


@dataclass(frozen=True)
class WallView:
    """`/wall`: rotation, refresh and staleness in seconds, the areas to rotate through and the language.

    Bad values fall back to the defaults and out-of-range ones are clamped: nobody is there to read an error."""

    rotate: float = 60.0  # seconds per focus; 0 = off
    refresh: float = 30.0  # seconds between data fetches
    stale: float = 0.0  # seconds without an answer before the banner; 0 = twice the refresh, at least 10 s
    still: float = 1800.0  # seconds of unchanged data before the banner; 0 = never
    areas: tuple[str, ...] = ()  # areas to rotate through; () = all
    lang: str = "zh"

    @classmethod
    def from_query(cls, query: Query, defaults: WallView | None = None) -> WallView:
        """The wall's view from its URL; `defaults` are the deployment's (settings [wall])."""
        d = defaults or cls()
        raw = query_dict(query)
        rotate = params.lenient_number(raw.get("rotate"), d.rotate, 0.0, 86_400.0)
        if 0 < rotate < 5:
            rotate = 5.0
        filters, _ = parse_filters_lenient({"area": raw.get("areas", "")})
        return cls(
            rotate=rotate,
            refresh=params.lenient_number(raw.get("refresh"), d.refresh, 0.1, 3_600.0),
            stale=params.lenient_number(raw.get("stale"), d.stale, 0.0, 86_400.0),
            still=params.lenient_number(raw.get("still"), d.still, 0.0, 7 * 86_400.0),
            areas=filters.areas,
            lang=parse_lang(raw.get("lang")),
        )

    def to_query(self, defaults: WallView | None = None) -> str:
        defaults = defaults or WallView()
        pairs = [
            (k, f"{getattr(self, k):g}")
            for k in ("rotate", "refresh", "stale", "still")
            if getattr(self, k) != getattr(defaults, k)
        ]
        if self.areas:
            pairs.append(("areas", ",".join(self.areas)))
        return _join(urlencode(pairs, safe=","), _lang(self.lang))


@dataclass(frozen=True)
class SnapshotView:
    """`/snapshot`: the print view of a page — which page, the sheet's size, title and paper, and the printed
    page's own view (its query string)."""

    page: str = "map"
    width: int = SNAPSHOT_SIZE[0]
    height: int = SNAPSHOT_SIZE[1]
    title: str = ""
    paper: str = ""
    view: str = ""  # the printed page's query, without "?"

    @classmethod
    def from_query(cls, query: Query) -> SnapshotView:
        """`page` is kept as given (the page answers an unknown one with a sentence); sizes are clamped."""
        raw = query_dict(query)
        return cls(
            page=raw.get("page") or "map",
            width=params.lenient_whole_number(raw.get("w"), SNAPSHOT_SIZE[0], 400, 8000),
            height=params.lenient_whole_number(raw.get("h"), SNAPSHOT_SIZE[1], 300, 8000),
            title=raw.get("title", ""),
            paper=raw.get("paper", ""),
            view=urlencode({k: v for k, v in raw.items() if k not in SHEET_PARAMS}, safe=","),
        )

    @property
    def lang(self) -> str:
        return lang_of(self.view)

    def to_query(self) -> str:
        """`page=…&<view>&w=…&h=…[&title=…][&paper=…]`."""
        sheet = [(k, getattr(self, k)) for k in ("title", "paper") if getattr(self, k)]
        return _join(
            urlencode({"page": self.page}),
            self.view,
            urlencode([("w", str(self.width)), ("h", str(self.height)), *sheet], safe=","),
        )

    @classmethod
    def of_page(cls, page: str, page_query: str, **sheet) -> SnapshotView:
        """The print view of `page` showing the view `page_query` (a page URL's query; sheet parameters in it
        are left out)."""
        view = [(k, v) for k, v in parse_qsl(page_query.lstrip("?")) if k not in SHEET_PARAMS]
        return cls(page=page, view=urlencode(view, safe=","), **sheet)


@dataclass(frozen=True)
class HomeView:
    """`/`: the language only."""

    lang: str = "zh"

    @classmethod
    def from_query(cls, query: Query) -> HomeView:
        return cls(lang_of(query))

    def to_query(self) -> str:
        return _lang(self.lang)
