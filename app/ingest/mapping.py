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
    # Field → the file's column that names each of its values (Open311: category → service_name), so that the
    # summary and --write-mapping show a readable name beside an opaque code.
    labels: dict[str, str] = field(default_factory=dict)

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
        # A value left empty (as --write-mapping writes them) is not mapped yet.
        values[str(k)] = {str(a): str(b) for a, b in table.items() if str(b).strip()}
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


def value_labels(mapping: Mapping, frame: pd.DataFrame, fields: list[str]) -> dict[str, dict[str, str]]:
    """For each field with a label column (Mapping.labels), each value's most frequent label in the file."""
    out: dict[str, dict[str, str]] = {}
    for target in fields:
        label_col = mapping.labels.get(target)
        source = mapping.source_column(target, frame) if label_col in frame.columns else None
        if source is None:
            continue
        pairs = pd.DataFrame(
            {"v": frame[source].astype(str).str.strip(), "l": frame[label_col].astype(str).str.strip()}
        )
        pairs = pairs[pairs["l"] != ""]
        counted = pairs.groupby(["v", "l"], sort=False).size().sort_values(ascending=False, kind="stable")
        out[target] = {}
        for (value, label), _n in counted.items():
            out[target].setdefault(value, label)
    return out


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(str(text), ensure_ascii=False)


def write_mapping(
    path: Path,
    mapping: Mapping,
    unknown: dict[str, list[tuple[str, int]]],
    labels: dict[str, dict[str, str]],
    codes_of: dict[str, list[str]],
) -> Path:
    """Write `mapping` (the one the import used, or an empty one) as a mapping file, with every unknown value
    of each field listed under [values.FIELD] as `"value" = ""` for the user to fill in: its count and label
    in a comment, and the codes that field accepts above it. Empty entries are ignored when the file is read,
    so a half-filled file already works."""
    lines = [
        '# Written by gridscope import --write-mapping: fill in each empty "" with a code listed above it,',
        "# then import again with --mapping this file. Values left empty stay unmapped.",
        "",
    ]
    source = {"encoding": mapping.encoding, "crs": mapping.crs, "timezone": mapping.timezone, "sheet": mapping.sheet}
    sections = [
        ("source", {k: v for k, v in source.items() if v}),
        ("columns", mapping.columns),
        ("formats", {k: list(v) for k, v in mapping.formats.items()}),
        ("defaults", mapping.defaults),
    ]
    for name, table in sections:
        if table:
            lines.append(f"[{name}]")
            lines += [f"{_toml_string(k)} = {_toml_value(v)}" for k, v in table.items()]
            lines.append("")
    for target in sorted(set(mapping.values) | set(unknown)):
        lines.append(f"[values.{target}]")
        if codes_of.get(target):
            lines.append(f"# codes: {', '.join(codes_of[target])}")
        lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in mapping.values.get(target, {}).items()]
        for value, n in unknown.get(target, []):
            label = labels.get(target, {}).get(value)
            note = f"{label} · {n:,} rows" if label else f"{n:,} rows"
            lines.append(f'{_toml_string(value)} = ""  # {note.replace(chr(10), " ")}')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return _toml_string(v)
