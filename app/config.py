"""Frozen settings: everything a deployment may change, and nothing mutable at module level."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from app import QUERIES_DIR

DEFAULT_DB_NAME = "gridscope.duckdb"


def default_db_path() -> Path:
    """The database file: `GRIDSCOPE_DB` if set, else `gridscope.duckdb` in the working directory."""
    env = os.environ.get("GRIDSCOPE_DB")
    return Path(env) if env else Path.cwd() / DEFAULT_DB_NAME


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


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=default_db_path)
    queries_dir: Path = QUERIES_DIR
    level_names: tuple[str, str, str, str] = ("镇", "功能片区", "居村委", "网格")
    level_names_en: tuple[str, str, str, str] = ("Town", "Functional area", "Community", "Grid")
    stage_limits: StageLimits = field(default_factory=StageLimits)
    walking_speed_kmh: float = 4.5
    # A pain point: at least this many pain-point incidents of one category in one cell within the window.
    pain_point_min_count: int = 5
    pain_point_window_days: int = 90
    pain_point_cell_m: float = 100.0
    basemap: Basemap = field(default_factory=Basemap)
    refresh_seconds: int = 30
    language: str = "zh"
    # DuckDB threads per query in the server: its requests run side by side (two callbacks per map change,
    # three reads at a time for /performance, the ingest writer), so on a small machine one thread per query
    # wastes less than splitting each query (measured on 2 cores under load: a third less CPU per map change).
    server_query_threads: int = 1
    # The server checkpoints after a write when this many seconds passed since its last checkpoint, so live
    # writes leave memory (and the WAL) steadily; one checkpoint of a few minutes' writes takes milliseconds.
    server_checkpoint_seconds: float = 60.0

    def with_db(self, db_path: Path | str) -> Settings:
        return replace(self, db_path=Path(db_path))
