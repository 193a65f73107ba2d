"""The live ingest API's work: check the token and size, validate and write incidents and events.

Incidents posted by concurrent requests are written in small groups: one writer thread takes whatever is
waiting, validates it as one batch (the same vectorised checks as a file import) and writes it in one
transaction through app.ingest.writes, then answers each request with its own items' results. A group
never holds the same id twice, so each request sees exactly what a lone request would.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from app.config import Settings
from app.domain.codes import STATUSES
from app.domain.filters import EARLIEST_DATE
from app.domain.lifecycle import STAGE_COLUMNS_ORDERED
from app.errors import AppError, ParamError
from app.geo.grid_locator import GridLocator
from app.ingest import incidents
from app.ingest.cells import free_text
from app.ingest.coords import normalise_crs
from app.ingest.datetimes import parse_datetimes
from app.ingest.mapping import Mapping
from app.ingest.problems import FileRefused, Problems
from app.ingest.readers import Table
from app.ingest.refresh import after_live_write, local_now
from app.ingest.staging import LIVE_ID, Written, id_form_reason
from app.ingest.writes import StoredIdInGroup, add_event, write_incidents
from app.store.db import Database

TOKEN_ENV = "GRIDSCOPE_INGEST_TOKEN"
MAX_BODY_BYTES = 1_000_000
MAX_ITEMS = 1_000
MAX_FIELDS = 64  # distinct field names in one request
# A posted time may be at most this far ahead of the server's clock (clients' clocks drift), and not before
# the first day a filter can name.
CLOCK_SKEW = timedelta(minutes=10)
EARLIEST_TIME = datetime.combine(EARLIEST_DATE, time())
NOTE_MAX = 1_000  # characters of an event's note
ACTOR_MAX = 64  # characters of an event's actor
_JSON_TYPES = {dict: "an object", list: "an array"}
MAX_WHOLE = 2**53  # JSON's exact whole numbers; larger ones would overflow a coordinate's float
# How many waiting requests one write may take; bounds the latency of the last one in a group.
MAX_GROUP_ITEMS = 2_000


def check_size(content_length: int | None, body: bytes) -> None:
    if (content_length or 0) > MAX_BODY_BYTES or len(body) > MAX_BODY_BYTES:
        raise AppError(
            f"request larger than {MAX_BODY_BYTES:,} bytes; send batches",
            f"请求过大（上限 {MAX_BODY_BYTES:,} 字节），请分批发送",
            status=413,
        )


def as_items(payload) -> list[dict]:
    """One object or a list of objects → a list; AppError 400/413 otherwise."""
    items = [payload] if isinstance(payload, dict) else payload
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise AppError(
            "the body must be a JSON object or an array of objects", "请求体应为 JSON 对象或对象数组", status=400
        )
    if len(items) > MAX_ITEMS:
        raise AppError(f"at most {MAX_ITEMS} items per request", f"一次最多 {MAX_ITEMS} 条", status=413)
    fields: set[str] = set()
    for k, item in enumerate(items):
        for name, value in item.items():
            if value is not None and not isinstance(value, str | int | float | bool):
                kind = _JSON_TYPES.get(type(value), type(value).__name__)
                raise AppError(
                    f"item {k}: field {name[:64]!r} is {kind}; a field is a string, number, true/false or null",
                    f"第 {k + 1} 条：字段 {name[:64]} 应为字符串、数字、布尔值或 null",
                    param=name[:64],
                    value=kind,
                )
            if isinstance(value, int) and abs(value) > MAX_WHOLE:
                raise AppError(
                    f"item {k}: field {name[:64]!r} is a whole number beyond ±2^53; send it as a string",
                    f"第 {k + 1} 条：字段 {name[:64]} 的整数超出 ±2^53，请以字符串发送",
                    param=name[:64],
                    value=str(value)[:80],
                )
        fields.update(item)
    if len(fields) > MAX_FIELDS:
        raise AppError(
            f"{len(fields)} different field names; at most {MAX_FIELDS} per request",
            f"字段名共 {len(fields)} 个，一次最多 {MAX_FIELDS} 个",
        )
    return items


def time_window(settings: Settings) -> tuple[datetime, datetime]:
    """The times a live write may carry: EARLIEST_TIME to the town's wall clock plus CLOCK_SKEW."""
    return EARLIEST_TIME, local_now(settings.timezone) + CLOCK_SKEW


