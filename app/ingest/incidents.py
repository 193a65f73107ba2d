"""Incidents from CSV/XLSX/geodata exports (12345 hotline, 一网统管) or Open311: validate, stage, write.

Validation is vectorised (a million rows in seconds). Each bad row is rejected with the first reason found;
every good row is written through app.ingest.writes, the same path the live API uses.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd

from app.domain import codes
from app.domain.lifecycle import STAGE_COLUMNS_ORDERED
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.ingest.cells import free_texts
from app.ingest.datetimes import parse_datetimes
from app.ingest.mapping import Mapping
from app.ingest.problems import Problems
from app.ingest.readers import Table
from app.ingest.staging import Rejector, ids_column, points, reject_bad_ids, text
from app.ingest.writes import write_incidents

CHANGED = frozenset({"incident"})
_TRUE = {"1", "true", "yes", "y", "是", "t", "已升级"}
_FALSE = {"0", "false", "no", "n", "否", "f", ""}


def prepare(
    table: Table,
    mapping: Mapping,
    crs: str | None,
    problems: Problems,
    cur=None,
    queries=None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    fallback: bool = True,
    id_pattern: re.Pattern[str] | None = None,
    times_within: tuple[datetime, datetime] | None = None,
) -> pd.DataFrame:
    """Validated staging frame (writes.STAGING_COLUMNS) of the good rows; bad rows go to `problems`.

    A category the taxonomy does not know goes to its fallback category with a warning on the row (when it
    has one and `fallback`: file imports; the live API rejects, its client can resend), else is rejected.
    The live API also gives `id_pattern` (incident, site and grid ids not of it are rejected) and
    `times_within` (a stage time outside it is rejected). Descriptions and addresses lose control and bidi
    characters (cells.free_text), from files and the API alike."""
    f, n = table.frame, len(table)
    rj = Rejector(table, problems)
    ids = ids_column(table, mapping, "incident_id", rj, id_pattern)

    category = _category(table, mapping, taxonomy, taxonomy.fallback_category if fallback else "", rj)
    # Absent optional columns skip their checks: the API posts one small object at a time.
    source_raw = mapping.column("source", f)
    source = pd.Series("hotline", index=range(n)) if source_raw is None else text(source_raw, n).replace("", "hotline")
    if source_raw is not None:
        rj.reject(
            ~source.isin(list(taxonomy.sources)),
            "source",
            "事件来源无法识别，请在 [values.source] 中对应",
            "unknown source; map it in [values.source]",
            source,
        )
    severity_raw = mapping.column("severity", f)
    severity = pd.Series(2, index=range(n))
    if severity_raw is not None:
        severity_text = text(severity_raw, n)
        severity = pd.to_numeric(severity_text.replace("", "2"), errors="coerce")
        rj.reject(
            ~severity.isin([1, 2, 3, 4]), "severity", "紧急程度应为 1–4", "severity must be 1 to 4", severity_text
        )

    stages = {}
    given_stages = []  # the stage columns the input has; the others are all NaT and skip the order check
    not_given = pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[us]"))  # shared, never changed
    for col in STAGE_COLUMNS_ORDERED:
        raw = mapping.column(col, f, required=(col == "reported_at"))
        if raw is None:
            stages[col] = not_given
            continue
        given_stages.append(col)
        parsed, unreadable = parse_datetimes(raw, mapping.formats.get(col), mapping.timezone, mapping.town_timezone)
        rj.reject(
            unreadable,
            col,
            f"{col} 时间格式无法识别（可在映射文件 [formats] 中指定）",
            f"{col} is not a date-time GridScope can read (give its format in [formats] of the mapping)",
            raw,
        )
        stages[col] = parsed
    rj.reject(stages["reported_at"].isna(), "reported_at", "缺少上报时间", "reported_at is empty")
    if times_within is not None:
        _reject_times_outside(stages, given_stages, times_within, rj)
    latest = stages["reported_at"].copy()
    latest_name = pd.Series("reported_at", index=latest.index)
    for col in given_stages[1:]:
        t = stages[col]
        later = t.notna()
        if not later.any():
            continue
        early = (t < latest).to_numpy()
        rj.reject(
            early,
            col,
            f"{col} 早于前一环节时间，环节时间顺序颠倒",
            f"{col} is earlier than the previous stage; stage times are out of order",
            t.astype(str) + " < " + latest_name + " " + latest.astype(str),
        )
        latest, latest_name = latest.where(~later, t), latest_name.where(~later, col)

    status = mapping.column("status", f)
    if status is not None:
        st = text(status, n).map(codes.status_code)
        known = st.isin(list(codes.STATUSES)) | (st == "")
        rj.reject(
            ~known,
            "status",
            "状态无法识别，请在 [values.status] 中对应",
            "unknown status; map it in [values.status]",
            st,
        )
        claimed = st.map({s: i for i, s in enumerate(codes.STATUS_ORDER)}).fillna(0).to_numpy()
        reached = np.zeros(n)
        for i, col in enumerate(STAGE_COLUMNS_ORDERED):
            reached = np.where(stages[col].notna().to_numpy(), i, reached)
        rj.reject(
            claimed > reached,
            "status",
            "状态比已填的环节时间更靠后（如状态为已办结却没有办结时间），请补填对应环节时间",
            "the status is further on than the stage times given (e.g. closed without closed_at); fill in that time",
            st,
        )

    escalated_raw = mapping.column("escalated", f)
    escalated = pd.Series(False, index=range(n))
    if escalated_raw is not None:
        escalated_text = text(escalated_raw, n).str.lower()
        rj.reject(
            ~escalated_text.isin(_TRUE | _FALSE),
            "escalated",
            "是否升级应为 是/否",
            "escalated must be yes/no",
            escalated_text,
        )
        escalated = escalated_text.isin(_TRUE)
    satisfaction_raw = mapping.column("satisfaction", f)
    satisfaction = None
    if satisfaction_raw is not None:
        sat_text = text(satisfaction_raw, n)
        satisfaction = pd.to_numeric(sat_text, errors="coerce")
        rj.reject(
            (sat_text != "") & ~satisfaction.isin([1, 2, 3, 4, 5]),
            "satisfaction",
            "满意度应为 1–5",
            "satisfaction must be 1 to 5",
            sat_text,
        )
    department_raw = mapping.column("department", f)
    department = None if department_raw is None else text(department_raw, n)
    if department is not None:
        rj.reject(
            ~(department.isin(list(taxonomy.departments)) | (department == "")),
            "department",
            "处置部门无法识别，请在 [values.department] 中对应",
            "unknown department; map it in [values.department]",
            department,
        )

    if id_pattern is not None:
        for field in ("site_id", "grid_id"):
            values = mapping.column(field, f)
            if values is not None:
                reject_bad_ids(text(values, n), field, id_pattern, rj)

    lon, lat, located = points(table, mapping, crs, problems, rj)
    rj.ok &= located
    keep = rj.ok

    def optional(field: str, free: bool = False) -> np.ndarray | None:
        values = mapping.column(field, f)
        if values is None:
            return None
        kept = text(values, n)[keep]
        if free:
            kept = pd.Series(free_texts(kept.to_numpy()), dtype=object)
        return kept.replace("", None).to_numpy()

    kept_categories = category.to_numpy()[keep]
    # Built in STAGING_COLUMNS order, so write_incidents needs no reordering copy.
    stage = pd.DataFrame(
        {
            "seq": np.flatnonzero(keep),
            "incident_id": ids.to_numpy()[keep],
            "layer": pd.Series(kept_categories, dtype=object).map(taxonomy.layer_of).to_numpy(dtype=object),
            "category": kept_categories,
            "source": source.to_numpy()[keep],
            "severity": severity.to_numpy()[keep].astype("int8"),
            **{c: stages[c].to_numpy()[keep] for c in STAGE_COLUMNS_ORDERED},
            "escalated": escalated[keep].to_numpy(dtype=bool),
            "department": None if department is None else department[keep].replace("", None).to_numpy(),
            "satisfaction": (
                np.full(int(keep.sum()), pd.NA, dtype=object)
                if satisfaction is None
                else satisfaction[keep].astype("Int8").to_numpy()
            ),
            "description": optional("description", free=True),
            "address": optional("address", free=True),
            "site_id": optional("site_id"),
            "grid_code": optional("grid_id"),
            "lon": lon[keep],
            "lat": lat[keep],
        }
    )
    return stage


def _reject_times_outside(
    stages: dict[str, pd.Series], given: list[str], within: tuple[datetime, datetime], rj: Rejector
) -> None:
    first, last = (pd.Timestamp(t) for t in within)
    for col in given:
        t = stages[col]
        rj.reject(
            ((t < first) | (t > last)).to_numpy(),
            col,
            f"{col} 应在 {first:%Y-%m-%d} 至 {last:%Y-%m-%d %H:%M}（服务器当前时间稍后）之间",
            f"{col} must be between {first:%Y-%m-%d} and {last:%Y-%m-%d %H:%M} (minutes past the server's clock)",
            t.astype(str),
        )


def _category(table: Table, mapping: Mapping, taxonomy: Taxonomy, fallback: str, rj: Rejector) -> pd.Series:
    """The category of each row, unknown ones filed under `fallback` (a warning each) or rejected."""
    category = text(mapping.column("category", table.frame, required=True), len(table))
    unknown = ~category.isin(list(taxonomy.categories))
    if not fallback:
        rj.reject(
            unknown,
            "category",
            "事件类别无法识别，请在映射文件 [values.category] 中对应到本镇的类别",
            "unknown category; map it in [values.category] of the mapping file",
            category,
        )
        return category
    label = taxonomy.categories[fallback]
    rj.problems.add(
        table.rows[unknown.to_numpy()],
        "category",
        f"事件类别无法识别，已归入“{label.zh}”；可在映射文件 [values.category] 中对应到本镇的类别",
        f"unknown category, filed under {fallback!r}; map it in [values.category] of the mapping file",
        category[unknown],
        action="warning",
    )
    return category.where(~unknown, fallback)


def write(cur, queries, stage: pd.DataFrame):
    return write_incidents(cur, queries, stage)
