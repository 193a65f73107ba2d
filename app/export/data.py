"""Data exports for a filter: a dataset (app.export.datasets) written in a format (app.export.formats), to a
file (the CLI) or as a streamed HTTP response (GET /api/export/data); every export goes to export_log.

Memory stays flat whatever the row count: rows are fetched and written one batch at a time.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.domain.filters import Filters
from app.domain.view import DEFAULT_MINUTES
from app.errors import ParamError
from app.export import log
from app.export.datasets import DATASETS, Rows, count, open_rows
from app.export.formats import FORMATS, XLSX_MAX_ROWS, ExportTooLarge, Format, csv_line_chunks
from app.store.db import Database


@dataclass(frozen=True)
class DataRequest:
    dataset: str
    fmt: str
    filters: Filters
    minutes: int = DEFAULT_MINUTES

    def check(self) -> DataRequest:
        if self.dataset not in DATASETS:
            raise ParamError("dataset", self.dataset, f"expected one of {', '.join(DATASETS)}")
        if self.fmt not in FORMATS:
            raise ParamError("format", self.fmt, f"expected one of {', '.join(FORMATS)}")
        return self

    @property
    def filter_query(self) -> str:
        query = self.filters.replace(map_layers=()).to_query()
        if self.dataset == "coverage":
            query = "&".join(p for p in (query, f"minutes={self.minutes}") if p)
        return query

    def file_name(self, db: Database, settings: Settings) -> str:
        from app.export.datasets import scope_for

        period = scope_for(db, settings, self.filters).period
        area = "-".join(self.filters.areas) or "town"
        return f"{self.dataset}_{area}_{period.start}_{period.end}{FORMATS[self.fmt].suffix}"


def _chunks(fmt: Format, rows: Rows) -> Iterator[bytes]:
    if rows.csv_lines:
        return csv_line_chunks(rows.columns, rows.batches())
    return fmt.chunks(rows.columns, rows.batches(), rows.geometry)


def _log(
    db: Database, req: DataRequest, rows: Rows, size: int, start: float, via: str, file: str | None = None
) -> None:
    log.record(
        db,
        kind="data",
        target=req.dataset,
        fmt=req.fmt,
        filter_query=req.filter_query,
        rows=rows.count,
        size=size,
        seconds=time.perf_counter() - start,
        file=file,
        via=via,
    )


def check_fits(db: Database, settings: Settings, req: DataRequest) -> None:
    """ExportTooLarge, before a byte is written, when an XLSX export would not fit one Excel sheet."""
    if req.fmt == "xlsx" and (count(db, settings, req.dataset, req.filters) or 0) > XLSX_MAX_ROWS:
        raise ExportTooLarge(f"more than {XLSX_MAX_ROWS:,} rows do not fit an Excel sheet; use csv")


def write_file(db: Database, settings: Settings, req: DataRequest, out: Path, via: str = "cli") -> int:
    """Write the export to `out` (replaced only when complete); log it; return the rows written."""
    req.check()
    start = time.perf_counter()
    fmt = FORMATS[req.fmt]
    rows = open_rows(db, settings, req.dataset, req.filters, req.minutes, req.fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            if fmt.streams:
                for chunk in _chunks(fmt, rows):
                    fh.write(chunk)
            else:
                fmt.write(rows.columns, rows.batches(), rows.geometry, fh)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    _log(db, req, rows, out.stat().st_size, start, via, file=str(out))
    return rows.count


def stream(db: Database, settings: Settings, req: DataRequest, via: str = "http") -> Iterator[bytes]:
    """The export's bytes, batch by batch; logged when the last byte is out (xlsx through a temporary file)."""
    req.check()
    start = time.perf_counter()
    fmt = FORMATS[req.fmt]
    rows = open_rows(db, settings, req.dataset, req.filters, req.minutes, req.fmt)
    size = 0
    if fmt.streams:
        chunks = _chunks(fmt, rows)
        try:
            for chunk in chunks:
                size += len(chunk)
                yield chunk
        finally:  # closed early (a client gone, a deadline passed): its open cursor is closed now
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
    else:
        with tempfile.TemporaryFile() as fh:
            fmt.write(rows.columns, rows.batches(), rows.geometry, fh)
            fh.seek(0)
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                yield chunk
    _log(db, req, rows, size, start, via)
