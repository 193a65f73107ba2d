"""Frozen settings: everything a deployment may change, and nothing mutable at module level."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from app import QUERIES_DIR
from app.domain import taxonomy as tax
from app.errors import AppError

DEFAULT_DB_NAME = "gridscope.duckdb"


def default_db_path() -> Path:
    """The database file: `GRIDSCOPE_DB` if set, else `gridscope.duckdb` in the working directory."""
    env = os.environ.get("GRIDSCOPE_DB")
    return Path(env) if env else Path.cwd() / DEFAULT_DB_NAME


def default_snapshot_renders() -> int:
    """Snapshots drawn at a time unless the settings say: one per two cores this process may use, 1 to 2.

    On two cores, two renders at a time took both from the server (its /api/health over 1 s under 20 concurrent
    snapshot requests) and drew only a few more snapshots a minute than one at a time (benchmarks/README.md)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2)
    return min(2, max(1, cores // 2))


@dataclass(frozen=True)
class StageLimits:
    """The 51530 limits in minutes, each measured from `reported_at`."""

    respond: int = 5
    arrive: int = 15
    dispose: int = 30
    # The share of incidents each stage should meet: the target line and the actual/target ratio.
    target_rate: float = 0.9


@dataclass(frozen=True)
class Basemap:
    """Optional raster tiles under the vector layers; empty `tile_url` means vector basemap only.

    `crs` is the coordinate system the tiles are drawn in: "wgs84" (WGS-84/CGCS2000) or "gcj02".
    """

    tile_url: str = ""
    attribution: str = ""
    crs: str = "wgs84"
    max_zoom: int = 19


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    queries_dir: Path = QUERIES_DIR
    # The town's name as the settings file gives it; empty = the name the data carries (the level-0 grid's).
    town_name: str = ""
    town_name_en: str = ""
    # Every time in the database is naive local time in this zone.
    timezone: str = "Asia/Shanghai"
    level_names: tuple[str, str, str, str] = ("镇", "功能片区", "居村委", "网格")
    level_names_en: tuple[str, str, str, str] = ("Town", "Functional area", "Community", "Grid")
    stage_limits: StageLimits = field(default_factory=StageLimits)
    walking_speed_kmh: float = 4.5
    # The walking times the service circles are computed for; /coverage offers these.
    circle_minutes: tuple[int, ...] = (5, 10, 15)
    # A pain point: at least this many pain-point incidents of one category in one cell within the window.
    pain_point_min_count: int = 5
    pain_point_window_days: int = 90
    pain_point_cell_m: float = 100.0
    basemap: Basemap = field(default_factory=Basemap)
    refresh_seconds: int = 30
    # The wall's default seconds per area in rotation (0 = no rotation) and before the stale banner (0 = twice
    # the refresh, at least 10 s); its URL may override both.
    wall_rotate_seconds: float = 60.0
    wall_stale_seconds: float = 0.0
    taxonomy: tax.Taxonomy = tax.DEFAULT
    # Whether the settings file gave the categories: if not, a database that carries its own taxonomy keeps it.
    categories_from_file: bool = field(default=False, compare=False)
    language: str = "zh"
    # DuckDB threads per query in the server: its requests run side by side (two callbacks per map change,
    # three reads at a time for /performance, the ingest writer), so on a small machine one thread per query
    # wastes less than splitting each query (measured on 2 cores under load: a third less CPU per map change).
    server_query_threads: int = 1
    # The server checkpoints after a write when this many seconds passed since its last checkpoint, so live
    # writes leave memory (and the WAL) steadily; one checkpoint of a few minutes' writes takes milliseconds.
    server_checkpoint_seconds: float = 60.0
    # The address the server's own browser (snapshots) reaches the app at; `serve` sets it from its host and
    # port. Never taken from a request: its Host header is the client's to choose.
    server_base_url: str = ""
    # Snapshots the server draws at a time (default: one per two cores, at most 2; Chromium's software rendering
    # takes a core per render), how many more may wait for a turn (beyond those a request is answered 429 at
    # once), how long one may wait for its turn, and how long one render may take (504).
    snapshot_renders: int = field(default_factory=default_snapshot_renders)
    snapshot_queue: int = 8
    snapshot_wait_seconds: float = 60.0
    snapshot_timeout_seconds: float = 60.0
    # Sign-in: a session ends after this long unused, and after this long whatever; cookies are Secure when
    # the site is served over HTTPS; the audit log keeps this many days.
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    https: bool = False
    audit_days: int = 365

    def with_db(self, db_path: Path | str) -> Settings:
        return replace(self, db_path=Path(db_path))


CONFIG_NAME = "gridscope.toml"


class SettingsFileError(AppError):
    """The settings file cannot be used; the message names the file, the key and the form expected."""


def config_path(given: Path | None, db_path: Path) -> Path | None:
    """The settings file to read: `given` (--config), else `$GRIDSCOPE_CONFIG`, else gridscope.toml beside the
    database when there is one; None means the shipped defaults."""
    if given is not None:
        return given
    env = os.environ.get("GRIDSCOPE_CONFIG")
    if env:
        return Path(env)
    beside = db_path.parent / CONFIG_NAME
    return beside if beside.exists() else None


def _whole(low: int, high: int, what: str):
    def check(v):
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
            raise ValueError(f"{what} from {low} to {high}")
        return v

    return check


def _number(low: float, high: float, what: str):
    def check(v):
        if isinstance(v, bool) or not isinstance(v, int | float) or not low <= v <= high:
            raise ValueError(f"{what} from {low:g} to {high:g}")
        return float(v)

    return check


def _flag(v):
    if not isinstance(v, bool):
        raise ValueError("true or false")
    return v


def _text(v):
    if not isinstance(v, str):
        raise ValueError("text in quotes")
    return v


def _four_names(v):
    if not (isinstance(v, list) and len(v) == 4 and all(isinstance(x, str) and x.strip() for x in v)):
        raise ValueError('four names, town to grid, e.g. ["镇", "功能片区", "居村委", "网格"]')
    return tuple(v)


def _base_url(v):
    if not (isinstance(v, str) and v.startswith(("http://", "https://"))):
        raise ValueError('the address the app answers at on this machine, e.g. "http://127.0.0.1:8050"')
    return v.rstrip("/")


def _timezone(v):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(v if isinstance(v, str) else "")
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError('an IANA time zone, e.g. "Asia/Shanghai"') from None
    return v


def _minutes_list(v):
    if not (isinstance(v, list) and v and all(isinstance(m, int) and not isinstance(m, bool) for m in v)):
        raise ValueError("a list of whole minutes, e.g. [5, 10, 15]")
    if not all(1 <= m <= 60 for m in v) or len(set(v)) != len(v):
        raise ValueError("distinct whole minutes from 1 to 60")
    return tuple(sorted(v))


def _crs(v):
    if v not in ("wgs84", "gcj02"):
        raise ValueError('"wgs84" (WGS-84/CGCS2000) or "gcj02"')
    return v


# [section] key → (where it goes: a Settings field, or "limits."/"basemap." and a field of those, its check).
_KEYS = {
    "town": {
        "name": ("town_name", _text),
        "name_en": ("town_name_en", _text),
        "timezone": ("timezone", _timezone),
    },
    "levels": {
        "names": ("level_names", _four_names),
        "names_en": ("level_names_en", _four_names),
    },
    "51530": {
        "respond_minutes": ("limits.respond", _whole(1, 1440, "whole minutes")),
        "arrive_minutes": ("limits.arrive", _whole(1, 1440, "whole minutes")),
        "dispose_minutes": ("limits.dispose", _whole(1, 10080, "whole minutes")),
        "target_rate": ("limits.target_rate", _number(0.0, 1.0, "a share")),
    },
    "coverage": {
        "walking_speed_kmh": ("walking_speed_kmh", _number(1.0, 10.0, "km/h")),
        "circle_minutes": ("circle_minutes", _minutes_list),
    },
    "pain_points": {
        "min_count": ("pain_point_min_count", _whole(1, 10_000, "a count")),
        "window_days": ("pain_point_window_days", _whole(1, 3650, "days")),
        "cell_m": ("pain_point_cell_m", _number(10.0, 5000.0, "metres")),
    },
    "basemap": {
        "tile_url": ("basemap.tile_url", _text),
        "attribution": ("basemap.attribution", _text),
        "crs": ("basemap.crs", _crs),
        "max_zoom": ("basemap.max_zoom", _whole(10, 22, "a zoom level")),
    },
    "wall": {
        "refresh_seconds": ("refresh_seconds", _whole(1, 3600, "seconds")),
        "rotate_seconds": ("wall_rotate_seconds", _number(0.0, 86_400.0, "seconds (0 = no rotation)")),
        "stale_seconds": ("wall_stale_seconds", _number(0.0, 86_400.0, "seconds (0 = twice the refresh)")),
    },
    "server": {
        "query_threads": ("server_query_threads", _whole(1, 64, "threads")),
        "checkpoint_seconds": ("server_checkpoint_seconds", _number(1.0, 86_400.0, "seconds")),
        "base_url": ("server_base_url", _base_url),
    },
    "snapshots": {
        "renders": ("snapshot_renders", _whole(1, 8, "snapshots at a time")),
        "queue": ("snapshot_queue", _whole(0, 64, "waiting snapshots")),
        "wait_seconds": ("snapshot_wait_seconds", _number(1.0, 3600.0, "seconds")),
        "timeout_seconds": ("snapshot_timeout_seconds", _number(1.0, 3600.0, "seconds")),
    },
    "auth": {
        "session_idle_minutes": ("session_idle_minutes", _whole(1, 7 * 24 * 60, "minutes")),
        "session_max_hours": ("session_max_hours", _whole(1, 24 * 90, "hours")),
        "https": ("https", _flag),
        "audit_days": ("audit_days", _whole(1, 3650, "days")),
    },
    "taxonomy": {
        "categories": ("taxonomy.categories", lambda v: tax.parse_table("categories", v, with_layer=True)),
        "sources": ("taxonomy.sources", lambda v: tax.parse_table("sources", v)),
        "station_tiers": ("taxonomy.station_tiers", lambda v: tax.parse_table("station_tiers", v)),
        "departments": ("taxonomy.departments", lambda v: tax.parse_table("departments", v)),
        "risk_kinds": ("taxonomy.risk_kinds", lambda v: tax.parse_table("risk_kinds", v)),
        "fallback_category": ("taxonomy.fallback_category", _text),
    },
}


def load_settings(db_path: Path, config: Path | None = None) -> Settings:
    """The settings of a deployment: the defaults, overridden by the settings file (see `config_path`), on the
    database `db_path`. Raises SettingsFileError naming the file, the key and the form expected."""
    import tomllib

    settings = Settings(db_path=Path(db_path))
    path = config_path(config, Path(db_path))
    if path is None:
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsFileError(f"{path}: no such settings file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsFileError(f"{path}: not a valid TOML file: {exc}") from None
    top: dict[str, object] = {}
    limits: dict[str, object] = {}
    basemap: dict[str, object] = {}
    taxonomy: dict[str, object] = {}
    for section, values in data.items():
        if section not in _KEYS:
            raise SettingsFileError(f"{path}: unknown section [{section}]; expected one of {', '.join(_KEYS)}")
        if not isinstance(values, dict):
            raise SettingsFileError(f"{path}: [{section}] must be a table of keys")
        for key, value in values.items():
            if key not in _KEYS[section]:
                known = ", ".join(_KEYS[section])
                raise SettingsFileError(f"{path}: unknown key {key} in [{section}]; expected one of {known}")
            target, check = _KEYS[section][key]
            try:
                checked = check(value)
            except ValueError as exc:
                if section == "taxonomy":  # the table's own message names the entry and its key
                    raise SettingsFileError(f"{path}: [taxonomy] {exc}") from None
                raise SettingsFileError(f"{path}: [{section}] {key} must be {exc}, not {value!r}") from None
            group, _, name = target.rpartition(".")
            {"": top, "limits": limits, "basemap": basemap, "taxonomy": taxonomy}[group][name] = checked
    stage = replace(settings.stage_limits, **limits)
    if not stage.respond <= stage.arrive <= stage.dispose:
        raise SettingsFileError(
            f"{path}: [51530] limits must grow stage by stage: respond ≤ arrive ≤ dispose, "
            f"not {stage.respond}, {stage.arrive}, {stage.dispose}"
        )
    town_taxonomy = replace(settings.taxonomy, **taxonomy)
    fallback = town_taxonomy.fallback_category
    if fallback and fallback not in town_taxonomy.categories:
        raise SettingsFileError(
            f"{path}: [taxonomy] fallback_category {fallback!r} is not one of the categories; "
            'add it to [[taxonomy.categories]] or set fallback_category = "" to reject unknown categories'
        )
    return replace(
        settings,
        stage_limits=stage,
        basemap=replace(settings.basemap, **basemap),
        taxonomy=town_taxonomy,
        categories_from_file="categories" in taxonomy,
        **top,
    )
