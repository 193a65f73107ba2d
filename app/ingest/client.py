"""`gridscope import incidents FILE --url …`: validate a file here, send its good rows to a running server.

DuckDB lets one process write a database, so while `gridscope serve` holds it, imports go through the
server's ingest API. The file is read and checked here exactly as a direct import would (mapping,
encodings, coordinate systems, date-times); the rows that pass are posted in batches as WGS-84 and ISO
times; rows the server refuses are added to FILE.rejects.csv with its reason.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from app.domain.lifecycle import STAGE_COLUMNS_ORDERED
from app.ingest import incidents, open311
from app.ingest.coords import normalise_crs
from app.ingest.mapping import load_mapping
from app.ingest.problems import FileRefused, Problems, write_rejects_csv
from app.ingest.readers import guess_format, read_csv, read_geodata, read_xlsx
from app.ingest.writes import STAGING_COLUMNS

BATCH = 500
_FIELDS = [c for c in STAGING_COLUMNS if c not in ("seq", "grid_code")]


@dataclass(frozen=True)
class SendReport:
    path: Path
    rows_read: int
    counts: dict[str, int]
    rejected_here: int
    rejects_path: Path | None
    seconds: float

    @property
    def nothing_loaded(self) -> bool:
        c = self.counts
        return c["rejected"] + self.rejected_here > 0 and c["inserted"] + c["updated"] + c["unchanged"] == 0

    def summary(self) -> str:
        c = self.counts
        line = (
            f"incidents {self.path.name}: read {self.rows_read:,}, sent {sum(c.values()):,}: "
            f"inserted {c['inserted']:,}, updated {c['updated']:,}, unchanged {c['unchanged']:,}, "
            f"rejected {c['rejected'] + self.rejected_here:,} ({self.seconds:.1f} s)"
        )
        if self.rejects_path:
            line += f"\nproblems listed in {self.rejects_path}"
        return line


def _items(stage: pd.DataFrame) -> list[dict]:
    frame = stage.copy()
    for col in STAGE_COLUMNS_ORDERED:
        frame[col] = frame[col].map(lambda t: None if pd.isna(t) else pd.Timestamp(t).isoformat(sep=" "))
    frame["grid_id"] = frame["grid_code"]
    frame["satisfaction"] = frame["satisfaction"].astype(object).where(frame["satisfaction"].notna(), None)
    frame["severity"] = frame["severity"].astype(int)
    cols = [*_FIELDS, "grid_id"]
    records = frame[cols].astype(object).where(frame[cols].notna(), None).to_dict("records")
    return [{k: v for k, v in r.items() if v is not None and k != "layer"} for r in records]


def _post(url: str, token: str, items: list[dict]) -> dict:
    body = json.dumps(items, ensure_ascii=False, default=str).encode("utf-8")
    req = urllib.request.Request(
        url.rstrip("/") + "/api/incidents",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read())
        except ValueError:
            answer = {}
        if exc.code == 422 and "results" in answer:
            return answer
        raise FileRefused(f"the server answered {exc.code}: {answer.get('error', exc.reason)}") from None
    except urllib.error.URLError as exc:
        raise FileRefused(f"cannot reach {url}: {exc.reason}") from None


def send_file(args: argparse.Namespace, url: str, token: str) -> SendReport:
    started = time.perf_counter()
    path: Path = args.file
    if not path.exists():
        raise FileRefused(f"{path} does not exist")
    mapping = load_mapping(args.mapping)
    try:
        crs = normalise_crs(args.crs or mapping.crs)
    except ValueError as exc:
        raise FileRefused(str(exc)) from None
    fmt = args.fmt or guess_format(path)
    if fmt == "open311":
        table, mapping = open311.read(path), open311.with_defaults(mapping)
    elif fmt == "csv":
        table = read_csv(path, mapping.encoding)
    elif fmt == "xlsx":
        table = read_xlsx(path, mapping.sheet)
    elif fmt in ("geojson", "shapefile", "gpkg"):
        table = read_geodata(path, fmt, mapping.encoding)
    else:
        raise FileRefused(f"--url sends CSV, XLSX, GeoJSON, Shapefile, GeoPackage or Open311 files, not {fmt}")
    problems = Problems()
    stage = incidents.prepare(table, mapping, crs, problems)
    rejected_here = len(problems.rejected_rows())
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    if not args.dry_run:
        for start in range(0, len(stage), BATCH):
            part = stage.iloc[start : start + BATCH]
            answer = _post(url, token, _items(part))
            for res, seq in zip(answer["results"], part["seq"], strict=True):
                counts[res["result"]] += 1
                for p in res["problems"]:
                    problems.add(table.rows[seq], p["field"], p["reason_zh"], p["reason"], action=p["action"])
    frame = problems.frame()
    rejects = path.with_name(path.name + ".rejects.csv")
    if len(frame):
        write_rejects_csv(frame, rejects)
    else:
        rejects.unlink(missing_ok=True)
    return SendReport(
        path,
        len(table),
        counts,
        rejected_here,
        rejects if len(frame) else None,
        round(time.perf_counter() - started, 2),
    )
