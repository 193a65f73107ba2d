"""The tiny town of tests/sql/fixture.py as files to import, and helpers to write input files."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd

from app.config import Settings
from app.ingest.run import ImportOptions, ImportResult, import_file
from app.store.db import Database
from tests.sql.fixture import GRIDS

# A town's own taxonomy: the default noise category and its own 占道经营 (settings [[taxonomy.categories]]).
VENDING = """
[[taxonomy.categories]]
code = "noise"
zh = "噪音扰民"
en = "Noise"
layer = "pain_point"

[[taxonomy.categories]]
code = "illegal_vending"
zh = "占道经营"
en = "Street vending"
layer = "pain_point"
color = "#8e44ad"
"""

# Points of the tiny town (WGS-84): inside G01, inside G02, inside the eastern grid, outside every grid.
IN_G01 = (121.405, 31.002)
IN_G02 = (121.405, 31.008)
IN_EAST = (121.415, 31.005)
OUTSIDE = (121.430, 31.005)


def grids_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "grid_id": [g[0] for g in GRIDS],
            "name": [g[1] for g in GRIDS],
            "level": [g[2] for g in GRIDS],
            "parent_id": [g[3] for g in GRIDS],
            "kind": [g[5] for g in GRIDS],
            "population": [g[7] for g in GRIDS],
        },
        geometry=[g[6] for g in GRIDS],
        crs="EPSG:4326",
    )


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> Path:
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(db: Database, kind: str, path: Path, **options) -> ImportResult:
    return import_file(db, ImportOptions(kind=kind, path=path, **options), Settings())


def town_db(tmp_path: Path) -> Database:
    """A fresh database file holding the tiny town's grids, imported like any town's."""
    db = Database(tmp_path / "town.duckdb")
    result = run(db, "grids", write_geojson(grids_frame(), tmp_path / "grids.geojson"))
    assert result.loaded == len(GRIDS) and result.rejected == 0 and result.warnings == 0
    return db


def rows(db: Database, sql: str) -> list[tuple]:
    return db.cursor().execute(sql).fetchall()


def problems(result: ImportResult) -> dict[int, tuple[str, str, str]]:
    """Row number → (action, field, reason_en) from the run's FILE.rejects.csv."""
    out = {}
    with open(result.rejects_path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            out[int(r["row_number"])] = (r["action"], r["field"], r["reason_en"])
    return out
