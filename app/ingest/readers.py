"""Read an input file into a `Table`: attribute columns, the row numbers a clerk sees, and geometries.

Formats: GeoJSON, zipped or plain Shapefile, GeoPackage, GeoParquet (through DuckDB), CSV and XLSX.
CSV text encodings are detected (UTF-8, UTF-8 with BOM, else GB18030, the superset of GBK). Any failure
to read is a `FileRefused` with a one-line reason; nothing is half-read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from app.ingest.problems import FileRefused

FORMATS = ("geojson", "shapefile", "gpkg", "geoparquet", "csv", "xlsx", "osm", "open311")
_BY_SUFFIX = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".zip": "shapefile",
    ".shp": "shapefile",
    ".gpkg": "gpkg",
    ".parquet": "geoparquet",
    ".geoparquet": "geoparquet",
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".osm": "osm",
    ".pbf": "osm",
    ".xml": "open311",
}


@dataclass
class Table:
    """Rows of one file. `frame` has one column per source column (values as read), index 0..n-1;
    `rows` are the row numbers to report; `geometry` (shapely, in the file's CRS) is None for tables
    without geometry; `crs` is the CRS the file declares, if any."""

    frame: pd.DataFrame
    rows: np.ndarray
    geometry: np.ndarray | None = None
    crs: str | None = None
    encoding: str | None = None

    def __len__(self) -> int:
        return len(self.frame)


def guess_format(path: Path) -> str:
    """The format named by the file's suffix; FileRefused when the suffix says nothing."""
    fmt = _BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise FileRefused(f"cannot tell the format of {path.name}; give --format ({', '.join(FORMATS)})")
    return fmt


def detect_encoding(data: bytes) -> str:
    """`utf-8-sig` for a UTF-8 BOM, `utf-8` when the bytes decode as UTF-8, else `gb18030` (covers GBK and
    GB2312) when they decode as that; FileRefused otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise FileRefused("the text is neither UTF-8 nor GBK/GB18030; save it as UTF-8 and import again") from None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes. A BOM or valid UTF-8 wins (GBK text practically never passes as UTF-8, and exports
    are often re-saved); otherwise the given encoding (aliases such as `gbk` widen to `gb18030`), else the
    detected one."""
    if not encoding or data.startswith(b"\xef\xbb\xbf"):
        enc = detect_encoding(data)
        return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = "gb18030" if encoding.lower().replace("-", "") in ("gbk", "gb2312", "gb18030", "cp936") else encoding
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError) as exc:
        raise FileRefused(f"the file is not valid {encoding} text ({exc.__class__.__name__})") from None


def read_csv(path: Path, encoding: str | None = None) -> Table:
    """A CSV file with a header row; every value read as text (empty cells become '')."""
    text, enc = decode_text(_read_bytes(path), encoding)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FileRefused(f"{path.name} is not a readable CSV table: {str(exc).splitlines()[0]}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    # Row 1 is the header, as a spreadsheet shows it.
    return Table(frame, np.arange(2, len(frame) + 2), encoding=enc)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """The first (or the named) sheet of an Excel workbook; the first non-empty row is the header."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileRefused(f"{path.name} is not a readable Excel (.xlsx) workbook: {exc.__class__.__name__}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileRefused(f"{path.name} has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet else book.worksheets[0]
        header, records, numbers = None, [], []
        for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if header is None:
                if any(v not in (None, "") for v in values):
                    header = [str(v).strip() if v is not None else "" for v in values]
                continue
            if all(v in (None, "") for v in values):
                continue
            records.append(["" if v is None else v for v in values[: len(header)]])
            numbers.append(i)
    finally:
        book.close()
    if header is None:
        raise FileRefused(f"{path.name}: the sheet is empty")
    frame = pd.DataFrame(records, columns=header, dtype=object) if records else pd.DataFrame(columns=header)
    return Table(frame, np.asarray(numbers, dtype=np.int64))


def read_geodata(path: Path, fmt: str, encoding: str | None = None, layer: str | None = None) -> Table:
    """GeoJSON, Shapefile (a .zip holding one, or the .shp) or GeoPackage through GDAL (pyogrio)."""
    import pyogrio

    source = str(path)
    if fmt == "shapefile" and path.suffix.lower() == ".zip":
        source = f"/vsizip/{path}"
    kwargs = {"encoding": encoding} if encoding else {}
    if layer:
        kwargs["layer"] = layer
    try:
        gdf = pyogrio.read_dataframe(source, **kwargs)
    except Exception as exc:  # GDAL reports bad files as several exception types
        raise FileRefused(f"{path.name} is not a readable {fmt} file: {str(exc).splitlines()[0]}") from None
    crs = gdf.crs.to_string() if gdf.crs is not None else None
    geometry = np.asarray(gdf.geometry.values, dtype=object)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).reset_index(drop=True)
    frame = frame.where(pd.notna(frame), "")
    return Table(frame, np.arange(1, len(frame) + 1), geometry=geometry, crs=crs)


def read_geoparquet(path: Path, cur, queries) -> Table:
    """A GeoParquet (or plain Parquet) file read by DuckDB; the first GEOMETRY column is the geometry."""
    try:
        columns = queries["ingest/describe_parquet"].execute(cur, path=str(path)).fetchall()
        frame = queries["ingest/read_parquet"].execute(cur, path=str(path)).df()
    except Exception as exc:  # DuckDB raises IO/Invalid-input errors for a broken file
        raise FileRefused(f"{path.name} is not a readable Parquet file: {str(exc).splitlines()[0]}") from None
    geometry, crs = None, None
    geom_cols = [(name, ctype) for name, ctype in columns if ctype.upper().startswith("GEOMETRY")]
    if geom_cols:
        name, ctype = geom_cols[0]
        geometry = np.asarray(shapely.from_wkb([bytes(b) if b is not None else None for b in frame[name]]))
        crs = _crs_from_type(ctype)
        frame = frame.drop(columns=[c for c, _ in geom_cols])
    frame = frame.astype(object).where(pd.notna(frame), "").reset_index(drop=True)
    return Table(frame, np.arange(1, len(frame) + 1), geometry=geometry, crs=crs)


def _crs_from_type(column_type: str) -> str | None:
    """`GEOMETRY('OGC:CRS84')` → 'OGC:CRS84'; a bare GEOMETRY has no declared CRS."""
    if "(" not in column_type:
        return None
    inner = column_type[column_type.index("(") + 1 : column_type.rindex(")")].strip().strip("'\"")
    return inner or None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
