"""The settings file: the shipped example is the defaults, a town's own values reach Settings, and a bad file
stops with a line naming the file, the key and the form expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.config import Settings, SettingsFileError, load_settings

EXAMPLE = PROJECT_ROOT / "docs" / "gridscope.example.toml"


def test_the_commented_example_is_exactly_the_defaults(tmp_path: Path):
    db = tmp_path / "town.duckdb"
    assert load_settings(db, EXAMPLE) == Settings(db_path=db)


def test_a_towns_values_reach_the_settings(tmp_path: Path):
    config = tmp_path / "gridscope.toml"
    config.write_text(
        "[51530]\nrespond_minutes = 4\ntarget_rate = 0.95\n[coverage]\nwalking_speed_kmh = 4\n"
        '[levels]\nnames = ["街道", "片区", "居民区", "微网格"]\n[basemap]\ncrs = "gcj02"\n',
        encoding="utf-8",
    )
    s = load_settings(tmp_path / "town.duckdb", config)
    assert (s.stage_limits.respond, s.stage_limits.arrive, s.stage_limits.target_rate) == (4, 15, 0.95)
    assert (s.walking_speed_kmh, s.level_names[3], s.basemap.crs) == (4.0, "微网格", "gcj02")


def test_a_towns_taxonomy_replaces_the_default_one(tmp_path: Path):
    config = tmp_path / "gridscope.toml"
    config.write_text(
        '[town]\nname = "新桥镇"\nname_en = "Xinqiao"\n'
        '[[taxonomy.categories]]\ncode = "illegal_vending"\nzh = "占道经营"\nen = "Street vending"\n'
        'layer = "pain_point"\ncolor = "#AA3300"\n',
        encoding="utf-8",
    )
    s = load_settings(tmp_path / "town.duckdb", config)
    assert list(s.taxonomy.categories) == ["illegal_vending"] and s.categories_from_file
    vending = s.taxonomy.categories["illegal_vending"]
    assert (vending.zh, vending.layer, vending.color) == ("占道经营", "pain_point", "#aa3300")
    assert s.taxonomy.sources == Settings().taxonomy.sources  # the tables not given keep the defaults
    assert (s.town_name, s.town_name_en, s.taxonomy.fallback_category) == ("新桥镇", "Xinqiao", "")


def test_the_file_beside_the_database_and_the_environment_are_found(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("GRIDSCOPE_CONFIG", raising=False)
    db = tmp_path / "town.duckdb"
    assert load_settings(db) == Settings(db_path=db)  # no file: the defaults
    (tmp_path / "gridscope.toml").write_text("[wall]\nrefresh_seconds = 10\n", encoding="utf-8")
    assert load_settings(db).refresh_seconds == 10
    other = tmp_path / "other.toml"
    other.write_text("[wall]\nrefresh_seconds = 20\n", encoding="utf-8")
    monkeypatch.setenv("GRIDSCOPE_CONFIG", str(other))
    assert load_settings(db).refresh_seconds == 20


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[51530]\nrespond_minutes = '5m'\n", "[51530] respond_minutes must be whole minutes from 1 to 1440, not '5m'"),
        ("[51530]\nrespnd_minutes = 5\n", "unknown key respnd_minutes in [51530]; expected one of respond_minutes"),
        ("[twon]\nname = 'x'\n", "unknown section [twon]"),
        ("[town]\ntimezone = 'Shanghai'\n", '[town] timezone must be an IANA time zone, e.g. "Asia/Shanghai"'),
        ("[coverage]\ncircle_minutes = [15, 90]\n", "circle_minutes must be distinct whole minutes from 1 to 60"),
        (
            "[[taxonomy.categories]]\ncode = 'vending'\nzh = '占道'\nen = 'Vending'\nlayer = 'pain'\n",
            "[taxonomy] categories #1 (vending) layer must be one of warning, pain_point, not 'pain'",
        ),
        (
            "[[taxonomy.categories]]\ncode = 'Vending'\nzh = '占道'\nen = 'V'\nlayer = 'warning'\n",
            "[taxonomy] categories #1 code must be lower-case letters, digits and _",
        ),
        (
            "[[taxonomy.categories]]\ncode = 'v'\nzh = '占道'\nen = 'V'\nlayer = 'warning'\ncolor = 'red'\n",
            "[taxonomy] categories #1 (v) color must be #rrggbb, not 'red'",
        ),
        (
            "[[taxonomy.sources]]\ncode = 'app'\nzh = 'A'\nen = 'A'\n"
            "[[taxonomy.sources]]\ncode = 'app'\nzh = 'B'\nen = 'B'\n",
            "[taxonomy] sources #2: code 'app' is listed twice",
        ),
        (
            "[taxonomy]\nfallback_category = 'misc'\n",
            "[taxonomy] fallback_category 'misc' is not one of the categories",
        ),
        ("[51530]\narrive_minutes = 3\n", "respond ≤ arrive ≤ dispose, not 5, 3, 30"),
        ("[basemap]\ncrs = 'bd09'\n", '[basemap] crs must be "wgs84" (WGS-84/CGCS2000) or "gcj02", not \'bd09\''),
        ("[levels]\nnames = ['镇']\n", "[levels] names must be four names"),
        ("[51530\n", "not a valid TOML file"),
    ],
)
def test_a_bad_file_names_the_key_and_the_form_expected(tmp_path: Path, text: str, message: str):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsFileError) as err:
        load_settings(tmp_path / "town.duckdb", config)
    assert str(err.value).startswith(f"{config}: ") and message in str(err.value)
