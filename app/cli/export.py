"""`gridscope export snapshot|data`: map snapshots and data files from the command line.

Without `--server` the command opens the database itself (and, for snapshots, serves the app from a
thread to its own headless Chromium); while `gridscope serve` holds the database, pass that server's
address with `--server` and the files are made there. Every export is recorded in export_log.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from app.cli.options import CliError, db_arg, existing_db
from app.config import Settings

FILTER_OPTIONS = (
    ("area", "functional area ids, comma-separated"),
    ("grid", "community or grid id"),
    ("from", "first day YYYY-MM-DD"),
    ("to", "last day YYYY-MM-DD (default: the data's last day)"),
    ("incident-layer", "incident layer: warning, pain_point"),
    ("category", "categories, comma-separated"),
    ("status", "open, overdue, closed"),
    ("source", "sources, comma-separated"),
    ("severity", "severities 1-4, comma-separated"),
)


def add_parser(sub) -> None:
    export = sub.add_parser(
        "export",
        help="map snapshots (PNG/PDF) and data (CSV/XLSX/GeoJSON)",
        description="Export a page's map as a report-ready PNG or PDF, or the data of a filter as CSV "
        "(UTF-8 with BOM), XLSX or GeoJSON. Every export is recorded in the export_log table.",
    )
    what = export.add_subparsers(dest="export_kind", required=True, metavar="KIND")
    snap = what.add_parser(
        "snapshot",
        help="a map snapshot with title, legend, scale bar, north arrow, filters and data time",
        description="Draw exactly the layers, filters and extent of a page address (/map?… or /coverage?…) "
        "as a PNG (1× or 2×) or a one-page landscape PDF (A4 or A3, vector text).",
    )
    db_arg(snap)
    snap.add_argument("--url", default="/map", help='page address, e.g. "/map?area=A01&layers=grids,incidents"')
    snap.add_argument("--out", type=Path, required=True, help="FILE.png or FILE.pdf (with --each-area: a folder)")
    snap.add_argument("--title", default="", help="title on the sheet (default: town · place · page)")
    snap.add_argument("--width", type=int, default=1600, help="PNG width in pixels (default 1600)")
    snap.add_argument("--height", type=int, default=1000, help="PNG height in pixels (default 1000)")
    snap.add_argument("--scale", type=float, default=1, choices=(1, 2), help="PNG pixel density, 1 or 2")
    snap.add_argument("--paper", default="A4", type=str.upper, choices=("A4", "A3"), help="PDF paper (landscape)")
    snap.add_argument("--format", dest="fmt", choices=("png", "pdf"), help="format (default: from --out)")
    snap.add_argument("--each-area", action="store_true", help="one file per functional area, named by area")
    snap.add_argument("--server", help="make it on the running server at this address (http://host:port)")
    snap.add_argument("--token", help="the server's API token (default: $GRIDSCOPE_TOKEN)")

    data = what.add_parser(
        "data",
        help="the data of a filter as CSV, XLSX or GeoJSON",
        description="Write a layer for a filter: incidents (the same rows as GET /api/incidents), grids with "
        "their metrics, stations, or the coverage table. Streams in constant memory.",
    )
    db_arg(data)
    data.add_argument("--layer", default="incidents", choices=("incidents", "grids", "stations", "coverage"))
    data.add_argument("--format", dest="fmt", choices=("csv", "xlsx", "geojson"), help="default: from --out")
    data.add_argument("--out", type=Path, required=True, help="the file to write")
    data.add_argument("--url", default="", help="take the filters from a page address (/map?area=…)")
    for name, help_text in FILTER_OPTIONS:
        data.add_argument(f"--{name}", dest=name.replace("-", "_"), help=help_text)
    data.add_argument("--minutes", type=int, default=15, help="coverage table: walking minutes (default 15)")
    data.add_argument("--server", help="make it on the running server at this address (http://host:port)")
    data.add_argument("--token", help="the server's API token (default: $GRIDSCOPE_TOKEN)")


def _open_hint(exc: Exception) -> CliError:
    """A database held by a running server: say how to export through it instead."""
    return CliError(f"{exc}; or export through it: add --server http://host:port (its address)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    return (run_snapshot if args.export_kind == "snapshot" else run_data)(args, settings)


def _fmt(out: Path, given: str | None, allowed: tuple[str, ...]) -> str:
    fmt = given or out.suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise CliError(f"cannot tell the format of {out}: give --format ({', '.join(allowed)})")
    return fmt


def _filter_query(args: argparse.Namespace) -> str:
    from app.domain.filters import parse_filters

    pairs = [(k, v) for k, v in parse_qsl(urlsplit(args.url).query) if k not in ("layers", "metric", "lang")]
    given = {name: getattr(args, name.replace("-", "_")) for name, _ in FILTER_OPTIONS}
    given["layer"] = given.pop("incident-layer")
    pairs = [(k, v) for k, v in pairs if not given.get(k)] + [(k, v) for k, v in given.items() if v]
    return parse_filters(urlencode(pairs)).to_query()


def _fetch(url: str, out: Path, token: str | None = None, busy_retries: int = 5) -> None:
    """GET `url` into `out` with the API token (`token`, else $GRIDSCOPE_TOKEN); a 4xx/5xx answer becomes a
    one-line error with the server's reason. A 429 (the server's snapshot queue is full) is asked again after
    its Retry-After, up to `busy_retries` times."""
    token = token or os.environ.get("GRIDSCOPE_TOKEN", "")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    for attempt in range(busy_retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=600) as resp, open(out, "wb") as fh:
                shutil.copyfileobj(resp, fh, 1 << 20)
            return
        except urllib.error.HTTPError as exc:
            wait = _retry_after(exc) if exc.code == 429 and attempt < busy_retries else None
            if wait is not None:
                print(f"the server is busy drawing snapshots; asking again in {wait} s", flush=True)
                time.sleep(wait)
                continue
            try:
                reason = json.loads(exc.read()).get("error", exc.reason)
            except ValueError:
                reason = exc.reason
            raise CliError(f"the server answered {exc.code}: {reason}") from None
        except urllib.error.URLError as exc:
            raise CliError(f"cannot reach {url.split('/api/')[0]}: {exc.reason}") from None


def _retry_after(exc: urllib.error.HTTPError) -> int | None:
    try:
        return min(max(int(exc.headers.get("Retry-After", "")), 1), 120)
    except ValueError:
        return None


def run_data(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.filters import parse_filters
    from app.export import data, formats
    from app.services import deployment
    from app.store.db import Database, StoreError, create_schema

    fmt = _fmt(args.out, args.fmt, tuple(formats.FORMATS))
    query = _filter_query(args)
    start = time.perf_counter()
    if args.server:
        params = urlencode([("dataset", args.layer), ("format", fmt), ("minutes", args.minutes)]) + "&" + query
        args.out.parent.mkdir(parents=True, exist_ok=True)
        _fetch(f"{args.server.rstrip('/')}/api/export/data?{params.rstrip('&')}", args.out, args.token)
        print(f"{args.layer} written to {args.out} by {args.server} ({time.perf_counter() - start:.1f} s)")
        return 0
    try:
        db = Database(existing_db(settings))
    except StoreError as exc:
        raise _open_hint(exc) from None
    try:
        with db.transaction() as cur:
            create_schema(cur, db.queries)
            settings, _moved = deployment.settle(cur, db.queries, settings, write=False)
        req = data.DataRequest(args.layer, fmt, parse_filters(query, settings.taxonomy), args.minutes)
        data.check_fits(db, settings, req)
        rows = data.write_file(db, settings, req, args.out)
    finally:
        db.close()
    size = args.out.stat().st_size / 1e6
    print(f"{rows:,} {args.layer} rows written to {args.out} ({size:.1f} MB, {time.perf_counter() - start:.1f} s)")
    return 0


# What never goes into a file name made from data: path separators, characters Windows refuses, white space,
# control characters and bidi controls (which make a name read differently from what it is).
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def _safe(name: str) -> str:
    """A name (an area's, in any script) as a part of a file name: no separator, control character or '..'."""
    return re.sub(r"\.{2,}", "_", _UNSAFE.sub("_", name)).strip("._")


def safe_id(area_id: str) -> str:
    """An area id as a part of a file name: letters, digits, '-', '_' and '.' only, never '..' nor a leading
    dot; 'area' when nothing is left."""
    part = re.sub(r"\.{2,}", "_", re.sub(r"[^A-Za-z0-9_.-]+", "_", area_id)).strip("._")
    return part or "area"


def _targets(args: argparse.Namespace, spec, areas: list[tuple[str, str]]) -> list[tuple[object, Path]]:
    """(spec, output file) for each snapshot to make: one, or one per functional area."""
    if not args.each_area:
        return [(spec, args.out)]
    if args.out.suffix.lower() in (".png", ".pdf"):
        folder, prefix = args.out.parent, args.out.stem
    else:
        folder, prefix = args.out, spec.page
    out, used = [], set()
    for area_id, name in areas:
        query = [(k, v) for k, v in parse_qsl(spec.query) if k not in ("area", "grid")] + [("area", area_id)]
        stem = "_".join(p for p in (prefix, safe_id(area_id), _safe(name)) if p)
        file, n = f"{stem}.{spec.fmt}", 1
        while file in used:  # two ids alike once made safe: neither file replaces the other
            n += 1
            file = f"{stem}-{n}.{spec.fmt}"
        used.add(file)
        out.append((replace(spec, query=urlencode(query, safe=",")), folder / file))
    return out


def run_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    from app.export import log
    from app.export.render_queue import Renderer
    from app.export.snapshot import spec_from_url

    fmt = _fmt(args.out, args.fmt, ("png", "pdf")) if not args.each_area else (args.fmt or _suffix(args.out))
    sizes = {"width": args.width, "height": args.height, "scale": args.scale, "paper": args.paper}
    spec = spec_from_url(args.url, fmt=fmt, title=args.title, **sizes)
    if args.server:
        base = args.server.rstrip("/")
        areas = _areas_from_server(base) if args.each_area else []
        for one, out in _targets(args, spec, areas):
            start = time.perf_counter()
            out.parent.mkdir(parents=True, exist_ok=True)
            params = urlencode(
                [
                    ("page", one.page),
                    ("format", one.fmt),
                    ("title", one.title),
                    ("scale", f"{one.scale:g}"),
                    ("paper", one.paper),
                    ("width", one.width),
                    ("height", one.height),
                ]
            )
            _fetch(f"{base}/api/export/snapshot?{params}&{one.query}", out, args.token)
            print(f"snapshot written to {out} by {base} ({time.perf_counter() - start:.1f} s)")
        return 0
    existing_db(settings)
    from app.services import coverage
    from app.store.db import StoreError
    from app.web.local_server import local_server

    with ExitStack() as stack:
        try:
            srv = stack.enter_context(local_server(settings))
        except StoreError as exc:
            raise _open_hint(exc) from None
        tiles = (settings.basemap.tile_url,) if settings.basemap.tile_url else ()
        renderer = stack.enter_context(
            Renderer(timeout=settings.snapshot_timeout_seconds, also=tiles, headers=srv.headers)
        )
        areas = coverage.areas(srv.db) if args.each_area else []
        for one, out in _targets(args, spec, areas):
            start = time.perf_counter()
            renderer.render(srv.base_url, one, out)
            seconds = time.perf_counter() - start
            log.record_snapshot(srv.db, one, size=out.stat().st_size, seconds=seconds, file=str(out))
            print(f"snapshot written to {out} ({out.stat().st_size / 1e3:.0f} kB, {seconds:.1f} s)")
    return 0


def _suffix(out: Path) -> str:
    return out.suffix.lower().lstrip(".") if out.suffix.lower() in (".png", ".pdf") else "png"


def _areas_from_server(base: str) -> list[tuple[str, str]]:
    try:
        with urllib.request.urlopen(f"{base}/api/export/areas", timeout=30) as resp:
            return [(a["area_id"], a["name"]) for a in json.loads(resp.read())["areas"]]
    except urllib.error.URLError as exc:
        raise CliError(f"cannot reach {base}: {exc}") from None
