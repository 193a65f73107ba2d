"""Towns shaped unlike the demo: what their data lacks is derived where it can be, and reads do not fail."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.services import repo
from app.store.db import Database
from app.web.factory import create_app
from app.web.pages import map_view
from tests.ingest.town import grids_frame, run, write_geojson


def _leaf_population_town(tmp_path: Path) -> Path:
    grids = grids_frame()
    grids.loc[grids["level"] < 3, "population"] = 0  # residents counted on the grids only
    db = Database(tmp_path / "leaves.duckdb")
    try:
        assert run(db, "grids", write_geojson(grids, tmp_path / "grids.geojson")).loaded == len(grids)
    finally:
        db.close()
    return tmp_path / "leaves.duckdb"


def test_population_on_the_grids_only_is_summed_up_the_hierarchy(tmp_path: Path):
    db = Database(_leaf_population_town(tmp_path))
    try:
        units = repo.units(db)
        assert [units[u].population for u in ("A01-C01", "A02-C01", "A01", "A02")] == [2000, 1000, 2000, 1000]
        assert repo.town_summary(db).population == 3000
    finally:
        db.close()


def test_a_given_upper_population_is_kept(tmp_path: Path):
    grids = grids_frame()
    grids.loc[grids["grid_id"] == "A01", "population"] = 2500  # the area counts residents the grids do not
    grids.loc[grids["grid_id"].isin(["TOWN", "A02", "A01-C01", "A02-C01"]), "population"] = 0
    db = Database(tmp_path / "mixed.duckdb")
    try:
        run(db, "grids", write_geojson(grids, tmp_path / "grids.geojson"))
        units = repo.units(db)
        assert (units["A01"].population, units["A02"].population) == (2500, 1000)
        assert repo.town_summary(db).population == 3500
    finally:
        db.close()


def test_the_map_of_a_town_with_residents_on_its_grids_only_shows_them(tmp_path: Path):
    app = create_app(Settings(db_path=_leaf_population_town(tmp_path)))
    with app.server.test_request_context("/map"):
        units, _hideout, _risk, _pain, _crumbs, panel = map_view.layers_for("?")
    assert [f["properties"]["population"] for f in units["features"]] == [2000, 1000]
    assert "3,000" in panel["map-unit"]
