"""Free text from an incident file is stored without control or bidi characters, as from the live API (one
place: incidents.prepare); the file's own ids stay as its source system wrote them (the live API's id form is
for the API only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.ingest import cells
from tests.ingest.town import IN_G01, IN_G02, rows, run, town_db, write_csv

HEADER = ["incident_id", "category", "reported_at", "description", "address", "lon", "lat"]


def test_a_files_descriptions_and_addresses_lose_control_and_bidi_characters(tmp_path: Path):
    db = town_db(tmp_path)
    path = write_csv(
        tmp_path / "incidents.csv",
        HEADER,
        [
            [
                "热线/2026 001",
                "noise",
                "2026-11-22 09:00",
                "夜间\x00施工\u202e噪声\r\n多次",
                "\u2067某路\u2069 3 号\x7f",
                *IN_G01,
            ],
            ["12345-002", "noise", "2026-11-22 09:10", "\x1b[2J\x08清屏", "\u200f\u200e", *IN_G02],
        ],
    )
    result = run(db, "incidents", path)
    assert (result.loaded, result.rejected) == (2, 0)
    assert rows(db, "SELECT incident_id, description, address FROM incident ORDER BY incident_id") == [
        ("12345-002", "[2J清屏", None),
        ("热线/2026 001", "夜间施工噪声\n多次", "某路 3 号"),
    ]


def test_free_text_keeps_tabs_and_lines_and_every_script():
    assert cells.free_text("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"
    assert cells.free_text(" 徐汇区\u00a0漕溪北路 ") == "徐汇区\u00a0漕溪北路"
    assert cells.free_text("\u0085\u009b31m\u061c") == "31m"
    assert list(cells.free_texts(np.array(["", "x\x00"], dtype=object))) == ["", "x"]
