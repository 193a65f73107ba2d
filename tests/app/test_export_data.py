"""Data exports over HTTP and from the command line: the rows of /api/incidents, in files that pandas,
openpyxl and geopandas open; the other layers; bad parameters; and the export log."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import requests

from tests.access import API, TOKEN
from tests.server import running_server

FILTERS = ["", "area=A01", "area=A02&category=noise,flood&status=open,closed", "grid=A03-C02&from=2026-06-01"]


@pytest.fixture(scope="module")
def base_url(served_db: Path):
    with running_server(served_db) as url:
        yield url


def _api(base_url: str, query: str) -> tuple[int, pd.DataFrame]:
    total = requests.get(f"{base_url}/api/incidents?{query}&limit=0", headers=API, timeout=30).json()["total"]
    csv = requests.get(f"{base_url}/api/incidents?{query}&format=csv", headers=API, timeout=60)
    return total, pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _export(base_url: str, query: str, dataset: str = "incidents", fmt: str = "csv") -> requests.Response:
    r = requests.get(f"{base_url}/api/export/data?dataset={dataset}&format={fmt}&{query}", headers=API, timeout=120)
    assert r.status_code == 200, r.text
    return r


@pytest.mark.parametrize("query", FILTERS)
def test_csv_export_has_the_rows_of_the_api(base_url, query):
    total, api = _api(base_url, query)
    r = _export(base_url, query)
    assert r.content.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    assert "attachment" in r.headers["Content-Disposition"]
    got = pd.read_csv(io.BytesIO(r.content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(got) == total > 0
    pd.testing.assert_frame_equal(got, api)


def test_xlsx_and_geojson_exports_open_and_count(base_url):
    query = "area=A01"
    total, api = _api(base_url, query)
    wb = openpyxl.load_workbook(io.BytesIO(_export(base_url, query, fmt="xlsx").content), read_only=True)
    rows = list(wb.active.values)
    assert rows[0][0] == "incident_id" and len(rows) - 1 == total
    assert [r[0] for r in rows[1:]] == list(api["incident_id"])
    gdf = gpd.read_file(io.BytesIO(_export(base_url, query, fmt="geojson").content))
    assert len(gdf) == total and set(gdf["incident_id"]) == set(api["incident_id"])
    assert gdf.geometry.geom_type.eq("Point").all()
    assert gdf.geometry.x.between(121.3, 121.6).all() and gdf.geometry.y.between(30.9, 31.2).all()


def test_grids_stations_and_coverage_layers(base_url):
    grids = gpd.read_file(io.BytesIO(_export(base_url, "area=A01", "grids", "geojson").content))
    assert len(grids) > 10 and set(grids["area_id"]) == {"A01"}
    assert grids.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    total, _ = _api(base_url, "area=A01")
    assert grids["incidents"].sum() == total  # every incident of the filter is in one of the area's grids
    stations = pd.read_csv(io.BytesIO(_export(base_url, "", "stations").content), encoding="utf-8-sig")
    assert len(stations) > 20 and {"station_id", "name", "tier", "lon", "lat"} <= set(stations.columns)
    cov = openpyxl.load_workbook(io.BytesIO(_export(base_url, "minutes=10", "coverage", "xlsx").content))
    values = list(cov.active.values)
    assert values[0][:2] == ("grid_id", "name") and len(values) - 1 == 388
    assert {v[values[0].index("minutes")] for v in values[1:]} == {10}


@pytest.mark.parametrize(
    "query, param",
    [("dataset=people", "dataset"), ("format=pdf", "format"), ("area=A01;drop", "area"), ("minutes=99", "minutes")],
)
def test_bad_parameters_are_named(base_url, query, param):
    r = requests.get(f"{base_url}/api/export/data?{query}", headers=API, timeout=10)
    assert r.status_code == 400 and r.json()["param"] == param


def test_http_exports_are_logged(base_url):
    _export(base_url, "area=A02&category=noise", fmt="geojson")
    log = requests.get(f"{base_url}/api/export/log?limit=5", headers=API, timeout=10).json()["exports"]
    latest = log[0]
    assert (latest["kind"], latest["target"], latest["format"], latest["via"]) == (
        "data",
        "incidents",
        "geojson",
        "http",
    )
    assert latest["filter"] == "area=A02&category=noise"
    assert latest["rows"] == _api(base_url, "area=A02&category=noise")[0]


def test_cli_data_export_matches_the_api_and_is_logged(demo_db, tmp_path, base_url):
    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db, db)
    out = tmp_path / "out" / "noise.csv"
    cmd = [sys.executable, "-m", "app", "export", "data", "--db", str(db), "--layer", "incidents"]
    done = subprocess.run(
        [*cmd, "--area", "A01", "--category", "noise", "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    total, api = _api(base_url, "area=A01&category=noise")
    got = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(got, api)
    assert f"{total:,} incidents rows" in done.stdout
    # Filters can come from a page address too; a bad one is one line and status 2.
    geo = tmp_path / "a.geojson"
    done = subprocess.run([*cmd, "--url", "/map?area=A01&category=noise&layers=grids", "--out", str(geo)])
    assert done.returncode == 0 and len(gpd.read_file(geo)) == total
    bad = subprocess.run([*cmd, "--category", "nonsense", "--out", str(geo)], capture_output=True, text=True)
    assert bad.returncode == 2 and "category" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    with duckdb.connect(str(db), read_only=True) as con:
        logged = con.execute(
            "SELECT kind, target, format, filter, rows, via FROM export_log ORDER BY exported_at"
        ).fetchall()
    assert logged[0] == ("data", "incidents", "csv", "area=A01&category=noise", total, "cli")
    assert logged[1][2:5] == ("geojson", "area=A01&category=noise", total)


def test_cli_sends_to_a_running_server(base_url, tmp_path):
    out = tmp_path / "grids.xlsx"
    cmd = [sys.executable, "-m", "app", "export", "data", "--layer", "grids", "--area", "A02", "--out", str(out)]
    done = subprocess.run([*cmd, "--server", base_url, "--token", TOKEN], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = list(openpyxl.load_workbook(out, read_only=True).active.values)
    assert len(rows) > 10 and {r[rows[0].index("area_id")] for r in rows[1:]} == {"A02"}
    body = json.loads(requests.get(f"{base_url}/api/export/log?limit=1", headers=API, timeout=10).content)
    assert body["exports"][0]["target"] == "grids" and body["exports"][0]["format"] == "xlsx"


@pytest.mark.parametrize("query", ["page=performance", "format=jpg", "scale=3", "paper=A5&format=pdf", "width=abc"])
def test_bad_snapshot_requests_are_refused_with_the_reason(base_url, query):
    r = requests.get(f"{base_url}/api/export/snapshot?{query}", headers=API, timeout=10)
    assert r.status_code == 400 and r.json()["error"]


def test_areas_for_batches(base_url):
    areas = requests.get(f"{base_url}/api/export/areas", headers=API, timeout=10).json()["areas"]
    assert [a["area_id"] for a in areas] == ["A01", "A02", "A03", "A04", "A05"] and areas[0]["name"] == "老镇片区"
