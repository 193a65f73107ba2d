"""Exports of hostile text, over HTTP from a real server: no spreadsheet cell becomes a formula, and a control
character XML cannot hold (NUL) neither breaks an XLSX export nor reaches it."""

from __future__ import annotations

import io

import openpyxl
import pytest
import requests

from tests.access import API
from tests.ingest.town import IN_G01, IN_G02, run, town_db, write_csv
from tests.server import running_server

HYPERLINK = '=HYPERLINK("http://x","y")'
QUERY = "from=2026-11-20&to=2026-11-22"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("formulas")
    db = town_db(folder)
    header = ["incident_id", "category", "reported_at", "description", "address", "lon", "lat"]
    rows = [
        ["F1", "noise", "2026-11-21 09:00:00", HYPERLINK, "@home", *IN_G01],
        ["F2", "noise", "2026-11-21 10:00:00", "漏水\x00二楼", "-1 楼", *IN_G02],
        ["F3", "noise", "2026-11-21 11:00:00", "+86 电话, 见附件", "普通地址", *IN_G02],
    ]
    try:
        assert run(db, "incidents", write_csv(folder / "incidents.csv", header, rows)).loaded == 3
    finally:
        db.close()
    with running_server(folder / "town.duckdb") as url:
        yield url


def test_xlsx_writes_formula_text_as_text_and_leaves_nul_out(base_url):
    r = requests.get(f"{base_url}/api/export/data?dataset=incidents&format=xlsx&{QUERY}", headers=API, timeout=60)
    assert r.status_code == 200, r.text
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    cells = {row[0].value: dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)}
    link = cells["F1"]["description"]
    assert link.data_type == "s" and link.value == HYPERLINK and link.quotePrefix
    assert cells["F1"]["address"].value == "@home" and cells["F1"]["address"].quotePrefix
    assert cells["F2"]["description"].value == "漏水二楼" and cells["F2"]["address"].value == "-1 楼"
    assert cells["F3"]["lon"].data_type == "n" and not cells["F3"]["description"].value.startswith("'")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_csv_exports_prefix_formula_text_the_same_in_sql_and_python(base_url):
    export = requests.get(f"{base_url}/api/export/data?dataset=incidents&format=csv&{QUERY}", headers=API, timeout=60)
    api = requests.get(f"{base_url}/api/incidents?format=csv&{QUERY}", headers=API, timeout=60)
    assert export.status_code == api.status_code == 200
    assert export.content == api.content  # lines written in SQL, and Python's csv module
    text = export.content.decode("utf-8-sig")
    assert """'=HYPERLINK(""http://x"",""y"")""" in text and ",'@home," in text and ",'-1 楼," in text
    assert '"\'+86 电话, 见附件"' in text and ",普通地址," in text
