"""What was wrong with an input: a bad file (stops everything) or bad rows (collected, never dropped silently).

Each problem names the row (its number as a clerk sees it in the file: the spreadsheet row for CSV/XLSX,
the 1-based feature number for geodata), the field, and a reason in zh-CN and en. `action` says what
happened to the row: `rejected` (not loaded), `repaired` (loaded after a fix, e.g. a polygon made valid),
or `warning` (loaded as is, but worth a look, e.g. grids that overlap).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from app.errors import AppError


class FileRefused(AppError):
    """The whole file cannot be imported; the message is one line saying why and what to do."""

    status = 422


@dataclass
class Problems:
    """Problems found in one file, kept as small frames so millions of bad rows stay cheap."""

    parts: list[pd.DataFrame] = field(default_factory=list)

    def add(self, rows, field_name: str, zh: str, en: str, raw=None, action: str = "rejected") -> None:
        """Record one reason for the given row numbers; `raw` is the offending value per row (or one value)."""
        rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        if len(rows) == 0:
            return
        if raw is None:
            raw_values = [""] * len(rows)
        elif isinstance(raw, (pd.Series, np.ndarray, list)):
            raw_values = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in raw]
        else:
            raw_values = [str(raw)] * len(rows)
        self.parts.append(
            pd.DataFrame(
                {
                    "row_number": rows,
                    "field": field_name,
                    "action": action,
                    "reason": zh,
                    "reason_en": en,
                    "raw": raw_values,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=["row_number", "field", "action", "reason", "reason_en", "raw"])
        return pd.concat(self.parts, ignore_index=True).sort_values("row_number", kind="stable", ignore_index=True)

    def count(self, action: str = "rejected") -> int:
        return int(sum((p["action"] == action).sum() for p in self.parts))

    def rejected_rows(self) -> set[int]:
        return {int(r) for p in self.parts for r in p.loc[p["action"] == "rejected", "row_number"]}


def unknown_values(problems: pd.DataFrame) -> dict[str, list[tuple[str, int]]]:
    """For each field with values a mapping must translate ("unknown …; map it in [values.FIELD]"), its
    distinct unknown values with how many rows hold each, most frequent first."""
    mask = problems["reason_en"].str.contains("map it in [values.", regex=False)
    out: dict[str, list[tuple[str, int]]] = {}
    for (field_name, raw), n in problems[mask].groupby(["field", "raw"], sort=False).size().items():
        out.setdefault(str(field_name), []).append((str(raw), int(n)))
    return {f: sorted(v, key=lambda item: (-item[1], item[0])) for f, v in out.items()}


def write_rejects_csv(problems: pd.DataFrame, path: Path) -> Path:
    """Write the problems as UTF-8 with BOM so Excel on a Chinese Windows desktop opens it correctly."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["row_number", "field", "action", "reason", "reason_en", "raw"])
        for row in problems.itertuples(index=False):
            writer.writerow([row.row_number, row.field, row.action, row.reason, row.reason_en, row.raw])
    return path
