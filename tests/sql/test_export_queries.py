"""Export queries on the tiny town: CSV lines written in SQL equal Python's csv module on the same rows
(quotes, commas, line breaks, NULLs, booleans, fractional seconds); grids' figures add up."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from app import QUERIES_DIR
from app.export.formats import csv_chunks
from app.store.sql import load_queries
from tests.sql.fixture import build_tiny_town

FILTER = dict.fromkeys(["areas", "grids", "layers", "categories", "sources", "severities", "statuses"], [])
FILTER |= {"from_day": date(2026, 1, 1), "to_day": date(2026, 12, 31), "now_ts": datetime(2026, 11, 22, 12)}
FILTER |= {"respond_s": 300, "arrive_s": 900, "dispose_s": 1800}


@pytest.fixture()
def tiny():
    queries = load_queries(QUERIES_DIR)
    db, _ = build_tiny_town(queries)
    con = db.cursor()
    con.execute(
        """UPDATE incident SET description = '屋顶漏水, "急"' || chr(10) || '二楼', address = NULL,
           responded_at = reported_at + INTERVAL '61.25 seconds' WHERE incident_id = 'E26112200001'"""
    )
    yield con, queries
    db.close()


def test_csv_lines_in_sql_equal_python_csv(tiny):
    con, queries = tiny
    rows = queries["export/incidents"].execute(con, **FILTER).fetchall()
    lines = [r[0] for r in queries["export/incidents_csv"].execute(con, **FILTER).fetchall()]
    assert len(rows) == len(lines) == 5
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    assert "\r\n".join(lines) + "\r\n" == buf.getvalue()
    assert '"屋顶漏水, ""急""\n二楼"' in buf.getvalue() and ".250000" in buf.getvalue()


def test_csv_lines_in_sql_prefix_formula_text_as_python_csv_does(tiny):
    con, queries = tiny
    con.execute(
        """UPDATE incident SET description = '=HYPERLINK("http://x","y")', address = '-1, 楼', department = '@d',
           site_id = chr(9) || 'S' WHERE incident_id = 'E26112200001'"""
    )
    con.execute(
        """UPDATE incident SET description = '+1' || chr(13) || chr(10) || 'x', address = '普通 = 地址'
           WHERE incident_id <> 'E26112200001'"""
    )
    rows = queries["export/incidents"].execute(con, **FILTER).fetchall()
    lines = [r[0] for r in queries["export/incidents_csv"].execute(con, **FILTER).fetchall()]
    python = b"".join(csv_chunks(["x"], [rows], None)).decode("utf-8-sig").split("\r\n", 1)[1]
    assert "\r\n".join(lines) + "\r\n" == python
    assert ""","'=HYPERLINK(""http://x"",""y"")","'-1, 楼",""" in python and ",'\tS," in python
    assert '"\'+1\r\nx"' in python and ",普通 = 地址," in python


def test_grid_figures_add_up_to_the_filtered_incidents(tiny):
    con, queries = tiny
    grids = queries["export/grids"].execute(con, **FILTER).fetchall()
    cols = [d[0] for d in con.description]
    assert [g[0] for g in grids] == ["A01-C01-G01", "A01-C01-G02", "A02-C01-G01"]
    total = sum(g[cols.index("incidents")] for g in grids)
    assert total == len(queries["export/incidents"].execute(con, **FILTER).fetchall()) - 1  # one is outside
    west = queries["export/grids"].execute(con, **(FILTER | {"areas": ["A01"]})).fetchall()
    assert [g[cols.index("area")] for g in west] == ["西片", "西片"]
