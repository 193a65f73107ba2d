"""Open311 GeoReport v2 service requests (JSON or XML) as incidents.

The standard fields map by default: service_request_id → incident_id, requested_datetime → reported_at,
service_code → category (map the codes in [values.category]), lat/long, address, description; a request
with status `closed` is closed at its updated_datetime. A mapping file adds or overrides any of these.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from app.ingest.mapping import Mapping
from app.ingest.problems import FileRefused
from app.ingest.readers import Table

FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "address",
    "lat",
    "long",
)
DEFAULT_COLUMNS = {
    "incident_id": "service_request_id",
    "reported_at": "requested_datetime",
    "closed_at": "closed_datetime",
    "category": "service_code",
    "description": "description",
    "address": "address",
    "lon": "long",
    "lat": "lat",
}


def read(path: Path) -> Table:
    """The service requests of a GeoReport v2 JSON array or XML <service_requests> document."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    head = data.lstrip()[:1]
    if head in (b"[", b"{"):
        records = _json_records(path, data)
    elif head == b"<":
        records = _xml_records(path, data)
    else:
        raise FileRefused(f"{path.name} is neither Open311 JSON nor XML")
    frame = pd.DataFrame(records, columns=list(FIELDS), dtype=object).fillna("")
    closed = frame["status"].astype(str).str.strip().str.lower() == "closed"
    frame["closed_datetime"] = frame["updated_datetime"].where(closed, "")
    return Table(frame, np.arange(1, len(frame) + 1), encoding="utf-8")


def _json_records(path: Path, data: bytes) -> list[dict]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRefused(f"{path.name} is not valid Open311 JSON: {exc}") from None
    if isinstance(doc, dict):
        doc = doc.get("service_requests", doc.get("requests"))
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise FileRefused(f"{path.name}: Open311 JSON must be an array of service requests")
    return [{k: ("" if r.get(k) is None else r.get(k)) for k in FIELDS} for r in doc]


def _xml_records(path: Path, data: bytes) -> list[dict]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FileRefused(f"{path.name} is not valid Open311 XML: {exc}") from None
    if root.tag != "service_requests":
        raise FileRefused(f"{path.name}: Open311 XML must have <service_requests> at its root, not <{root.tag}>")
    return [{k: (req.findtext(k) or "").strip() for k in FIELDS} for req in root.findall("request")]


def with_defaults(mapping: Mapping) -> Mapping:
    """The standard Open311 mapping under the user's: the user's columns and value maps win."""
    values = dict(mapping.values)
    values["status"] = {"open": "reported", "closed": "closed", **mapping.values.get("status", {})}
    return replace(
        mapping,
        columns={**DEFAULT_COLUMNS, **mapping.columns},
        values=values,
        defaults={"source": "resident_app", **mapping.defaults},
        labels={"category": "service_name", **mapping.labels},
    )
