"""Mapping files (`--mapping FILE.toml`): how a foreign export's columns and values become GridScope's.

    [source]                 # all optional
    encoding = "gbk"         # else detected
    crs = "gcj02"            # else --crs, else the file's own
    timezone = "Asia/Shanghai"
    sheet = "工单"            # XLSX sheet, else the first

    [columns]                # GridScope field = column in the file
    incident_id = "工单编号"
    reported_at = "受理时间"

    [formats]                # strptime pattern(s) per date-time field, else several common ones are tried
    reported_at = "%Y/%m/%d %H:%M:%S"

    [values.category]        # the file's value = GridScope code (app/domain/codes.py)
    "群租" = "group_rental"

    [defaults]               # value of a field the file does not have
    source = "hotline"

Unmapped fields are looked up under their own name (and a few usual aliases for coordinates).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from app.ingest.problems import FileRefused

ALIASES = {
    "lon": ("lon", "lng", "longitude", "long", "x", "经度"),
    "lat": ("lat", "latitude", "y", "纬度"),
}
_SECTIONS = {"source", "columns", "formats", "values", "defaults"}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    encoding: str | None = None
    crs: str | None = None
    timezone: str | None = None  # of times that name no zone; None = the town's
    sheet: str | None = None
    # The town's zone (settings [town] timezone), that every stored time is in; set by the import, not the file.
    town_timezone: str = "Asia/Shanghai"

    def source_column(self, target: str, frame: pd.DataFrame) -> str | None:
        """The file's column holding `target`, or None when the file has none."""
        if target in self.columns:
            name = self.columns[target]
            if name not in frame.columns:
                raise FileRefused(
                    f"the mapping says {target} is column {name!r}, but the file has no such column "
                    f"(columns: {', '.join(map(str, frame.columns[:12]))})"
                )
            return name
        for name in ALIASES.get(target, (target,)):
            for col in frame.columns:
                if str(col).strip().lower() == name:
                    return col
        return None

    def column(self, target: str, frame: pd.DataFrame, required: bool = False) -> pd.Series | None:
        """The values of `target` (mapped through [values.target]); the default when absent; None if neither.
        FileRefused when a required field has no column and no default."""
        name = self.source_column(target, frame)
        if name is None:
            if target in self.defaults:
                return pd.Series([self.defaults[target]] * len(frame), index=frame.index, dtype=object)
            if required:
                raise FileRefused(
                    f"no column for {target}; name a column {target} or map it in --mapping ([columns] {target} = ...)"
                )
            return None
        values = frame[name]
        if target in self.values:
            table = self.values[target]
            text = values.astype(str).str.strip()
            mapped = text.map(table)
            values = mapped.where(mapped.notna(), values)
        if target in self.defaults:
            blank = values.isna() | (values.astype(str).str.strip() == "")
            values = values.where(~blank, self.defaults[target])
        return values


def load_mapping(path: Path | None) -> Mapping:
    """Read and check a mapping file; FileRefused with the reason when it is not valid."""
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileRefused(f"cannot read mapping {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FileRefused(f"mapping {path} is not valid TOML: {exc}") from None
    unknown = set(data) - _SECTIONS
    if unknown:
        raise FileRefused(f"mapping {path}: unknown section [{sorted(unknown)[0]}] (known: {', '.join(_SECTIONS)})")
    source = data.get("source", {})
    columns = {str(k): str(v) for k, v in data.get("columns", {}).items()}
    formats = {}
    for k, v in data.get("formats", {}).items():
        formats[str(k)] = tuple(v) if isinstance(v, list) else (str(v),)
    values = {}
    for k, table in data.get("values", {}).items():
        if not isinstance(table, dict):
            raise FileRefused(f"mapping {path}: [values.{k}] must be a table of file value = code")
        values[str(k)] = {str(a): str(b) for a, b in table.items()}
    return Mapping(
        columns=columns,
        formats=formats,
        values=values,
        defaults=dict(data.get("defaults", {})),
        encoding=source.get("encoding"),
        crs=source.get("crs"),
        timezone=source.get("timezone") or None,
        sheet=source.get("sheet"),
    )


def blank(values: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN or only spaces)."""
    return (values.isna() | (values.astype(str).str.strip() == "")).to_numpy()
