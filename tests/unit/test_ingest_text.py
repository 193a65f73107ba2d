"""Encodings, date-times and mapping files as real exports bring them."""

from pathlib import Path

import pandas as pd
import pytest

from app import PROJECT_ROOT
from app.ingest.cells import stripped
from app.ingest.datetimes import parse_datetimes
from app.ingest.mapping import load_mapping
from app.ingest.problems import FileRefused
from app.ingest.readers import decode_text, detect_encoding

TEXT = "工单编号,问题类型\nA1,群租\n"


def test_encodings_are_detected():
    assert detect_encoding(TEXT.encode("utf-8")) == "utf-8"
    assert detect_encoding(TEXT.encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding(TEXT.encode("gbk")) == "gb18030"
    assert detect_encoding("𠀀 扩展B".encode("gb18030")) == "gb18030"
    for enc in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        assert decode_text(TEXT.encode(enc))[0].lstrip("\ufeff") == TEXT


def test_undecodable_bytes_refuse_the_file():
    with pytest.raises(FileRefused, match="neither UTF-8 nor GBK"):
        detect_encoding(b"\x81\x20\xff\xfe")
    with pytest.raises(FileRefused, match="not valid gbk"):
        decode_text(b"\x81\x20\xff", "gbk")


def test_datetime_formats_and_zones_become_shanghai_local():
    values = pd.Series(
        [
            "2026-11-22 08:30:00",
            "2026/11/22 8:30",
            "2026-11-22T00:30:00Z",
            "2026-11-22T09:30:00+09:00",
            "2026-11-22T08:30:00+0800",
            "20261122083000",
            "2026年11月22日 08:30",
            "2026年11月22日08时30分",
            "1795307400",
            "1795307400000",
            pd.Timestamp("2026-11-22 08:30"),
        ],
        dtype=object,
    )
    parsed, bad = parse_datetimes(values)
    assert not bad.any()
    assert set(parsed) == {pd.Timestamp("2026-11-22 08:30")}


def test_unreadable_and_empty_datetimes_are_told_apart():
    parsed, bad = parse_datetimes(pd.Series(["", None, "next tuesday", "2026-13-45 10:00"], dtype=object))
    assert parsed.isna().all()
    assert bad.tolist() == [False, False, True, True]


def test_a_given_format_and_another_zone():
    parsed, bad = parse_datetimes(pd.Series(["22.11.2026 01:30"]), formats=["%d.%m.%Y %H:%M"], tz="UTC")
    assert not bad.any() and parsed[0] == pd.Timestamp("2026-11-22 09:30")


@pytest.mark.parametrize("name", ["open311.toml", "hotline-12345.toml"])
def test_shipped_mapping_examples_load(name: str):
    mapping = load_mapping(PROJECT_ROOT / "docs" / "mappings" / name)
    assert mapping.values["category"] and all(v for v in mapping.values["category"].values())


def test_bad_mapping_files_are_refused(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[columns\nincident_id = 1", encoding="utf-8")
    with pytest.raises(FileRefused, match="not valid TOML"):
        load_mapping(bad)
    bad.write_text("[colums]\nincident_id = 'x'\n", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"unknown section \[colums\]"):
        load_mapping(bad)


def test_cells_become_stripped_text_and_every_kind_of_empty_becomes_blank():
    cells = pd.Series([" 工单 ", None, float("nan"), pd.NaT, pd.NA, 121.5, 3, ""], dtype=object)
    assert stripped(cells).tolist() == ["工单", "", "", "", "", "121.5", "3", ""]
    assert stripped([]).tolist() == []


def test_a_time_that_names_its_zone_is_converted_whatever_the_source_zone():
    values = pd.Series(["2012-05-22T16:24:07-04:00", "2012-05-22 16:24:07", "1337718247"], dtype=object)
    parsed, bad = parse_datetimes(values, tz="America/New_York")
    assert not bad.any()
    # 16:24:07 at UTC-4 is 20:24:07 UTC, 04:24:07 the next day in Shanghai; the zone-less value is New York time
    # (EDT in May, the same instant); the Unix time is that instant too.
    assert parsed.tolist() == [pd.Timestamp("2012-05-23 04:24:07")] * 3
