"""File formats for data exports, a registry like datasette's: each format turns a header and batches of
rows into bytes without holding more than one batch.

- csv: UTF-8 with a BOM (so Excel shows Chinese); geometry left out, points keep their lon / lat columns.
- xlsx: openpyxl's write-only workbook (rows go to a temporary file as they come); one sheet, a bold
  frozen header; at most 1,048,575 rows, Excel's limit.

No text becomes a spreadsheet formula. Text starting with =, +, -, @, a tab or a carriage return is written to
CSV with a leading apostrophe (OWASP's rule against CSV injection; the SQL-written incident lines of
queries/export/incidents_csv.sql do the same through the csv_field macro), and to XLSX as a text cell that
keeps its text as it is (quote-prefixed, so editing it in Excel does not make it a formula either). Control
characters XML cannot hold (NUL and the like) are left out of XLSX text.
- geojson: a FeatureCollection written feature by feature; points from lon / lat, polygons from WKB
  through app.geo.geojson (the one place coordinates are handled).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import ParamError
from app.geo.geojson import geometries_to_geojson, point_feature

XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows less the header
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where written CSV text may hold a field that starts like a formula: a cheap test of a whole batch before
# looking at its values (a match inside a quoted field is a false alarm; the values decide).
_MAYBE_FORMULA = re.compile(r'(?:^|,)(?:"?[=+\-@\t]|"\r)', re.MULTILINE)  # csv quotes a field holding \r


class ExportTooLarge(ParamError):
    """The rows do not fit the format (an Excel sheet); the message says what to use instead."""

    def __init__(self, reason: str):
        super().__init__("format", "xlsx", reason, "超过 Excel 单表行数上限，请导出 CSV")


@dataclass(frozen=True)
class Geometry:
    """Where a layer's geometry is: `kind` 'lonlat' (two columns) or 'wkb' (one column), by column name."""

    kind: str
    columns: tuple[str, ...]


Batches = Iterable[Sequence[tuple]]


def _without(columns: Sequence[str], geometry: Geometry | None) -> tuple[list[str], list[int]]:
    """Header and column indexes of the tabular formats: a WKB column is left out."""
    drop = set(geometry.columns) if geometry and geometry.kind == "wkb" else set()
    keep = [i for i, c in enumerate(columns) if c not in drop]
    return [columns[i] for i in keep], keep


def cursor_batches(cur, size: int) -> Iterator[list[tuple]]:
    """A cursor's rows, `size` at a time; the cursor is closed at the end, also when the reader stops early
    (a client gone mid-download): an open read would pin later writes in memory."""
    try:
        while rows := cur.fetchmany(size):
            yield rows
    finally:
        cur.close()


def csv_text(value: Any) -> Any:
    """A string a spreadsheet would read as a formula with a leading apostrophe; any other value as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv_rows(rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    # csv writes str(value): datetimes as "YYYY-MM-DD HH:MM:SS", None as an empty field.
    csv.writer(buf).writerows(rows)
    text = buf.getvalue()
    if _MAYBE_FORMULA.search(text):
        buf = io.StringIO()
        csv.writer(buf).writerows([csv_text(v) for v in r] for r in rows)
        text = buf.getvalue()
    return text


def csv_chunks(columns: Sequence[str], batches: Batches, geometry: Geometry | None) -> Iterator[bytes]:
    header, keep = _without(columns, geometry)
    yield ("\ufeff" + _csv_rows([header])).encode("utf-8")
    everything = len(keep) == len(columns)
    for rows in batches:
        yield _csv_rows(rows if everything else [[r[i] for i in keep] for r in rows]).encode("utf-8")


def csv_line_chunks(columns: Sequence[str], batches: Batches) -> Iterator[bytes]:
    """CSV from rows that are ready lines (1-tuples, written in SQL): the header, then the lines joined."""
    buf = io.StringIO()
    csv.writer(buf).writerow(columns)
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")
    for rows in batches:
        yield ("\r\n".join([r[0] for r in rows]) + "\r\n").encode("utf-8")


def write_xlsx(columns: Sequence[str], batches: Batches, geometry: Geometry | None, out: BinaryIO | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    header, keep = _without(columns, geometry)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)

    def value(v: Any) -> Any:
        """Text without what XML cannot hold; text that looks like a formula as a text cell; lists as JSON."""
        if isinstance(v, list | tuple | dict):
            v = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, bytes | bytearray):
            return None
        if not isinstance(v, str):
            return v
        v = ILLEGAL_CHARACTERS_RE.sub("", v)
        if not v.startswith(FORMULA_START):
            return v
        text = WriteOnlyCell(ws, value=v)
        text.data_type = "s"  # openpyxl makes "=…" a formula
        text.quotePrefix = True
        return text

    written = 0
    try:
        for rows in batches:
            written += len(rows)
            if written > XLSX_MAX_ROWS:
                raise ExportTooLarge(f"more than {XLSX_MAX_ROWS:,} rows do not fit an Excel sheet; export CSV instead")
            for r in rows:
                ws.append([value(r[i]) for i in keep])
    except BaseException:
        ws.close()  # ends the sheet's writer and its temporary file
        raise
    wb.save(out)


def _json_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def geojson_chunks(columns: Sequence[str], batches: Batches, geometry: Geometry | None) -> Iterator[bytes]:
    if geometry is None:
        raise ValueError("this layer has no geometry to write as GeoJSON")
    yield b'{"type": "FeatureCollection", "features": [\n'
    first = True
    idx = [columns.index(c) for c in geometry.columns]
    props = [i for i, c in enumerate(columns) if c not in geometry.columns]
    for rows in batches:
        if geometry.kind == "lonlat":
            features = [point_feature(r[idx[0]], r[idx[1]], **{columns[i]: r[i] for i in props}) for r in rows]
        else:
            shapes = geometries_to_geojson([r[idx[0]] for r in rows])
            features = [
                {"type": "Feature", "geometry": g, "properties": {columns[i]: r[i] for i in props}}
                for r, g in zip(rows, shapes, strict=True)
            ]
        text = ",\n".join(json.dumps(f, ensure_ascii=False, default=_json_value) for f in features)
        if text:
            yield (text if first else ",\n" + text).encode("utf-8")
            first = False
    yield b"\n]}\n"


@dataclass(frozen=True)
class Format:
    name: str
    mimetype: str
    suffix: str
    chunks: Callable[[Sequence[str], Batches, Geometry | None], Iterator[bytes]] | None = None
    write: Callable[[Sequence[str], Batches, Geometry | None, Any], None] | None = None

    @property
    def streams(self) -> bool:
        """True when the format is written chunk by chunk (csv, geojson); xlsx needs a file to seek in."""
        return self.chunks is not None


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "text/csv; charset=utf-8", ".csv", chunks=csv_chunks),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", write=write_xlsx
    ),
    "geojson": Format("geojson", "application/geo+json", ".geojson", chunks=geojson_chunks),
}
