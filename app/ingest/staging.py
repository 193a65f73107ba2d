"""Pieces shared by the importers: per-row rejection, id checks, point locations, idempotent upserts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from app.domain.lifecycle import Refusal
from app.ingest.cells import stripped
from app.ingest.coords import geometries_to_wgs84, points_to_wgs84
from app.ingest.mapping import Mapping
from app.ingest.problems import Problems
from app.ingest.readers import Table


@dataclass
class Written:
    """What happened to each staged row (by seq for incidents, by position otherwise): `inserted`,
    `updated`, `unchanged` or `refused`."""

    outcomes: dict[int, str] = field(default_factory=dict)
    refusals: dict[int, Refusal] = field(default_factory=dict)
    unassigned: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)


class Rejector:
    """Tracks which rows are still good and records the first reason for each bad one."""

    def __init__(self, table: Table, problems: Problems):
        self.rows = table.rows
        self.ok = np.ones(len(table), dtype=bool)
        self.problems = problems

    def reject(self, mask, field: str, zh: str, en: str, raw=None) -> None:
        mask = np.asarray(mask, dtype=bool) & self.ok
        if mask.any():
            raw_values = None if raw is None else np.asarray(pd.Series(raw).reset_index(drop=True))[mask]
            self.problems.add(self.rows[mask], field, zh, en, raw_values)
            self.ok &= ~mask


def text(values: pd.Series | None, n: int) -> pd.Series:
    """Values as stripped text ('' for empty), or all '' when the column is absent."""
    if values is None:
        return pd.Series([""] * n, dtype=object)
    return pd.Series(stripped(values), dtype=object)


# The ids a live client may send (an incident's, a site's, a grid's): file imports keep their source system's.
LIVE_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")


def id_form_reason(id_field: str) -> tuple[str, str]:
    """(zh, en) reason of an id not of the LIVE_ID form."""
    return (
        f"{id_field} 只能由字母、数字和 - _ . : 组成，最长 64 个字符",
        f"{id_field} must be 1 to 64 letters, digits, '-', '_', '.' or ':'",
    )


def reject_bad_ids(ids: pd.Series, id_field: str, pattern: re.Pattern[str], rj: Rejector) -> None:
    """Reject the rows whose (non-empty) id is not all of `pattern`."""
    bad = np.array([bool(v) and pattern.fullmatch(v) is None for v in ids], dtype=bool)
    rj.reject(bad, id_field, *id_form_reason(id_field), ids.str.slice(0, 80))


def ids_column(
    table: Table, mapping: Mapping, id_field: str, rj: Rejector, pattern: re.Pattern[str] | None = None
) -> pd.Series:
    """The id column as text; empty ids, ids not of `pattern` (when given) and repeats of an earlier row's id
    are rejected (the first is kept)."""
    n = len(table)
    ids = text(mapping.column(id_field, table.frame, required=True), n)
    rj.reject(ids == "", id_field, "缺少编号", f"{id_field} is empty; every row needs an id")
    if pattern is not None:
        reject_bad_ids(ids, id_field, pattern, rj)
    dup = ids.duplicated(keep="first").to_numpy() & (ids != "").to_numpy() & rj.ok
    if dup.any():
        first = pd.Series(table.rows).groupby(ids.to_numpy()).transform("first").to_numpy()
        rj.reject(
            dup,
            id_field,
            "编号重复，已保留第一次出现的行",
            f"duplicate {id_field}; the first row with it was kept",
            pd.Series([f"{i} (first: row {r})" for i, r in zip(ids, first, strict=True)]),
        )
    return ids


def points(table: Table, mapping: Mapping, crs: str | None, problems: Problems, rj: Rejector):
    """Coordinates from lon/lat columns, or from point geometries when the file has them → (lon, lat, ok)."""
    f = table.frame
    sub = Problems()
    if table.geometry is not None and mapping.source_column("lon", f) is None:
        geoms = geometries_to_wgs84(table.geometry, table.crs, crs)
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        is_point = ~missing & (shapely.get_type_id(geoms) == 0)
        rj.reject(~is_point & ~missing, "geometry", "位置不是点", "the geometry is not a point")
        lon = np.where(is_point, shapely.get_x(geoms), np.nan)
        lat = np.where(is_point, shapely.get_y(geoms), np.nan)
        lon, lat, ok = points_to_wgs84(lon, lat, "wgs84", table.rows, sub)
    else:
        lon_raw = mapping.column("lon", f, required=True)
        lat_raw = mapping.column("lat", f, required=True)
        lon, lat, ok = points_to_wgs84(lon_raw, lat_raw, crs, table.rows, sub)
    # Rows already rejected for another reason keep that one reason.
    for part in sub.parts:
        keep_part = part[np.isin(part["row_number"], table.rows[rj.ok])]
        if len(keep_part):
            problems.parts.append(keep_part)
    return lon, lat, ok


def upsert(cur, queries, entity: str, id_col: str, stage: pd.DataFrame) -> Written:
    """Insert new rows, replace changed ones and leave identical ones alone, so re-importing the same file
    changes nothing. `stage` has a `seq` column (row index in the file) and the columns of
    queries/<entity>/insert_staged.sql; <entity>/staged_status.sql classifies each staged id."""
    written = Written()
    if stage.empty:
        return written
    cur.register(f"{entity}_stage", stage)
    status = dict(queries[f"{entity}/staged_status"].execute(cur).fetchall())
    cur.unregister(f"{entity}_stage")
    outcome = {"new": "inserted", "changed": "updated", "same": "unchanged"}
    # Keyed by position: one file row may stage several rows (an OSM way splits into edges).
    for pos, key in enumerate(stage[id_col]):
        written.outcomes[pos] = outcome[status[key]]
    todo = stage[stage[id_col].map(status) != "same"]
    changed = pd.DataFrame({"id": [k for k, v in status.items() if v == "changed"]}, dtype=object)
    cur.register("changed_ids", changed)
    queries[f"{entity}/delete_changed"].execute(cur)
    cur.unregister("changed_ids")
    cur.register(f"{entity}_stage", todo)
    queries[f"{entity}/insert_staged"].execute(cur)
    cur.unregister(f"{entity}_stage")
    return written
