"""One import run: read the file, validate, write in one transaction, refresh derived data, record the run.

A bad file raises FileRefused before anything is written. With `dry_run` the same work is done inside a
transaction that is rolled back, so validation includes the database's own checks and nothing changes.
"""

from __future__ import annotations

import getpass
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.config import Settings
from app.domain import codes
from app.domain.taxonomy import Taxonomy
from app.ingest import geocoder, grids, incidents, open311, risk_sites, roads, stations
from app.ingest.coords import normalise_crs
from app.ingest.mapping import load_mapping, value_labels, write_mapping
from app.ingest.problems import FileRefused, Problems, unknown_values, write_rejects_csv
from app.ingest.readers import Table, guess_format, read_csv, read_geodata, read_geoparquet, read_xlsx
from app.ingest.refresh import local_now, refresh_circles, refresh_derived
from app.services import deployment
from app.store.db import Database, create_schema

# How many distinct unknown values of a field the summary lists (all of them are in FILE.rejects.csv).
UNKNOWN_SHOWN = 20
KINDS = {
    "grids": grids,
    "stations": stations,
    "roads": roads,
    "risk-sites": risk_sites,
    "incidents": incidents,
}


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    path: Path
    fmt: str | None = None
    crs: str | None = None
    mapping: Path | None = None
    dry_run: bool = False
    # Write a mapping file listing the values a mapping must translate (the --mapping's entries kept).
    write_mapping: Path | None = None


@dataclass(frozen=True)
class ImportResult:
    kind: str
    path: Path
    rows_read: int
    loaded: int
    unchanged: int
    rejected: int
    repaired: int
    warnings: int
    unassigned: int  # stored with no grid: outside every grid, or not placed and given no grid code
    unplaced: int  # stored without a coordinate: on a geocoder's default point (app.ingest.geocoder)
    rejects_path: Path | None
    run_id: int | None
    dry_run: bool
    refreshed: tuple[str, ...]
    seconds: float
    # Field → its distinct values a mapping must translate, with their row counts (most frequent first).
    unknown: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Field → value → the file's readable name of it (Open311's service_name beside each service_code).
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    mapping_written: Path | None = None
    # The category unknown ones were filed under ('' = they were rejected).
    fallback_category: str = ""

    @property
    def nothing_loaded(self) -> bool:
        """Every row read was rejected: the file, or its mapping, needs fixing before anything can load."""
        return self.rejected > 0 and self.loaded == 0 and self.unchanged == 0

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        parts = [
            f"{self.kind} {self.path.name}: read {self.rows_read:,}",
            f"{verb} {self.loaded:,}",
            f"unchanged {self.unchanged:,}",
            f"rejected {self.rejected:,}",
        ]
        if self.repaired:
            parts.append(f"repaired {self.repaired:,}")
        if self.warnings:
            parts.append(f"warnings {self.warnings:,}")
        if self.unassigned:
            parts.append(f"unassigned (no grid) {self.unassigned:,}")
        if self.unplaced:
            parts.append(f"not placed (geocoder default point) {self.unplaced:,}")
        line = ", ".join(parts) + f" ({self.seconds:.1f} s)"
        if self.rejects_path:
            line += f"\nproblems listed in {self.rejects_path}"
        for name, values in self.unknown.items():
            named = self.labels.get(name, {})
            shown = ", ".join(
                f"{v} ({named[v]}) ×{n:,}" if v in named else f"{v} ×{n:,}" for v, n in values[:UNKNOWN_SHOWN]
            )
            more = f" and {len(values) - UNKNOWN_SHOWN:,} more" if len(values) > UNKNOWN_SHOWN else ""
            line += f"\nunknown {name} values (map them in [values.{name}]): {shown}{more}"
            if name == "category" and self.fallback_category:
                line += f"\n  (loaded under the fallback category {self.fallback_category!r}, a warning each)"
            elif name == "category":
                line += '\n  (or set [taxonomy] fallback_category = "other" in the settings to load them under 其他)'
        if self.mapping_written:
            line += f"\nmapping written to {self.mapping_written}: fill in its empty values, then --mapping it"
        if self.dry_run:
            line += "\ndry run: nothing was written"
        return line


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def rejects_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.csv")


def read_table(opts: ImportOptions, fmt: str, mapping, cur, queries) -> Table:
    if not opts.path.exists():
        raise FileRefused(f"{opts.path} does not exist")
    if fmt == "csv":
        return read_csv(opts.path, mapping.encoding)
    if fmt == "xlsx":
        return read_xlsx(opts.path, mapping.sheet)
    if fmt == "geoparquet":
        return read_geoparquet(opts.path, cur, queries)
    if fmt in ("geojson", "shapefile", "gpkg"):
        return read_geodata(opts.path, fmt, mapping.encoding)
    raise FileRefused(f"format {fmt} cannot hold {opts.kind}")


