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

from app.domain.codes import STATUS_ORDER
from app.domain.lifecycle import STAGE_COLUMNS, STAGE_COLUMNS_ORDERED, Refusal, check_transition
from app.geo.grid_locator import GridLocator
from app.ingest.staging import Written
from app.store.sql import QueryBook

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
# A located stage (see _insert_located): the staging columns with the grid found instead of the grid code.
LOCATED_TYPES = {
    **{c: t for c, t in STAGING_TYPES.items() if c not in ("seq", "grid_code")},
    "grid_id": "VARCHAR",
    "area_id": "VARCHAR",
}
# The located columns the event log reads (incident/events_from_staged): a located group binds only these for it.
EVENT_COLUMNS = ("incident_id", "source", *STAGE_COLUMNS_ORDERED, "department", "description")
# Up to this many rows (a live group) are handed to DuckDB as query parameters, above it (a file) as the frame.
MAX_PARAMETER_ROWS = 256


def _select_parameters(types: dict[str, str]) -> str:
    """A SELECT of one list parameter per column, unnested into rows. Built from the type tables above rather
    than kept in a .sql file, so the staging columns are listed once."""
    return "SELECT " + ", ".join(f"unnest(${c}::{t}[]) AS {c}" for c, t in types.items())


_STAGE_FROM_PARAMETERS = _select_parameters(STAGING_TYPES)
_LOCATED_STAGE = f"WITH incident_stage AS ({_select_parameters(LOCATED_TYPES)})"
_EVENT_STAGE = f"WITH incident_stage AS ({_select_parameters({c: LOCATED_TYPES[c] for c in EVENT_COLUMNS})})"


class StoredIdInGroup(Exception):
    """A located group (see write_incidents) held an id already stored. Its insert failed, so the caller's
    transaction is aborted: roll it back and write the group again without a locator."""


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


def write_incidents(
    cur: duckdb.DuckDBPyConnection, queries: QueryBook, stage: pd.DataFrame, locator: GridLocator | None = None
) -> Written:
    """Insert new incidents and extend known ones from a staging frame (columns STAGING_COLUMNS, unique
    incident_id, stage times in order, naive local datetime64).

    With a `locator` (the live writer keeps one), a small group is appended as located rows, two cheap
    statements instead of the general path's joins; when one of its ids is already stored that insert fails
    and StoredIdInGroup is raised, the transaction being lost (DuckDB has no savepoints)."""
    result = Written()
    if stage.empty:
        return result
    frame = stage if list(stage.columns) == STAGING_COLUMNS else stage[STAGING_COLUMNS]
    if locator is not None and len(frame) <= MAX_PARAMETER_ROWS:
        result.unassigned = _insert_located(cur, queries, frame, locator)
        result.outcomes.update(dict.fromkeys(frame["seq"].astype(int).tolist(), "inserted"))
        return result
    # Files, and live groups holding a stored id: an insert that skips stored ids and locates the rest, the
    # new ids' events, and for the stored ones a read of their stages.
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
    staged = by_seq.loc[existing["seq"], list(STAGE_COLUMNS_ORDERED)].reset_index(drop=True)
    stored = existing[list(STAGE_COLUMNS_ORDERED)].reset_index(drop=True)
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
        cur.register("incident_stage", cur.sql(_STAGE_FROM_PARAMETERS, params=_parameters(frame)))
    else:
        cur.register("incident_stage", frame)
    try:
        yield
    finally:
        cur.unregister("incident_stage")


def _parameters(frame: pd.DataFrame) -> dict[str, list]:
    """The frame's columns as lists of Python values (None for missing), as DuckDB takes list parameters."""
    return {c: [None if pd.isna(v) else v for v in frame[c].tolist()] for c in frame.columns}


def _insert_located(
    cur: duckdb.DuckDBPyConnection, queries: QueryBook, frame: pd.DataFrame, locator: GridLocator
) -> int:
    """Append a small group with the grid each row's code names or its point lies in, and its event log;
    return how many rows no grid holds that gave no grid code either (the import's `unassigned`).
    StoredIdInGroup when an id is already stored: the primary key refuses the insert, which costs nothing
    in the usual group of new ids, where asking first would cost a statement."""
    values = _parameters(frame)
    grid_codes = values.pop("grid_code")
    del values["seq"]
    values["grid_id"], values["area_id"] = locator.locate(frame["lon"].to_numpy(), frame["lat"].to_numpy(), grid_codes)
    # Both read `incident_stage`: here a WITH over the parameters, the events' of only the columns they read.
    try:
        queries["incident/insert_located"].execute_with(cur, _LOCATED_STAGE, values)
    except duckdb.ConstraintException as exc:
        raise StoredIdInGroup(str(exc)) from exc
    queries["incident/events_from_staged"].execute_with(cur, _EVENT_STAGE, {c: values[c] for c in EVENT_COLUMNS})
    return sum(g is None and c is None for g, c in zip(values["grid_id"], grid_codes, strict=True))


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
