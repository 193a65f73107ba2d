"""`gridscope export snapshot --each-area` names its files after the areas: whatever an area's id or name holds
(from the database or a server's answer), each file lands in the chosen folder under a plain name."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from app.cli import export


@dataclass(frozen=True)
class Spec:
    page: str = "map"
    fmt: str = "png"
    query: str = "layers=grids"


HOSTILE = [
    ("../../etc/passwd", "x"),
    ("A01/../../b", "名/../字"),
    ("..\\..\\win", ".."),
    ("/abs", "\u202egnp.exe"),
    ("A\x00B\nC", "a\x07b"),
    ("..", ""),
    ("A01", "浦东:新区*?"),
    ("A_01", "同名"),
    ("A 01", "同名"),
]


@pytest.mark.parametrize("out_name", ["snapshots", "sheet.png"])
def test_each_area_file_is_a_plain_name_in_the_folder(tmp_path: Path, out_name: str):
    args = argparse.Namespace(each_area=True, out=tmp_path / out_name)
    targets = export._targets(args, Spec(), HOSTILE)
    folder = tmp_path / ("snapshots" if out_name == "snapshots" else "")
    names = [out.name for _, out in targets]
    assert len(set(names)) == len(HOSTILE)  # none replaces another
    for (spec, out), (area_id, _) in zip(targets, HOSTILE, strict=True):
        assert out.parent == folder and out.resolve().parent == folder.resolve()
        assert ".." not in out.name and not any(c in out.name for c in "/\\\x00\n\x07\u202e:*?")
        assert out.suffix == ".png"
        assert ("area", area_id) in parse_qsl(spec.query)  # the page is asked for the real id


def test_a_safe_id_keeps_letters_digits_and_dashes():
    safe = export.safe_id
    assert safe("A01-C02_G03.x") == "A01-C02_G03.x"
    assert safe("../../etc") == "etc" and safe("..") == "area" and safe("a/b") == "a_b"
    assert safe("片区一") == "area"
