"""Geocoder default points: one coordinate that an implausible share of a file's incidents sit on.

A geocoder that cannot place an address often answers with a fixed point (a city centre, a district office),
and an export then holds many incidents on exactly that coordinate: 198 rows of one Boston 311 file did. The
point says nothing about where those incidents happened, so they are kept (they are real incidents and count
in every figure) but stored without a coordinate: never drawn, binned or taken for a pain point, and no grid
is found from the point (a grid code the file gives still applies). Each such row gets one warning naming the
coordinate and how many rows share it. A coordinate whose rows all give one same address is a real place that
keeps reporting (a group rental, a noisy site: what the pain-point map looks for) and stays placed.

Only whole files are checked (app.ingest.run): the rule needs the file, and the live API posts a few
incidents at a time, each of which must carry its coordinates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.ingest.problems import Problems

# A coordinate (rounded to DECIMALS, about 0.1 m) is a geocoder default when at least MIN_ROWS rows and at
# least MIN_SHARE of the file's rows hold it. The floor keeps a busy address in a small file placed; the share
# keeps a busy address in a large file placed.
MIN_ROWS = 20
MIN_SHARE = 0.01
DECIMALS = 6
FIELD = "lon,lat"


def unplace_defaults(stage: pd.DataFrame, rows: np.ndarray, rows_read: int, problems: Problems) -> pd.DataFrame:
    """`stage` (an incident staging frame: seq, grid_code, lon, lat, …) with lon and lat emptied on the rows
    whose coordinate is a geocoder default (see MIN_ROWS, MIN_SHARE), each of which gets one warning in
    `problems`. `rows` are the file's row numbers by position (Table.rows), `rows_read` how many it has."""
    if len(stage) < MIN_ROWS:
        return stage
    # One integer per rounded point (WGS-84 degrees × 10^DECIMALS fit in 29 + 28 bits), counted by hashing:
    # about 0.3 s for a million rows, a third of a group-by over the two floats.
    scale = 10**DECIMALS
    lon = np.round(stage["lon"].to_numpy(dtype=float) * scale).astype(np.int64) + 180 * scale
    lat = np.round(stage["lat"].to_numpy(dtype=float) * scale).astype(np.int64) + 90 * scale
    codes, _ = pd.factorize(lon << 29 | lat)
    held = np.bincount(codes)[codes]
    flagged = (held >= MIN_ROWS) & (held >= MIN_SHARE * rows_read)
    if not flagged.any():
        return stage
    keys = pd.DataFrame({"lon": (lon - 180 * scale) / scale, "lat": (lat - 90 * scale) / scale})
    seq = stage["seq"].to_numpy()
    has_code = stage["grid_code"].notna().to_numpy()
    address = stage["address"]
    for (x, y), where in keys[flagged].groupby(["lon", "lat"], sort=True).groups.items():
        pos = np.asarray(where)
        same = address.iloc[pos]
        if same.notna().all() and same.nunique() == 1:  # one address, many reports: a real place
            flagged[pos] = False
            continue
        n = len(pos)
        raw = f"{_number(x)},{_number(y)} shared by {n:,} rows"
        zh = f"坐标与本文件 {n:,} 行相同，疑为地理编码默认点，已保留但未落图"
        en = f"the same coordinate as {n:,} rows of this file: likely the geocoder's default point; kept, not placed"
        without, given = pos[~has_code[pos]], pos[has_code[pos]]
        problems.add(
            rows[seq[without]],
            FIELD,
            zh + "、未分配网格",
            en + " on the map and not assigned to a grid",
            raw,
            action="warning",
        )
        problems.add(
            rows[seq[given]],
            FIELD,
            zh + "（网格取自 grid_id 列）",
            en + " on the map (its grid is the one its grid_id names)",
            raw,
            action="warning",
        )
    if not flagged.any():
        return stage
    unplaced = stage.copy()
    unplaced.loc[flagged, ["lon", "lat"]] = np.nan  # stored as NULL
    return unplaced


def unplaced_inserted(stage: pd.DataFrame, outcomes: dict[int, str]) -> int:
    """How many rows of `stage` were inserted without a coordinate (Written.outcomes is keyed by seq)."""
    seqs = stage.loc[stage["lon"].isna(), "seq"].astype(int)
    return sum(outcomes.get(s) == "inserted" for s in seqs)


def _number(x: float) -> str:
    return np.format_float_positional(float(x), trim="-")
