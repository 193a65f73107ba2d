"""Party-mass service stations from geodata or a spreadsheet with coordinates (station lists come in Excel)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import shapely

from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.ingest.mapping import Mapping
from app.ingest.problems import Problems
from app.ingest.readers import Table
from app.ingest.staging import Rejector, Written, ids_column, points, text, upsert

CHANGED = frozenset({"station"})
_SEPARATORS = re.compile(r"[;,；，、|]")


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
    ids = ids_column(table, mapping, "station_id", rj)
    name = text(mapping.column("name", f, required=True), n)
    rj.reject(name == "", "name", "缺少站点名称", "name is empty")
    tier = text(mapping.column("tier", f, required=True), n)
    rj.reject(
        ~tier.isin(list(taxonomy.station_tiers)),
        "tier",
        f"站点层级无法识别，请在 [values.tier] 中对应到 {'/'.join(taxonomy.station_tiers)}",
        f"unknown tier; map it in [values.tier] to {'/'.join(taxonomy.station_tiers)}",
        tier,
    )
    services = text(mapping.column("services", f), n).map(
        lambda s: [p.strip() for p in _SEPARATORS.split(s) if p.strip()]
    )
    lon, lat, located = points(table, mapping, crs, problems, rj)
    rj.ok &= located
    keep = rj.ok
    none_if_blank = lambda s: s[keep].replace("", None).to_numpy()  # noqa: E731
    return pd.DataFrame(
        {
            "seq": np.flatnonzero(keep),
            "station_id": ids[keep].to_numpy(),
            "name": name[keep].to_numpy(),
            "tier": tier[keep].to_numpy(),
            "grid_id": None,
            "area_id": None,
            "services": services[keep].to_numpy(),
            "open_hours": none_if_blank(text(mapping.column("open_hours", f), n)),
            "address": none_if_blank(text(mapping.column("address", f), n)),
            "wkb": shapely.to_wkb(shapely.points(lon[keep], lat[keep])),
        }
    )


def write(cur, queries, stage: pd.DataFrame) -> Written:
    return upsert(cur, queries, "station", "station_id", stage)
