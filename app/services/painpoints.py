"""Pain points (痛点): places where one category of pain-point incidents keeps coming back.

A pain point is a category with at least `pain_point_min_count` incidents within one
`pain_point_cell_m` metre cell in the last `pain_point_window_days` days, as of the dataset's now. They
are recomputed from incidents (demo build, imports, live ingest) and read by the map and wall pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.config import Settings
from app.store.db import Database


@dataclass(frozen=True)
class PainPoint:
    pain_point_id: str
    rank: int
    category: str
    grid_id: str | None
    area_id: str | None
    lon: float
    lat: float
    n_window: int
    n_prev_window: int
    n_30d: int
    n_prev_30d: int
    status: str
    monthly: list[int]


def refresh(db: Database, now: datetime, settings: Settings) -> int:
    """Recompute every pain point as of `now`; returns how many there are."""
    with db.transaction() as cur:
        db.queries["painpoint/refresh"].execute(
            cur,
            now_ts=now,
            window_days=settings.pain_point_window_days,
            min_count=settings.pain_point_min_count,
            cell_m=settings.pain_point_cell_m,
        )
        return db.queries["painpoint/count"].execute(cur).fetchone()[0]


def ranked(
    db: Database, areas: list[str], categories: list[str], limit: int, grids: list[str] | None = None
) -> list[PainPoint]:
    """Pain points in the given areas, level-3 grids and categories (empty = all), busiest first."""
    rows = db.run("painpoint/ranked", areas=areas, grids=grids or [], categories=categories, limit=limit).fetchall()
    return [PainPoint(*r) for r in rows]