def import_file(db: Database, opts: ImportOptions, settings: Settings) -> ImportResult:
    """Import one file into `db` as one transaction (see the module docstring); FileRefused for a bad file."""
    started = time.perf_counter()
    started_at = local_now(settings.timezone)
    module = KINDS[opts.kind]
    mapping = replace(load_mapping(opts.mapping), town_timezone=settings.timezone)
    try:
        crs = normalise_crs(opts.crs or mapping.crs)
    except ValueError as exc:
        raise FileRefused(str(exc)) from None
    fmt = opts.fmt or guess_format(opts.path)
    problems = Problems()
    holder: dict[str, object] = {}
    try:
        with db.transaction() as cur:
            create_schema(cur, db.queries)
            settings, moved = deployment.settle(cur, db.queries, settings)
            changed = set(module.CHANGED) | ({"incident"} if moved else set())
            town = settings.taxonomy
            if fmt == "osm":
                if opts.kind != "roads":
                    raise FileRefused("OpenStreetMap files hold roads; use `gridscope import roads`")
                table, stage = roads.prepare_osm(opts.path, problems)
            elif fmt == "open311":
                if opts.kind != "incidents":
                    raise FileRefused("Open311 feeds hold incidents; use `gridscope import incidents`")
                table = open311.read(opts.path)
                stage = incidents.prepare(table, open311.with_defaults(mapping), crs, problems, taxonomy=town)
            else:
                table = read_table(opts, fmt, mapping, cur, db.queries)
                stage = module.prepare(table, mapping, crs, problems, cur, db.queries, taxonomy=town)
            if opts.kind == "incidents":  # a rule over the whole file, so not one the live API applies
                stage = geocoder.unplace_defaults(stage, table.rows, len(table), problems)
            written = module.write(cur, db.queries, stage)
            for seq, refusal in written.refusals.items():
                problems.add(table.rows[seq], "status", refusal.zh, refusal.en)
            refreshed = refresh_derived(cur, db.queries, changed, settings)
            run_id = int(db.queries["ingest/next_run_id"].execute(cur).fetchone()[0])
            frame = problems.frame()
            rejected = frame.loc[frame["action"] == "rejected", "row_number"].nunique()
            loaded = written.count("inserted") + written.count("updated")
            db.queries["ingest/insert_run"].execute(
                cur,
                run_id=run_id,
                kind=opts.kind,
                file=str(opts.path.resolve()),
                started_at=started_at,
                finished_at=local_now(settings.timezone),
                user_name=getpass.getuser(),
                rows_read=len(table),
                rows_loaded=loaded,
                rows_rejected=int(rejected),
                dry_run=opts.dry_run,
            )
            if len(frame):
                cur.register("reject_stage", frame)
                db.queries["ingest/insert_rejects"].execute(cur, run_id=run_id)
                cur.unregister("reject_stage")
            holder.update(
                table=table,
                written=written,
                unplaced=geocoder.unplaced_inserted(stage, written.outcomes) if opts.kind == "incidents" else 0,
                frame=frame,
                rejected=int(rejected),
                loaded=loaded,
                run_id=run_id,
                refreshed=refreshed,
            )
            if opts.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if not opts.dry_run:
        try:
            holder["refreshed"] = [*holder["refreshed"], *refresh_circles(db, set(module.CHANGED), settings)]
        except ValueError as exc:  # no town yet: circles wait for grids
            holder["refreshed"] = [*holder["refreshed"], f"service circles not computed: {exc}"]
    frame = holder["frame"]
    rejects = rejects_path_for(opts.path)
    if len(frame):
        write_rejects_csv(frame, rejects)
    else:
        rejects.unlink(missing_ok=True)
    written = holder["written"]
    unknown = unknown_values(frame)
    labels = value_labels(
        mapping if fmt != "open311" else open311.with_defaults(mapping), holder["table"].frame, list(unknown)
    )
    written_mapping = None
    if opts.write_mapping is not None:
        written_mapping = write_mapping(opts.write_mapping, mapping, unknown, labels, codes_of(opts.kind, town))
    return ImportResult(
        kind=opts.kind,
        path=opts.path,
        rows_read=len(holder["table"]),
        loaded=holder["loaded"],
        unchanged=written.count("unchanged"),
        rejected=holder["rejected"],
        repaired=int((frame["action"] == "repaired").sum()),
        warnings=int((frame["action"] == "warning").sum()),
        unassigned=written.unassigned,
        unplaced=holder["unplaced"],
        rejects_path=rejects if len(frame) else None,
        run_id=None if opts.dry_run else holder["run_id"],
        dry_run=opts.dry_run,
        refreshed=tuple(holder["refreshed"]),
        seconds=round(time.perf_counter() - started, 2),
        unknown=unknown,
        labels=labels,
        mapping_written=written_mapping,
        fallback_category=town.fallback_category if opts.kind == "incidents" else "",
    )


def codes_of(kind: str, town: Taxonomy) -> dict[str, list[str]]:
    """The codes each field of an import kind accepts, for a mapping file's comments."""
    if kind == "incidents":
        return {
            "category": list(town.categories),
            "source": list(town.sources),
            "status": list(codes.STATUSES),
            "department": list(town.departments),
            "severity": ["1", "2", "3", "4"],
        }
    return {
        "stations": {"tier": list(town.station_tiers)},
        "risk-sites": {"kind": list(town.risk_kinds)},
        "roads": {"kind": list(codes.ROAD_KINDS)},
        "grids": {"kind": list(codes.GRID_KINDS)},
    }.get(kind, {})