def check_incident_id(incident_id: str) -> None:
    """ParamError (400) when an incident id from the address is not of the live form (staging.LIVE_ID)."""
    if LIVE_ID.fullmatch(incident_id) is None:
        zh, en = id_form_reason("incident_id")
        raise ParamError("incident_id", incident_id[:80], en, zh)


def _short_text(event: dict, name: str, most: int, k: int) -> str | None:
    """An event's optional free-text field: a string of at most `most` characters, control and bidi characters
    dropped; None when absent or empty. AppError 400 naming it otherwise."""
    value = event.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AppError(
            f"event {k}: {name!r} must be a string",
            f"第 {k + 1} 条事件：{name} 应为字符串",
            param=name,
            value=str(value),
        )
    value = free_text(value)
    if len(value) > most:
        raise AppError(
            f"event {k}: {name!r} is longer than {most} characters",
            f"第 {k + 1} 条事件：{name} 超过 {most} 个字符",
            param=name,
            value=value[:80],
        )
    return value or None


@dataclass
class _Request:
    items: list[dict]
    crs: str | None
    done: threading.Event = field(default_factory=threading.Event)
    results: list[dict] = field(default_factory=list)
    error: BaseException | None = None


class IncidentWriter:
    """The one writer thread of an app's database for posted incidents (see the module docstring)."""

    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.settings = settings
        # Read at the first write: grids change only by a file import, which cannot run while a server
        # holds the database.
        self._grids: GridLocator | None = None
        self._queue: queue.Queue[_Request] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="gridscope-ingest", daemon=True)
        self._thread.start()

    def submit(self, items: list[dict], crs: str | None, timeout: float = 60.0) -> list[dict]:
        request = _Request(items, crs)
        self._queue.put(request)
        if not request.done.wait(timeout):
            raise AppError("the write did not finish in time; retry later", "写入超时，请稍后重试", status=503)
        if request.error is not None:
            raise request.error
        return request.results

    def _loop(self) -> None:
        held: list[_Request] = []
        while True:
            group = held or [self._queue.get()]
            held = []
            ids = {str(i.get("incident_id", "")) for i in group[0].items}
            size, crs = len(group[0].items), group[0].crs
            while size < MAX_GROUP_ITEMS:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                nxt_ids = {str(i.get("incident_id", "")) for i in nxt.items}
                if nxt.crs != crs or nxt_ids & ids:
                    held.append(nxt)
                    break
                group.append(nxt)
                ids |= nxt_ids
                size += len(nxt.items)
            try:
                self._write(group)
            except BaseException as exc:  # answered to every waiting request, never kills the thread
                for r in group:
                    r.error = (
                        exc if isinstance(exc, AppError) else AppError(str(exc).splitlines()[0], "写入失败", status=500)
                    )
            for r in group:
                r.done.set()

    def _write(self, group: list[_Request]) -> None:
        items = [item for r in group for item in r.items]
        frame = pd.DataFrame(items, dtype=object).fillna("") if items else pd.DataFrame()
        table = Table(frame, np.arange(1, len(items) + 1))
        problems = Problems()
        try:
            town = Mapping(town_timezone=self.settings.timezone)
            stage = incidents.prepare(
                table,
                town,
                group[0].crs,
                problems,
                taxonomy=self.settings.taxonomy,
                fallback=False,
                id_pattern=LIVE_ID,
                times_within=time_window(self.settings),
            )
        except FileRefused as exc:
            raise AppError(str(exc), str(exc), status=422) from None
        try:
            written = self._store(stage, located=True)
        except StoredIdInGroup:  # rare live: a client re-sending; the general path sorts new from stored
            written = self._store(stage, located=False)
        by_row: dict[int, list[dict]] = {}
        for p in problems.frame().itertuples(index=False) if problems.parts else ():
            by_row.setdefault(int(p.row_number), []).append(
                {"field": p.field, "action": p.action, "reason": p.reason_en, "reason_zh": p.reason}
            )
        for seq, refusal in written.refusals.items():
            by_row.setdefault(seq + 1, []).append(
                {"field": "status", "action": "rejected", "reason": refusal.en, "reason_zh": refusal.zh}
            )
        offset = 0
        for r in group:
            for k, item in enumerate(r.items):
                seq = offset + k
                notes = by_row.get(seq + 1, [])
                rejected = any(n["action"] == "rejected" for n in notes)
                result = "rejected" if rejected else written.outcomes.get(seq, "rejected")
                r.results.append(
                    {"index": k, "incident_id": item.get("incident_id"), "result": result, "problems": notes}
                )
            offset += len(r.items)

    def _store(self, stage: pd.DataFrame, located: bool) -> Written:
        """Write a validated group and bring the derived data up to date, in one transaction."""
        latest = stage[list(STAGE_COLUMNS_ORDERED)].max().max() if len(stage) else None
        earliest = stage["reported_at"].min() if len(stage) else None
        with self.db.transaction() as cur:
            if self._grids is None:
                self._grids = GridLocator.from_wkb(self.db.queries["grid/level3_shapes"].execute(cur).fetchall())
            written = write_incidents(cur, self.db.queries, stage, self._grids if located else None)
            after_live_write(
                cur,
                self.db.queries,
                stage["incident_id"].tolist() if len(stage) else [],
                None if latest is None or pd.isna(latest) else latest.to_pydatetime(),
                None if earliest is None or pd.isna(earliest) else earliest.to_pydatetime(),
                self.settings,
            )
        return written


