"""Monitored risk sites of the warning map (flood points, construction sites…) with their warning level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.ingest.datetimes import parse_datetimes
from app.ingest.mapping import Mapping
from app.ingest.problems import Problems
from app.ingest.readers import Table
from app.ingest.staging import Rejector, Written, ids_column, points, text, upsert

CHANGED = frozenset({"risk_site"})
# The national warning colours, as exports write them.
LEVEL_WORDS = {"蓝": 1, "蓝色": 1, "blue": 1, "黄": 2, "黄色": 2, "yellow": 2, "橙": 3, "橙色": 3, "orange": 3}
LEVEL_WORDS |= {"红": 4, "红色": 4, "red": 4, "1": 1, "2": 2, "3": 3, "4": 4, "1.0": 1, "2.0": 2, "3.0": 3, "4.0": 4}


def prepare(
    table: Table,
    mapping: Mapping,
    crs: str | None,
    problems: Problems,
    cur=None,
    queries=None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
):
    f, n = table.frame, len(table)
    rj = Rejector(table, problems)
    ids = ids_column(table, mapping, "site_id", rj)
    name = text(mapping.column("name", f, required=True), n)
    rj.reject(name == "", "name", "缺少名称", "name is empty")
    kind = text(mapping.column("kind", f, required=True), n)
    rj.reject(
        ~kind.isin(list(taxonomy.risk_kinds)),
        "kind",
        f"风险点类型无法识别，请在 [values.kind] 中对应到 {'/'.join(taxonomy.risk_kinds)}",
        f"unknown kind; map it in [values.kind] to {'/'.join(taxonomy.risk_kinds)}",
        kind,
    )
    level_text = text(mapping.column("warning_level", f, required=True), n)
    level = level_text.str.lower().map(LEVEL_WORDS)
    rj.reject(
        level.isna(),
        "warning_level",
        "预警等级应为 1–4 或 蓝/黄/橙/红",
        "warning_level must be 1-4 or blue/yellow/orange/red",
        level_text,
    )
    updated_raw = mapping.column("updated_at", f, required=True)
    updated, unreadable = parse_datetimes(
        updated_raw, mapping.formats.get("updated_at"), mapping.timezone, mapping.town_timezone
    )
    rj.reject(unreadable, "updated_at", "更新时间格式无法识别", "updated_at is not a readable date-time", updated_raw)
    rj.reject(updated.isna(), "updated_at", "缺少更新时间", "updated_at is empty")
    lon, lat, located = points(table, mapping, crs, problems, rj)
    rj.ok &= located
    keep = rj.ok
    return pd.DataFrame(
        {
            "seq": np.flatnonzero(keep),
            "site_id": ids[keep].to_numpy(),
            "name": name[keep].to_numpy(),
            "kind": kind[keep].to_numpy(),
            "warning_level": level[keep].astype("int8").to_numpy(),
            "grid_id": None,
            "area_id": None,
            "updated_at": pd.to_datetime(updated[keep]).to_numpy(),
            "wkb": shapely.to_wkb(shapely.points(lon[keep], lat[keep])),
        }
    )


def write(cur, queries, stage: pd.DataFrame) -> Written:
    return upsert(cur, queries, "risk_site", "site_id", stage)
