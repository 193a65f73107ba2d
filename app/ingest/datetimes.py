"""Parse the date-times real exports contain into naive local time (Asia/Shanghai unless told otherwise).

Vectorised over a column: each format is tried on the values no earlier format could read, so a column
may mix formats. Values with an explicit zone (`Z`, `+08:00`, `+0800`) are converted to the local zone;
values without one are taken as local time of `tz` (a mapping's `[source] timezone`). Whole numbers of 10
or 13 digits are Unix seconds or milliseconds (UTC). Excel cells that already hold date-times are used as
they are.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd

from app.ingest.cells import stripped

LOCAL_TZ = "Asia/Shanghai"
# Tried in order after ISO 8601; the ones 12345 and 一网统管 exports use, then common spreadsheet forms.
DEFAULT_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y%m%d%H%M%S",
    "%Y%m%d %H:%M:%S",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H时%M分%S秒",
    "%Y年%m月%d日%H时%M分",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
_ZONED = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_DIGITS = re.compile(r"\d{10}|\d{13}")


def parse_datetimes(
    values: pd.Series,
    formats: tuple[str, ...] | list[str] | None = None,
    tz: str | None = None,
    town_tz: str = LOCAL_TZ,
):
    """Parse `values` → (naive datetime64[us] Series in the town's zone `town_tz`, NaT where empty or
    unreadable; boolean mask of values that were given but could not be read).

    `tz` is the zone of values that name none (default: the town's); a value that names its zone is converted
    from it. `formats` (strptime patterns) replaces the default list; ISO 8601 is always tried first.
    """
    tz = tz or town_tz
    values = pd.Series(values).reset_index(drop=True)
    n = len(values)
    # numpy masks and output: pandas' per-call cost would dominate a live request's one value.
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    text = stripped(values)
    given = text != ""
    # Cells that are already date-times (Excel, Parquet) need no parsing.
    # infer_dtype is a C loop: plain text columns (CSV, 1M rows) skip the per-value type check.
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        is_dt = np.zeros(n, dtype=bool)
    else:
        is_dt = np.fromiter((isinstance(v, (datetime, pd.Timestamp)) for v in values), dtype=bool, count=n)
    if is_dt.any():
        out[is_dt] = pd.to_datetime(values[is_dt].map(_naive_local(tz, town_tz))).to_numpy(dtype="datetime64[us]")
    todo = given & ~is_dt
    if todo.any():
        digits = todo & _matches(_DIGITS, text, full=True)
        if digits.any():
            long = np.fromiter((len(t) == 13 for t in text), dtype=bool, count=n)
            for unit, mask in (("s", digits & ~long), ("ms", digits & long)):
                if mask.any():
                    utc = pd.to_datetime(pd.Series(text[mask]).astype("int64"), unit=unit, utc=True)
                    out[mask] = utc.dt.tz_convert(town_tz).dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
            todo &= ~digits
        zoned = todo & _matches(_ZONED, text, full=False)
        if zoned.any():
            where = np.flatnonzero(zoned)
            parsed = pd.to_datetime(pd.Series(text[where]), format="ISO8601", utc=True, errors="coerce")
            ok = parsed.notna().to_numpy()
            # A value that names its zone is converted to local time whatever `tz` (the zone of values
            # that name none) says.
            local = parsed[ok].dt.tz_convert(town_tz).dt.tz_localize(None)
            out[where[ok]] = local.to_numpy(dtype="datetime64[us]")
            todo[where[ok]] = False
        patterns = ["ISO8601", *(formats or DEFAULT_FORMATS)]
        for fmt in patterns:
            if not todo.any():
                break
            where = np.flatnonzero(todo)
            parsed = pd.to_datetime(pd.Series(text[where]), format=fmt, errors="coerce")
            ok = parsed.notna().to_numpy()
            if ok.any():
                local = parsed[ok]
                if tz != town_tz:
                    local = local.dt.tz_localize(tz).dt.tz_convert(town_tz).dt.tz_localize(None)
                out[where[ok]] = local.to_numpy(dtype="datetime64[us]")
                todo[where[ok]] = False
    return pd.Series(out, dtype="datetime64[us]"), pd.Series(given & np.isnat(out))


def _matches(pattern: re.Pattern, text: np.ndarray, full: bool) -> np.ndarray:
    test = pattern.fullmatch if full else pattern.search
    return np.fromiter((test(t) is not None for t in text), dtype=bool, count=len(text))


def _naive_local(tz: str, town_tz: str):
    def convert(v):
        ts = pd.Timestamp(v)
        if ts.tzinfo is not None:
            return ts.tz_convert(town_tz).tz_localize(None)
        if tz != town_tz:
            return ts.tz_localize(tz).tz_convert(town_tz).tz_localize(None)
        return ts

    return convert