def post_events(db: Database, settings: Settings, incident_id: str, payload) -> list[dict]:
    """Add lifecycle events to one incident, all or nothing: AppError 404/409/422 with the reason when any
    cannot be added, and then none is."""
    check_incident_id(incident_id)
    events = as_items(payload)
    first, last = time_window(settings)
    parsed = []
    for k, ev in enumerate(events):
        status = str(ev.get("status", "")).strip()
        at_values, bad = parse_datetimes(pd.Series([ev.get("at", "")], dtype=object), town_tz=settings.timezone)
        if bad[0] or pd.isna(at_values[0]):
            raise AppError(
                f"event {k}: 'at' is missing or not a date-time", f"第 {k + 1} 条事件缺少或无法识别时间 at", status=422
            )
        at = at_values[0].to_pydatetime()
        if not first <= at <= last:
            raise AppError(
                f"event {k}: 'at' must be between {first:%Y-%m-%d} and {last:%Y-%m-%d %H:%M} "
                "(minutes past the server's clock)",
                f"第 {k + 1} 条事件：时间 at 应在 {first:%Y-%m-%d} 至 {last:%Y-%m-%d %H:%M}（服务器当前时间稍后）之间",
                status=422,
                param="at",
                value=str(at),
            )
        note, actor = _short_text(ev, "note", NOTE_MAX, k), _short_text(ev, "actor", ACTOR_MAX, k)
        parsed.append((status, at, note, actor))
    results = []
    # An AppError raised inside the transaction rolls back every event of this request.
    with db.transaction() as cur:
        for k, (status, at, note, actor) in enumerate(parsed):
            outcome = add_event(cur, db.queries, incident_id, status, at, note, actor)
            if outcome.outcome == "not_found":
                raise AppError(outcome.reason.en, outcome.reason.zh, status=404)
            if outcome.outcome == "refused":
                raise AppError(
                    f"event {k}: {outcome.reason.en}; nothing was written",
                    f"第 {k + 1} 条事件：{outcome.reason.zh}；全部未写入",
                    status=409 if status in STATUSES else 422,
                )
            results.append({"index": k, "status": status, "at": _iso(at), "result": outcome.outcome})
        reported = db.queries["incident/reported_at"].execute(cur, incident_id=incident_id).fetchone()
        latest = max(at for _, at, _, _ in parsed) if parsed else None
        after_live_write(cur, db.queries, [incident_id], latest, reported[0] if reported else None, settings)
    return results


def _iso(at: datetime) -> str:
    return at.isoformat(sep=" ")


def parse_crs(arg: str | None) -> str | None:
    try:
        return normalise_crs(arg)
    except ValueError as exc:
        raise ParamError("crs", arg, str(exc), "未知坐标系，可用 wgs84、gcj02、bd09 或 EPSG:n") from None
