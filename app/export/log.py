"""The export_log table: every snapshot and data export, with its time, kind, filter and rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.export.snapshot import SnapshotSpec
from app.services.repo import dicts
from app.store.db import Database


def record(
    db: Database,
    *,
    kind: str,
    target: str,
    fmt: str,
    filter_query: str,
    rows: int | None = None,
    size: int | None = None,
    seconds: float | None = None,
    file: str | None = None,
    via: str = "cli",
) -> None:
    """Append one export (`kind` 'snapshot' or 'data'; `target` the page or the layer)."""
    with db.transaction() as cur:
        db.queries["export/log_insert"].execute(
            cur,
            exported_at=datetime.now(),
            kind=kind,
            target=target,
            format=fmt,
            filter=filter_query,
            rows=rows,
            bytes=size,
            seconds=None if seconds is None else round(seconds, 3),
            file=file,
            via=via,
        )


def record_snapshot(
    db: Database, spec: SnapshotSpec, *, size: int, seconds: float, via: str = "cli", file: str | None = None
) -> None:
    """Append one snapshot; its format reads `pdf` or `png@<scale>x`."""
    record(
        db,
        kind="snapshot",
        target=spec.page,
        fmt=spec.fmt if spec.fmt == "pdf" else f"png@{spec.scale:g}x",
        filter_query=spec.query,
        size=size,
        seconds=seconds,
        file=file,
        via=via,
    )


def recent(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    return dicts(db.run("export/log_recent", lim=limit))
