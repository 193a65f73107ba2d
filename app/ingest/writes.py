"""Writing incidents and lifecycle events: the one path used by file imports, the live API and (later) the
simulator, so all three obey the same rules.

`write_incidents` takes a validated staging frame (see STAGE_COLUMNS) and, within the caller's transaction,
inserts the new ids with their event log; an id already stored gains only the stages it did not have,
through `add_event` like any live event; everything else about it is left as stored (ids are idempotent).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from app.codes import STATUS_ORDER
from app.data.sql import QueryBook
from app.ingest.lifecycle import STAGE_COLUMNS, Refusal, check_transition
from app.ingest.staging import Written

STAGE_COLUMNS_ORDERED = [STAGE_COLUMNS[s] for s in STATUS_ORDER]
# The staging frame's columns and their SQL types (those of the incident table).
STAGING_TYPES = {
    "seq": "BIGINT",
    "incident_id": "VARCHAR",
    "layer": "VARCHAR",
    "category": "VARCHAR",
    "source": "VARCHAR",
    "severity": "TINYINT",
    **dict.fromkeys(STAGE_COLUMNS_ORDERED, "TIMESTAMP"),
    "escalated": "BOOLEAN",
    "department": "VARCHAR",
    "satisfaction": "TINYINT",
    "description": "VARCHAR",
    "address": "VARCHAR",
    "site_id": "VARCHAR",
    "grid_code": "VARCHAR",
    "lon": "DOUBLE",
    "lat": "DOUBLE",
}
STAGING_COLUMNS = list(STAGING_TYPES)
# Up to this many rows (a live group) are handed to DuckDB as query parameters, above it (a file) as the frame.
MAX_PARAMETER_ROWS = 256
# Built from STAGING_TYPES rather than kept in a .sql file, so the staging columns are listed once.
_STAGE_FROM_PARAMETERS = "SELECT " + ", ".join(f"unnest(${c}::{t}[]) AS {c}" for c, t in STAGING_TYPES.items())


@dataclass(frozen=True)
class EventOutcome:
    """`added`, `unchanged` (already recorded), `refused` (with reason) or `not_found`."""

    outcome: str
    reason: Refusal | None = None


def add_event(
    cur: duckdb.DuckDBPyConnection,
    queries: QueryBook,
    incident_id: str,
    status: str,
    at: datetime,
    note: str | None = None,
    actor: str | None = None,
) -> EventOutcome:
    """Append one lifecycle event and update the incident's stage time and status, if the rules allow."""
    row = queries["incident/state"].execute(cur, incident_id=incident_id).fetchone()
    if row is None:
        return EventOutcome("not_found", Refusal(f"事件 {incident_id} 不存在", f"no incident {incident_id}"))
    stages = dict(zip(["reported_at", *STAGE_COLUMNS_ORDERED[1:]], row[1:], strict=True))
    verdict = check_transition(stages, status, at)
    if verdict == "unchanged":
        return EventOutcome("unchanged")
    if isinstance(verdict, Refusal):
        return EventOutcome("refused", verdict)
    queries["incident/append_event"].execute(cur, incident_id=incident_id, at=at, status=status, note=note, actor=actor)
    rank = STATUS_ORDER.index(status) + 1
    queries["incident/set_stage"].execute(cur, incident_id=incident_id, at=at, status=status, rank=rank)
    return EventOutcome("added")


def write_incidents(cur: duckdb.DuckDBPyConnection, queries: QueryBook, stage: pd.DataFrame) -> Written:
    """Insert new incidents and extend known ones from a staging frame (columns STAGING_COLUMNS, unique
    incident_id, stage times in order, naive local datetime64)."""
    result = Written()
    if stage.empty:
        return result
    frame = stage[STAGING_COLUMNS]
    # Per-statement overhead, not rows, is what a live group pays for: an all-new group (the usual live write)
    # takes two statements; ids already stored cost one more, to read their stored stages.
    with _staged(cur, frame):
        returned = queries["incident/insert_staged"].execute(cur).df()
        inserted = frame["incident_id"].isin(returned["incident_id"]).to_numpy()
        if inserted.all():
            queries["incident/events_from_staged"].execute(cur)
    fresh = frame[inserted]
    if len(fresh) and not inserted.all():
        with _staged(cur, fresh):
            queries["incident/events_from_staged"].execute(cur)
    no_grid = returned.loc[returned["grid_id"].isna(), "incident_id"]
    result.outcomes.update(dict.fromkeys(fresh["seq"].astype(int).tolist(), "inserted"))
    result.unassigned = int((fresh["grid_code"].isna() & fresh["incident_id"].isin(no_grid)).sum())
    if inserted.all():
        return result
    with _staged(cur, frame[~inserted]):
        existing = queries["incident/existing_of_staged"].execute(cur).df()
    by_seq = stage.set_index("seq")
    staged = by_seq.loc[existing["seq"], STAGE_COLUMNS_ORDERED].reset_index(drop=True)
    stored = existing[STAGE_COLUMNS_ORDERED].reset_index(drop=True)
    # Vectorised first: a row whose every given stage is already stored at the same time is unchanged.
    same = ((staged == stored) | staged.isna()).all(axis=1).to_numpy()
    for seq in existing.loc[same, "seq"]:
        result.outcomes[int(seq)] = "unchanged"
    for seq in existing.loc[~same, "seq"]:
        _extend(cur, queries, result, int(seq), by_seq.loc[seq])
    return result


@contextmanager
def _staged(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> Iterator[None]:
    """`frame` readable as `incident_stage` by the statements run inside.

    A small frame goes in as parameters of a relation: DuckDB then reads values of its own, where a
    registered pandas frame is read back through Python on every reference (three per insert), each time
    waiting for the GIL the server's other threads hold. A large one is registered as it is."""
    if len(frame) <= MAX_PARAMETER_ROWS:
        values = {c: [None if pd.isna(v) else v for v in frame[c].tolist()] for c in STAGING_COLUMNS}
        cur.register("incident_stage", cur.sql(_STAGE_FROM_PARAMETERS, params=values))
    else:
        cur.register("incident_stage", frame)
    try:
        yield
    finally:
        cur.unregister("incident_stage")


def _extend(cur, queries, result: Written, seq: int, staged: pd.Series) -> None:
    """Add to a stored incident the stages the file has and the store lacks, in order."""
    outcome = "unchanged"
    for status in STATUS_ORDER:
        at = staged[STAGE_COLUMNS[status]]
        if pd.isna(at):
            continue
        done = add_event(cur, queries, staged["incident_id"], status, pd.Timestamp(at).to_pydatetime(), None, "import")
        if done.outcome == "added":
            outcome = "updated"
        elif done.outcome == "refused":
            result.outcomes[seq] = "refused"
            result.refusals[seq] = done.reason
            return
    result.outcomes[seq] = outcome
