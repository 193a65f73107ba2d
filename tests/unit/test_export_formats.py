"""Export file formats and snapshot requests, without a database or a browser."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest
import shapely

from app.domain.filters import Filters, Period
from app.export import formats
from app.export.formats import FORMATS, ExportTooLarge, Geometry
from app.export.snapshot import SnapshotError, SnapshotSpec, spec_from_url
from app.web.components.snapshot_sheet import filter_line

COLUMNS = ("incident_id", "category", "reported_at", "closed_at", "lon", "lat")
ROWS = [
    ("E1", "noise", datetime(2026, 11, 22, 9, 5), None, 121.41, 31.05),
    ("E2", "flood", datetime(2026, 11, 21, 8, 0), datetime(2026, 11, 21, 9, 0), 121.42, 31.04),
    ("E3", "群租", datetime(2026, 11, 20, 7, 0), None, 121.43, 31.03),
]
POINTS = Geometry("lonlat", ("lon", "lat"))


def _batches(rows, size=2):
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def test_csv_has_a_bom_every_row_and_chinese():
    data = b"".join(formats.csv_chunks(COLUMNS, _batches(ROWS), POINTS))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == ["E1", "E2", "E3"]
    assert rows[1][2] == "2026-11-22 09:05:00" and rows[1][3] == ""
    assert rows[3][1] == "群租"


def test_csv_leaves_wkb_geometry_out():
    cols = ("grid_id", "name", "geom")
    square = shapely.to_wkb(shapely.box(121.4, 31.0, 121.41, 31.01))
    data = b"".join(formats.csv_chunks(cols, [[("G1", "第1网格", square)]], Geometry("wkb", ("geom",))))
    assert data.decode("utf-8-sig").splitlines() == ["grid_id,name", "G1,第1网格"]


def test_xlsx_opens_with_openpyxl(tmp_path):
    out = tmp_path / "x.xlsx"
    formats.write_xlsx(COLUMNS, _batches(ROWS), POINTS, out)
    ws = openpyxl.load_workbook(out, read_only=True).active
    values = list(ws.values)
    assert values[0] == COLUMNS
    assert [v[0] for v in values[1:]] == ["E1", "E2", "E3"]
    assert values[1][2] == datetime(2026, 11, 22, 9, 5)


def test_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ExportTooLarge, match="CSV"):
        formats.write_xlsx(COLUMNS, _batches(ROWS), POINTS, tmp_path / "x.xlsx")


HOSTILE_COLUMNS = ("incident_id", "description", "address", "services", "lon", "lat")
HOSTILE = [
    ("F1", '=HYPERLINK("http://x","y")', "@home", ["=1+1"], 121.41, 31.05),
    ("F2", "漏水\x00二楼\x1f", "-1 楼", [], -1.5, 31.04),
    ("F3", "\t+1", "\r\n楼", None, 121.43, 31.03),
]


def test_xlsx_writes_text_that_looks_like_a_formula_as_text_and_leaves_control_characters_out(tmp_path):
    out = tmp_path / "x.xlsx"
    formats.write_xlsx(HOSTILE_COLUMNS, _batches(HOSTILE), POINTS, out)
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=2))
    assert rows[0][1].value == '=HYPERLINK("http://x","y")' and rows[0][1].data_type == "s" and rows[0][1].quotePrefix
    assert rows[0][2].value == "@home" and rows[0][3].value == '["=1+1"]'
    assert rows[1][1].value == "漏水二楼" and rows[1][2].quotePrefix and rows[1][4].value == -1.5
    assert rows[1][4].data_type == "n" and not rows[1][4].quotePrefix and not rows[1][1].quotePrefix
    assert rows[2][1].value == "\t+1" and rows[2][2].value.endswith("\n楼") and rows[2][2].quotePrefix
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_csv_prefixes_text_that_looks_like_a_formula_not_numbers():
    data = b"".join(formats.csv_chunks(HOSTILE_COLUMNS, _batches(HOSTILE), POINTS)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[1][1:4] == ['\'=HYPERLINK("http://x","y")', "'@home", "['=1+1']"]
    assert rows[2][1:5] == ["漏水\x00二楼\x1f", "'-1 楼", "[]", "-1.5"]
    assert rows[3][1:3] == ["'\t+1", "'\r\n楼"]
    # A batch with nothing formula-like is written as it is.
    assert b"".join(formats.csv_chunks(COLUMNS, _batches(ROWS), POINTS)).count(b"'") == 0


def test_geojson_points_and_polygons():
    fc = json.loads(b"".join(formats.geojson_chunks(COLUMNS, _batches(ROWS), POINTS)))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    first = fc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [121.41, 31.05]}  # lon, lat
    assert first["properties"]["reported_at"] == "2026-11-22 09:05:00"
    assert "lon" not in first["properties"]
    square = shapely.to_wkb(shapely.box(121.4, 31.0, 121.41, 31.01))
    fc = json.loads(
        b"".join(formats.geojson_chunks(("grid_id", "geom"), [[("G1", square)]], Geometry("wkb", ("geom",))))
    )
    assert fc["features"][0]["geometry"]["type"] == "Polygon"
    assert fc["features"][0]["properties"] == {"grid_id": "G1"}


def test_empty_exports_are_valid_files():
    assert json.loads(b"".join(formats.geojson_chunks(COLUMNS, [], POINTS)))["features"] == []
    assert b"".join(formats.csv_chunks(COLUMNS, [], POINTS)).decode("utf-8-sig").strip() == ",".join(COLUMNS)


def test_format_registry():
    assert set(FORMATS) == {"csv", "xlsx", "geojson"}
    assert FORMATS["csv"].streams and FORMATS["geojson"].streams and not FORMATS["xlsx"].streams


def test_snapshot_spec_from_a_page_address():
    spec = spec_from_url("/map?area=A01&layers=grids,incidents&metric=compliance", fmt="png", title="老镇", scale=2)
    assert (spec.page, spec.viewport) == ("map", (1600, 1000))
    path = spec.path()
    assert path.startswith("/snapshot?page=map&area=A01&layers=grids,incidents&metric=compliance&w=1600&h=1000")
    assert "title=%E8%80%81%E9%95%87" in path
    pdf = spec_from_url("http://127.0.0.1:8050/coverage?area=A02&minutes=10", fmt="pdf", paper="A3")
    assert pdf.page == "coverage" and pdf.viewport == (1587, 1122) and "paper=A3" in pdf.path()


@pytest.mark.parametrize(
    "url, kwargs",
    [
        ("/performance", {}),
        ("/map", {"fmt": "jpg"}),
        ("/map", {"scale": 3}),
        ("/map", {"width": 100}),
        ("/map", {"fmt": "pdf", "paper": "A5"}),
    ],
)
def test_bad_snapshot_requests_say_why(url, kwargs):
    with pytest.raises(SnapshotError):
        spec_from_url(url, **kwargs)


def test_filter_line_names_every_filter():
    f = Filters(categories=("noise",), statuses=("overdue",), severities=(3, 4), incident_layers=("pain_point",))
    line = filter_line(f, Period(date(2026, 10, 24), date(2026, 11, 22)), "老镇片区", "zh")
    for part in (
        "范围：老镇片区",
        "时间：2026-10-24 至 2026-11-22",
        "类别：噪音扰民",
        "等级：3、4",
        "事件图层：痛点地图",
    ):
        assert part in line
    assert "事件：全部" in filter_line(Filters(), Period(date(2026, 1, 1), date(2026, 1, 31)), "示范镇", "zh")
    assert SnapshotSpec().check().fmt == "png"
