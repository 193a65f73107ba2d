"""Bring data derived from imported rows up to date, inside the import's transaction."""

from __future__ import annotations

import duckdb

from app.data.sql import QueryBook


def refresh_derived(cur: duckdb.DuckDBPyConnection, queries: QueryBook, changed: set[str]) -> list[str]:
    """Refresh what depends on the changed tables (`grid`, `station`, `risk_site`, `incident`, `road`);
    return the names of what was refreshed.

    - grids changed: grid_id/area_id of every incident, station and risk site, from its point (a grid
      code an incident export gave is replaced by the grid its point lies in);
    - stations or risk sites changed: their own grid_id/area_id.
    Imported incidents are assigned as they are written (app.ingest.writes).
    """
    done = []
    if "grid" in changed:
        queries["incident/grid_of_points"].execute(cur)
        queries["incident/apply_grid_of_points"].execute(cur)
        cur.execute("DROP TABLE IF EXISTS incident_grid")
        done.append("incident grids")
    if changed & {"grid", "station"}:
        queries["station/assign_grids"].execute(cur)
        done.append("station grids")
    if changed & {"grid", "risk_site"}:
        queries["risk_site/assign_grids"].execute(cur)
        done.append("risk-site grids")
    return done
