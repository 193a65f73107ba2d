"""Incident files: every kind of bad row is rejected with its reason, every good row arrives."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from app import PROJECT_ROOT
from app.geo.chinacrs import wgs84_to_bd09, wgs84_to_gcj02
from app.geo.crs import to_metres
from app.ingest.problems import FileRefused
from app.ingest.writes import MAX_PARAMETER_ROWS
from tests.ingest.town import IN_EAST, IN_G01, IN_G02, OUTSIDE, problems, rows, run, town_db, write_csv

HEADER = ["incident_id", "category", "reported_at", "responded_at", "closed_at", "lon", "lat"]


@pytest.fixture()
def db(tmp_path: Path):
    database = town_db(tmp_path)
    yield database
    database.close()


def _messy_rows() -> list[list]:
    g01, g02, east, out = IN_G01, IN_G02, IN_EAST, OUTSIDE
    return [
        ["I1", "noise", "2026-11-22 09:00:00", "2026-11-22 09:03:00", "", *g01],  # row 2: good
        ["I2", "flood", "2026/11/22 09:00", "", "2026-11-22T02:00:00Z", *g02],  # row 3: good, mixed formats
        ["I3", "noise", "2026-11-22 09:00", "", "", "", ""],  # row 4: empty coordinates
        ["I4", "noise", "2026-11-22 09:00", "", "", 0, 0],  # row 5: (0, 0)
        ["I5", "noise", "2026-11-22 09:00", "", "", g01[1], g01[0]],  # row 6: swapped, repaired and loaded
        ["I6", "noise", "2026-11-22 09:00", "2026-11-22 08:00", "", *g01],  # row 7: responded before reported
        ["I1", "noise", "2026-11-22 09:00", "", "", *g01],  # row 8: duplicate id
        ["I8", "群租", "2026-11-22 09:00", "", "", *g01],  # row 9: unknown category
        ["I9", "noise", "yesterday", "", "", *g01],  # row 10: unreadable time
        ["I10", "flood", "2026-11-22 09:00", "", "", *out],  # row 11: outside every grid: kept
        ["", "noise", "2026-11-22 09:00", "", "", *east],  # row 12: no id
        ["I12", "noise", "", "", "", *east],  # row 13: no reported_at
    ]


def test_every_bad_row_is_rejected_with_its_reason_and_every_good_row_arrives(db, tmp_path: Path):
    path = write_csv(tmp_path / "incidents.csv", HEADER, _messy_rows())
    result = run(db, "incidents", path)
    assert (result.rows_read, result.loaded, result.rejected, result.repaired) == (12, 4, 8, 1)
    assert result.unassigned == 1
    found = problems(result)
    assert found[4][:2] == ("rejected", "lon,lat") and "empty" in found[4][2]
    assert found[5][:2] == ("rejected", "lon,lat") and "(0, 0)" in found[5][2]
    assert found[6][:2] == ("repaired", "lon,lat") and "swapped" in found[6][2]
    assert found[7][:2] == ("rejected", "responded_at") and "out of order" in found[7][2]
    assert found[8][:2] == ("rejected", "incident_id") and "duplicate" in found[8][2]
    assert found[9][:2] == ("rejected", "category") and "[values.category]" in found[9][2]
    assert found[10][:2] == ("rejected", "reported_at") and "not a date-time" in found[10][2]
    assert found[12][:2] == ("rejected", "incident_id") and "empty" in found[12][2]
    assert found[13][:2] == ("rejected", "reported_at") and "empty" in found[13][2]
    assert 11 not in found and 2 not in found
    stored = rows(db, "SELECT incident_id, status, grid_id, area_id, closed_at::VARCHAR FROM incident ORDER BY 1")
    assert stored == [
        ("I1", "responded", "A01-C01-G01", "A01", None),
        ("I10", "reported", None, None, None),
        ("I2", "closed", "A01-C01-G02", "A01", "2026-11-22 10:00:00"),
        ("I5", "reported", "A01-C01-G01", "A01", None),
    ]
    assert rows(db, "SELECT count(*) FROM incident_event") == [(6,)]
    # The database keeps the same reasons, with the run.
    assert rows(db, "SELECT count(*) FROM import_reject WHERE action = 'rejected'") == [(8,)]
    assert rows(db, "SELECT rows_read, rows_loaded, rows_rejected FROM import_run WHERE kind = 'incidents'") == [
        (12, 4, 8)
    ]


def test_reimporting_the_same_file_changes_nothing(db, tmp_path: Path):
    path = write_csv(tmp_path / "incidents.csv", HEADER, _messy_rows())
    run(db, "incidents", path)
    before = rows(db, "SELECT * EXCLUDE (geom) FROM incident ORDER BY incident_id")
    events = rows(db, "SELECT * FROM incident_event ORDER BY ALL")
    again = run(db, "incidents", path)
    assert (again.loaded, again.unchanged, again.rejected) == (0, 4, 8)
    assert rows(db, "SELECT * EXCLUDE (geom) FROM incident ORDER BY incident_id") == before
    assert rows(db, "SELECT * FROM incident_event ORDER BY ALL") == events


def test_a_later_export_adds_the_stages_reached_since(db, tmp_path: Path):
    first = write_csv(tmp_path / "a.csv", HEADER, [["I1", "noise", "2026-11-22 09:00", "", "", *IN_G01]])
    run(db, "incidents", first)
    later = write_csv(
        tmp_path / "b.csv",
        HEADER,
        [["I1", "noise", "2026-11-22 09:00", "2026-11-22 09:04", "2026-11-22 11:00", *IN_G01]],
    )
    result = run(db, "incidents", later)
    assert (result.loaded, result.unchanged) == (1, 0)
    assert rows(db, "SELECT status, responded_at::VARCHAR FROM incident") == [("closed", "2026-11-22 09:04:00")]
    assert rows(db, 'SELECT status FROM incident_event ORDER BY "at"') == [("reported",), ("responded",), ("closed",)]
    # Going back in time against the stored record is refused and reported, not written.
    back = write_csv(tmp_path / "c.csv", HEADER, [["I1", "noise", "2026-11-22 09:00", "2026-11-22 09:10", "", *IN_G01]])
    refused = run(db, "incidents", back)
    assert refused.rejected == 1 and "already recorded" in problems(refused)[2][2]
    assert rows(db, "SELECT responded_at::VARCHAR FROM incident") == [("2026-11-22 09:04:00",)]


def test_dry_run_validates_and_writes_nothing(db, tmp_path: Path):
    path = write_csv(tmp_path / "incidents.csv", HEADER, _messy_rows())
    result = run(db, "incidents", path, dry_run=True)
    assert (result.loaded, result.rejected, result.dry_run) == (4, 8, True)
    assert result.rejects_path.exists()
    assert rows(
        db, "SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM import_run WHERE kind = 'incidents')"
    ) == [(0, 0)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_hotline_export_in_any_encoding_with_the_shipped_mapping(db, tmp_path: Path, encoding: str):
    blon, blat = wgs84_to_bd09(np.array([IN_G01[0], IN_EAST[0]]), np.array([IN_G01[1], IN_EAST[1]]))
    header = ["工单编号", "问题分类", "工单状态", "受理时间", "派单时间", "到场时间", "处置完成时间", "办结时间"]
    header += ["承办部门", "满意度", "诉求内容", "事发地址", "经度", "纬度", "所属网格"]
    data = [
        [
            "H1",
            "群租",
            "已办结",
            "2026/11/22 09:00:00",
            "2026/11/22 09:04",
            "2026/11/22 09:14",
            "2026/11/22 09:40",
            "2026/11/22 12:00:00",
            "城运中心",
            "满意",
            "群租扰民",
            "一路1号",
            blon[0],
            blat[0],
            "",
        ],
        [
            "H2",
            "积水",
            "已受理",
            "2026/11/22 10:00:00",
            "2026/11/22 10:02",
            "",
            "",
            "",
            "",
            "",
            "路面积水",
            "二路2号",
            blon[1],
            blat[1],
            "",
        ],
        ["H3", "噪音扰民", "已办结", "2026/11/22 10:00:00", "", "", "", "", "", "", "", "", blon[1], blat[1], ""],
    ]
    path = write_csv(tmp_path / "工单导出.csv", header, data, encoding=encoding)
    mapping = PROJECT_ROOT / "docs" / "mappings" / "hotline-12345.toml"
    result = run(db, "incidents", path, mapping=mapping)
    assert (result.loaded, result.rejected) == (2, 1)
    assert problems(result)[4][1] == "status" and "closed without closed_at" in problems(result)[4][2]
    got = rows(
        db, "SELECT incident_id, category, status, department, satisfaction, grid_id, lon, lat FROM incident ORDER BY 1"
    )
    assert [g[:6] for g in got] == [
        ("H1", "group_rental", "closed", "city_operation", 4, "A01-C01-G01"),
        ("H2", "flood", "responded", None, None, "A02-C01-G01"),
    ]
    # BD-09 positions came back to WGS-84 within half a metre.
    x, y = to_metres(np.array([g[6] for g in got]), np.array([g[7] for g in got]), 32651)
    tx, ty = to_metres(np.array([IN_G01[0], IN_EAST[0]]), np.array([IN_G01[1], IN_EAST[1]]), 32651)
    assert np.hypot(x - tx, y - ty).max() < 0.5


def test_gcj02_option_and_the_grid_code_column(db, tmp_path: Path):
    glon, glat = wgs84_to_gcj02(np.array([IN_G01[0]]), np.array([IN_G01[1]]))
    path = write_csv(
        tmp_path / "g.csv",
        [*HEADER, "grid_id"],
        [["G1", "noise", "2026-11-22 09:00", "", "", glon[0], glat[0], "A02-C01-G01"]],
    )
    run(db, "incidents", path, crs="gcj02")
    lon, lat, grid = rows(db, "SELECT lon, lat, grid_id FROM incident")[0]
    assert abs(lon - IN_G01[0]) < 5e-6 and abs(lat - IN_G01[1]) < 5e-6
    # The export's own grid code wins over the point when it names a known level-3 grid.
    assert grid == "A02-C01-G01"


def test_projected_coordinates_need_crs(db, tmp_path: Path):
    x, y = to_metres(np.array([IN_G01[0]]), np.array([IN_G01[1]]), 32651)
    path = write_csv(tmp_path / "utm.csv", HEADER, [["P1", "noise", "2026-11-22 09:00", "", "", x[0], y[0]]])
    with pytest.raises(FileRefused, match="look projected.*--crs EPSG"):
        run(db, "incidents", path)
    assert rows(db, "SELECT count(*) FROM incident") == [(0,)]
    run(db, "incidents", path, crs="EPSG:32651")
    lon, lat, grid = rows(db, "SELECT lon, lat, grid_id FROM incident")[0]
    assert abs(lon - IN_G01[0]) < 1e-6 and abs(lat - IN_G01[1]) < 1e-6 and grid == "A01-C01-G01"


def test_a_bad_file_changes_nothing(db, tmp_path: Path):
    missing = write_csv(
        tmp_path / "nocat.csv", ["incident_id", "reported_at", "lon", "lat"], [["X", "2026-11-22 09:00", *IN_G01]]
    )
    with pytest.raises(FileRefused, match="no column for category"):
        run(db, "incidents", missing)
    garbage = tmp_path / "binary.csv"
    garbage.write_bytes(b"\x81\x20\xff\xfe" * 10)
    with pytest.raises(FileRefused, match="neither UTF-8 nor GBK"):
        run(db, "incidents", garbage)
    assert rows(
        db, "SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM import_run WHERE kind = 'incidents')"
    ) == [(0, 0)]


def test_xlsx_with_excel_datetimes(db, tmp_path: Path):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题：工单导出"])  # a title row above the header, as exports often have
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["X1", "noise", datetime(2026, 11, 22, 9, 0), datetime(2026, 11, 22, 9, 2), None, *IN_G01])
    sheet.append(["X2", "noise", "2026-11-22 09:00", None, None, None, None])
    path = tmp_path / "book.xlsx"
    book.save(path)
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nincident_id = "incident_id"\n', encoding="utf-8")
    # The title row is taken as the header unless it is the first non-empty row: skip it with a sheet edit.
    sheet.delete_rows(1, 2)
    book.save(path)
    result = run(db, "incidents", path, mapping=mapping)
    assert (result.loaded, result.rejected) == (1, 1)
    assert problems(result)[3][1] == "lon,lat"
    assert rows(db, "SELECT responded_at::VARCHAR FROM incident") == [("2026-11-22 09:02:00",)]


def test_open311_json_and_xml(db, tmp_path: Path):
    requests = [
        {
            "service_request_id": "311-1",
            "status": "open",
            "service_code": "noise",
            "requested_datetime": "2026-11-22T09:00:00+08:00",
            "lat": IN_G01[1],
            "long": IN_G01[0],
            "address": "一路",
        },
        {
            "service_request_id": "311-2",
            "status": "closed",
            "service_code": "trash",
            "requested_datetime": "2026-11-22T01:00:00Z",
            "updated_datetime": "2026-11-22T03:30:00Z",
            "lat": IN_EAST[1],
            "long": IN_EAST[0],
        },
        {
            "service_request_id": "311-3",
            "status": "open",
            "service_code": "pothole",
            "requested_datetime": "2026-11-22T09:00:00+08:00",
            "lat": IN_G01[1],
            "long": IN_G01[0],
        },
    ]
    path = tmp_path / "requests.json"
    path.write_text(json.dumps(requests), encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[values.category]\n"trash" = "garbage_sorting"\n', encoding="utf-8")
    result = run(db, "incidents", path, fmt="open311", mapping=mapping)
    assert (result.loaded, result.rejected) == (2, 1) and problems(result)[3][1] == "category"
    assert rows(
        db,
        "SELECT incident_id, category, status, reported_at::VARCHAR, closed_at::VARCHAR, source"
        " FROM incident ORDER BY 1",
    ) == [
        ("311-1", "noise", "reported", "2026-11-22 09:00:00", None, "resident_app"),
        ("311-2", "garbage_sorting", "closed", "2026-11-22 09:00:00", "2026-11-22 11:30:00", "resident_app"),
    ]
    xml = tmp_path / "requests.xml"
    xml.write_text(
        "<?xml version='1.0' encoding='utf-8'?><service_requests><request>"
        "<service_request_id>311-4</service_request_id><status>open</status><service_code>noise</service_code>"
        f"<requested_datetime>2026-11-22T10:00:00+08:00</requested_datetime><lat>{IN_G02[1]}</lat>"
        f"<long>{IN_G02[0]}</long></request></service_requests>",
        encoding="utf-8",
    )
    result = run(db, "incidents", xml, fmt="open311")
    assert result.loaded == 1 and rows(db, "SELECT grid_id FROM incident WHERE incident_id = '311-4'") == [
        ("A01-C01-G02",)
    ]
    with pytest.raises(FileRefused, match="service_requests"):
        bad = tmp_path / "bad.xml"
        bad.write_text("<feed/>", encoding="utf-8")
        run(db, "incidents", bad, fmt="open311")


def test_geojson_points(db, tmp_path: Path):
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"incident_id": "J1", "category": "flood", "reported_at": "2026-11-22 09:00"},
                "geometry": {"type": "Point", "coordinates": list(IN_EAST)},
            },
            {
                "type": "Feature",
                "properties": {"incident_id": "J2", "category": "flood", "reported_at": "2026-11-22 09:00"},
                "geometry": {"type": "LineString", "coordinates": [list(IN_EAST), list(IN_G01)]},
            },
        ],
    }
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    result = run(db, "incidents", path)
    assert (result.loaded, result.rejected) == (1, 1) and problems(result)[2][1] == "geometry"
    assert rows(db, "SELECT grid_id, layer FROM incident") == [("A02-C01-G01", "warning")]


def test_a_large_file_is_written_exactly_as_the_same_rows_in_small_files(tmp_path: Path):
    """Up to MAX_PARAMETER_ROWS staged rows reach DuckDB as query parameters (a live group), more as a registered
    frame (a file): both must store the same incidents and events, every column included."""
    header = [*HEADER, "department", "satisfaction", "description", "address", "grid_id"]
    places = [IN_G01, IN_G02, IN_EAST, OUTSIDE]
    departments = ["residential", "building_enterprise", ""]
    data = []
    for i in range(2 * MAX_PARAMETER_ROWS + 40):
        closed = f"2026-11-22 {10 + i % 5}:{i % 60:02d}" if i % 3 == 0 else ""
        data.append(
            [
                f"L{i:04d}",
                ["noise", "flood", "group_rental"][i % 3],
                f"2026-11-21 {8 + i % 12:02d}:{i % 60:02d}",
                f"2026-11-21 {8 + i % 12:02d}:{i % 60:02d}:30" if i % 2 else "",
                closed,
                # Each row a point of its own: a point shared by many rows is a geocoder's default.
                places[i % 4][0] + i * 2e-6,
                places[i % 4][1],
                departments[i % 3],
                str(1 + i % 5) if closed else "",
                f"第 {i} 号 描述" if i % 4 else "",
                f"地址 {i}" if i % 5 else "",
                "A01-C01-G02" if i % 7 == 0 else "",
            ]
        )
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    one, many = town_db(tmp_path / "one"), town_db(tmp_path / "many")
    try:
        whole = run(one, "incidents", write_csv(tmp_path / "whole.csv", header, data))
        assert whole.rejected == 0 and whole.loaded == len(data) > MAX_PARAMETER_ROWS
        for k in range(0, len(data), 100):
            part = run(many, "incidents", write_csv(tmp_path / f"part{k}.csv", header, data[k : k + 100]))
            assert part.rejected == 0 and part.loaded == len(data[k : k + 100])
        incidents = "SELECT * EXCLUDE (geom), ST_AsText(geom) FROM incident ORDER BY incident_id"
        stored = rows(one, incidents)
        assert stored == rows(many, incidents)
        assert rows(one, "SELECT * FROM incident_event ORDER BY ALL") == rows(
            many, "SELECT * FROM incident_event ORDER BY ALL"
        )
        # Every optional column arrived on both paths (a dropped column would be NULL throughout).
        filled = "SELECT count(department), count(satisfaction), count(description), count(address) FROM incident"
        assert all(n > 0 for n in rows(one, filled)[0])
        # Outside every grid and without a grid code: unassigned on both paths.
        outside = sum(1 for i in range(len(data)) if i % 4 == 3 and i % 7 != 0)
        assert rows(one, "SELECT count(*) FROM incident WHERE grid_id IS NULL") == [(outside,)]
    finally:
        one.close()
        many.close()


def test_common_status_words_are_understood_in_any_case_without_a_mapping(db, tmp_path: Path):
    header = ["incident_id", "category", "reported_at", "responded_at", "closed_at", "status", "lon", "lat"]
    t = "2026-11-22 09:00"
    path = write_csv(
        tmp_path / "statuses.csv",
        header,
        [
            ["S1", "noise", t, "", "2026-11-22 10:00", "Closed", *IN_G01],
            ["S2", "noise", t, "", "", "OPEN", *IN_G01],
            ["S3", "noise", t, "2026-11-22 09:02", "", "处理中", *IN_G01],
            ["S4", "noise", t, "", "2026-11-22 11:00", "已办结", *IN_G01],
            ["S5", "noise", t, "", "", "maybe", *IN_G01],
        ],
    )
    result = run(db, "incidents", path)
    assert (result.loaded, result.rejected) == (4, 1)
    stored = rows(db, "SELECT incident_id, status FROM incident ORDER BY incident_id")
    assert stored == [("S1", "closed"), ("S2", "reported"), ("S3", "responded"), ("S4", "closed")]
    reasons = rows(db, "SELECT row_number, field, raw FROM import_reject WHERE action = 'rejected'")
    assert reasons == [(6, "status", "maybe")]


def test_the_summary_lists_each_unknown_value_with_its_count_for_the_mapping(db, tmp_path: Path):
    header = ["incident_id", "category", "reported_at", "status", "lon", "lat"]
    t = "2026-11-22 09:00"
    path = write_csv(
        tmp_path / "foreign.csv",
        header,
        [
            ["U1", "群租", t, "", *IN_G01],
            ["U2", "gossip", t, "", *IN_G01],
            ["U3", "群租", t, "", *IN_G01],
            ["U4", "noise", t, "maybe", *IN_G01],
            ["U5", "noise", t, "", *IN_G01],
        ],
    )
    result = run(db, "incidents", path, dry_run=True)
    assert result.unknown == {"category": [("群租", 2), ("gossip", 1)], "status": [("maybe", 1)]}
    assert "unknown category values (map them in [values.category]): 群租 ×2, gossip ×1" in result.summary()
