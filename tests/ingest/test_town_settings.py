"""A town's own settings at import: its taxonomy (a new category, a 4-minute respond limit), the categories the
database keeps, the fallback category, and a foreign feed loaded through --write-mapping."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from app.config import load_settings
from app.domain.filters import Filters
from app.ingest.run import ImportOptions, import_file
from app.services import deployment, metrics
from app.services.deployment import TaxonomyError
from tests.ingest.town import IN_EAST, IN_G01, IN_G02, VENDING, rows, town_db, write_csv

DATA = Path(__file__).parent / "data"
HEADER = ["incident_id", "category", "reported_at", "responded_at", "lon", "lat"]


@pytest.fixture()
def db(tmp_path: Path):
    database = town_db(tmp_path)
    yield database
    database.close()


def _settings(tmp_path: Path, text: str):
    config = tmp_path / "gridscope.toml"
    config.write_text(text, encoding="utf-8")
    return load_settings(tmp_path / "town.duckdb", config)


def _import(db, settings, path: Path, **options):
    return import_file(db, ImportOptions(kind="incidents", path=path, **options), settings)


def test_a_new_category_and_a_four_minute_limit_reach_the_figures(db, tmp_path: Path):
    settings = _settings(tmp_path, "[51530]\nrespond_minutes = 4\n" + VENDING)
    responded = ["2026-11-22 09:03:00", "2026-11-22 09:04:00", "2026-11-22 09:05:00"]  # met, met (at the limit), missed
    path = write_csv(
        tmp_path / "vending.csv",
        HEADER,
        [[f"V{k}", "illegal_vending", "2026-11-22 09:00:00", r, *IN_G01] for k, r in enumerate(responded)]
        + [["N1", "noise", "2026-11-22 10:00:00", "2026-11-22 10:05:00", *IN_G02]],
    )
    result = _import(db, settings, path)
    assert (result.loaded, result.rejected) == (4, 0)
    assert rows(db, "SELECT layer, count(*) FROM incident WHERE category = 'illegal_vending' GROUP BY 1") == [
        ("pain_point", 3)
    ]
    # The database keeps the town's categories with their labels and colours.
    assert rows(db, "SELECT code, zh, layer, color FROM category ORDER BY position") == [
        ("noise", "噪音扰民", "pain_point", "#4e79a7"),
        ("illegal_vending", "占道经营", "pain_point", "#8e44ad"),
    ]
    day = Filters(date_from=date(2026, 11, 22), date_to=date(2026, 11, 22), categories=("illegal_vending",))
    vending = metrics.summary(db, metrics.make_scope(db, day, settings.stage_limits))[0]
    assert (vending.count, vending.respond.met, vending.respond.missed) == (3, 2, 1)
    # The same incidents against the default 5 minutes: all three met.
    default_limits = load_settings(tmp_path / "elsewhere" / "town.duckdb").stage_limits
    assert metrics.summary(db, metrics.make_scope(db, day, default_limits))[0].respond.met == 3


def test_a_category_dropped_while_incidents_use_it_stops_with_its_count(db, tmp_path: Path):
    settings = _settings(tmp_path, VENDING)
    path = write_csv(
        tmp_path / "v.csv", HEADER, [[f"V{k}", "illegal_vending", "2026-11-22 09:00:00", "", *IN_G01] for k in range(2)]
    )
    assert _import(db, settings, path).loaded == 2
    dropped = _settings(tmp_path, VENDING.split('[[taxonomy.categories]]\ncode = "illegal_vending"')[0])
    with pytest.raises(TaxonomyError, match=r"illegal_vending \(2 incidents\)"):
        _import(db, dropped, path)
    assert rows(db, "SELECT count(*) FROM incident") == [(2,)]  # nothing lost
    # Without a settings file that lists categories, the database's own categories are served.
    plain = load_settings(tmp_path / "elsewhere" / "town.duckdb")
    served, moved = deployment.settle(db.cursor(), db.queries, plain, write=False)
    assert served.taxonomy.label("categories", "illegal_vending", "en") == "Street vending" and moved == 0


def test_unknown_categories_go_to_the_fallback_with_a_warning_each(db, tmp_path: Path):
    settings = _settings(tmp_path, '[taxonomy]\nfallback_category = "other"\n')
    path = write_csv(
        tmp_path / "mixed.csv",
        HEADER,
        [
            ["M1", "noise", "2026-11-22 09:00:00", "", *IN_G01],
            ["M2", "摆摊", "2026-11-22 09:00:00", "", *IN_G01],
            ["M3", "摆摊", "2026-11-22 09:10:00", "", *IN_EAST],
        ],
    )
    result = _import(db, settings, path)
    assert (result.loaded, result.rejected, result.warnings) == (3, 0, 2)
    assert rows(db, "SELECT incident_id, category, layer FROM incident ORDER BY 1") == [
        ("M1", "noise", "pain_point"),
        ("M2", "other", "pain_point"),
        ("M3", "other", "pain_point"),
    ]
    assert result.unknown == {"category": [("摆摊", 2)]}
    assert "fallback category 'other'" in result.summary()


def test_an_open311_feed_loads_through_write_mapping(db, tmp_path: Path):
    """A feed whose service codes are opaque ids: the dry run lists them with their service names and writes a
    mapping to fill in; with it filled in, every request loads."""
    feed = DATA / "open311_requests.json"
    requests = json.loads(feed.read_text(encoding="utf-8"))
    settings = load_settings(tmp_path / "town.duckdb")
    written = tmp_path / "feed-mapping.toml"
    first = _import(db, settings, feed, fmt="open311", dry_run=True, write_mapping=written)
    assert first.nothing_loaded and first.rejected == len(requests)
    assert "4fd3b167e750846744000005 (Graffiti Removal) ×3" in first.summary()
    text = written.read_text(encoding="utf-8")
    assert '"4fd3b167e750846744000005" = ""  # Graffiti Removal · 3 rows' in text
    assert "# codes: flood, construction" in text
    names = {
        "Graffiti Removal": "frontage",
        "Noise Complaint": "noise",
        "Abandoned Vehicle": "illegal_parking",
        "Standing Water": "flood",
    }
    by_code = {r["service_code"]: names[r["service_name"]] for r in requests}
    filled = text
    for code, category in by_code.items():
        filled = filled.replace(f'"{code}" = ""', f'"{code}" = "{category}"')
    mapping = tmp_path / "filled.toml"
    mapping.write_text(filled, encoding="utf-8")
    assert tomllib.loads(filled)["values"]["category"] == by_code
    result = _import(db, settings, feed, fmt="open311", mapping=mapping)
    assert (result.loaded, result.rejected) == (len(requests), 0)
    # Capitalised statuses are understood; zoned times land in the town's zone.
    assert rows(db, "SELECT status, count(*) FROM incident GROUP BY 1 ORDER BY 1") == [("closed", 3), ("reported", 5)]
    assert rows(db, "SELECT reported_at::VARCHAR FROM incident WHERE incident_id = '101'") == [("2026-11-22 04:24:07",)]
