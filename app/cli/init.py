"""`gridscope init`: an empty database for a new town, from its settings file, and the steps that follow."""

from __future__ import annotations

import argparse
import shutil

from app.cli.options import CliError, db_arg, settings_of
from app.config import CONFIG_NAME, Settings

NEXT_STEPS = """\
next steps (README, "Your own town", lists every field of every file):
  1. gridscope import grids GRIDS.geojson{db}
     the hierarchy, one file: grid_id, name, level (0 = the town, 1 functional area, 2 community, 3 grid),
     parent_id (empty for the town); optional kind, population, households, party_members
  2. gridscope import roads ROADS.geojson{db}
     optional: the walking network for the 15-minute circles (also an OpenStreetMap .osm.pbf extract)
  3. gridscope import stations STATIONS.geojson{db}
     optional: party-mass service stations (station_id, name, tier, point)
  4. gridscope import risk-sites SITES.geojson{db}
     optional: the warning map's sites (site_id, name, kind, warning_level, updated_at, point)
  5. gridscope import incidents EXPORT.csv --dry-run --write-mapping MAPPING.toml{db}
     lists the values a mapping must translate; fill them in, then import with --mapping MAPPING.toml
  6. gridscope serve{db}
"""


def add_parser(sub) -> None:
    init = sub.add_parser(
        "init",
        help="create an empty database for a new town from its settings file",
        description="Create an empty database for a new town: every table, the town's name, time zone and "
        "categories from the settings file (--config, else $GRIDSCOPE_CONFIG, else gridscope.toml beside the "
        "database, else the defaults). A settings file given elsewhere is copied beside the database, so that "
        "every later command reads it. Refuses to touch an existing database.",
    )
    db_arg(init)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    path = settings.db_path
    if path.exists():
        raise CliError(f"{path} already exists; init only creates a new database (import into this one instead)")
    path.parent.mkdir(parents=True, exist_ok=True)
    beside = path.parent / CONFIG_NAME
    if args.config is not None and not beside.exists():
        shutil.copyfile(args.config, beside)
        print(f"settings copied to {beside}")
    create_empty(settings)
    name = settings.town_name or "(named by the level-0 grid of the grid file)"
    print(
        f"created {path} for {name}: time zone {settings.timezone}, "
        f"{len(settings.taxonomy.categories)} incident categories, 51530 limits "
        f"{settings.stage_limits.respond}/{settings.stage_limits.arrive}/{settings.stage_limits.dispose} min"
    )
    print(NEXT_STEPS.format(db=f" --db {path}" if args.db else ""), end="")
    return 0


def create_empty(settings: Settings) -> None:
    from app.services import deployment
    from app.store.db import Database, create_schema

    db = Database(settings.db_path)
    try:
        with db.transaction() as cur:
            create_schema(cur, db.queries)
            deployment.settle(cur, db.queries, settings)
            db.queries["meta/put"].execute(cur, key="synthetic", value="false")
        db.cursor().execute("CHECKPOINT")
    finally:
        db.close()
