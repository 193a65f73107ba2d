"""Parse the date-times real exports contain into naive local time (Asia/Shanghai unless told otherwise).

Vectorised over a column: each format is tried on the values no earlier format could read, so a column
may mix formats. Values with an explicit zone (`Z`, `+08:00`, `+0800`) are converted to the local zone;
values without one are taken as local time of `tz`. Whole numbers of 10 or 13 digits are Unix seconds or
milliseconds (UTC). Excel cells that already hold date-times are used as they are.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

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
_ZONED = r"(?:Z|[+-]\d{2}:?\d{2})$"


def parse_datetimes(values: pd.Series, formats: tuple[str, ...] | list[str] | None = None, tz: str = LOCAL_TZ):
    """Parse `values` → (naive local datetime64[us] Series with NaT where empty or unreadable,
    boolean mask of values that were given but could not be read).

    `formats` (strptime patterns) replaces the default list; ISO 8601 is always tried first.
    """
    values = pd.Series(values).reset_index(drop=True)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    given = ~values.isna() & (values.astype(str).str.strip() != "")
    # Cells that are already date-times (Excel, Parquet) need no parsing.
    # infer_dtype is a C loop: plain text columns (CSV, 1M rows) skip the per-value type check.
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        is_dt = pd.Series(False, index=values.index)
    else:
        is_dt = values.map(lambda v: isinstance(v, (datetime, pd.Timestamp)))
    if is_dt.any():
        stamps = pd.to_datetime(values[is_dt].map(_naive_local(tz)))
        out[is_dt] = stamps.astype("datetime64[us]")
    text = values.where(given & ~is_dt).astype(str).str.strip()
    todo = given & ~is_dt
    if todo.any():
        digits = todo & text.str.fullmatch(r"\d{10}|\d{13}")
        if digits.any():
            unit = np.where(text[digits].str.len() == 13, "ms", "s")
            for u in ("s", "ms"):
                idx = digits[digits].index[unit == u]
                if len(idx):
                    utc = pd.to_datetime(text[idx].astype("int64"), unit=u, utc=True)
                    out[idx] = utc.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[us]")
            todo &= ~digits
        zoned = todo & text.str.contains(_ZONED, regex=True)
        if zoned.any():
            parsed = pd.to_datetime(text[zoned], format="ISO8601", utc=True, errors="coerce")
            ok = parsed.notna()
            out[ok[ok].index] = parsed[ok].dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[us]")
            todo &= ~(zoned & out.notna())
        patterns = ["ISO8601", *(formats or DEFAULT_FORMATS)]
        for fmt in patterns:
            if not todo.any():
                break
            parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            ok = parsed.notna()
            if ok.any():
                idx = ok[ok].index
                local = parsed[ok]
                if tz != LOCAL_TZ:
                    local = local.dt.tz_localize(tz).dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
                out[idx] = local.astype("datetime64[us]")
                todo[idx] = False
    return out, given & out.isna()


def _naive_local(tz: str):
    def convert(v):
        ts = pd.Timestamp(v)
        if ts.tzinfo is not None:
            return ts.tz_convert(LOCAL_TZ).tz_localize(None)
        if tz != LOCAL_TZ:
            return ts.tz_localize(tz).tz_convert(LOCAL_TZ).tz_localize(None)
        return ts

    return convert
