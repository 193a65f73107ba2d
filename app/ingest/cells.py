"""Cell values as stripped text, the form most row checks start from."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


def stripped(values) -> np.ndarray:
    """Values (Series, array or list) → object array of stripped `str`, '' where empty (None, NaN, NaT, NA).

    A plain loop: on object columns pandas' string methods loop in Python too, and a live request's few
    values skip their fixed cost (a quarter of a millisecond per call)."""
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    missing = pd.isna(cells)
    out = np.empty(len(cells), dtype=object)
    out[:] = ["" if m else str(v).strip() for v, m in zip(cells, missing, strict=True)]
    return out


# Free text keeps tab and line feed; CR LF and a lone CR become LF. Dropped: the other C0 controls, DEL, the C1
# controls, and the bidi controls (embeddings, overrides, isolates and marks), which make a text read otherwise
# than it is (U+202E shows "gpj.exe" as "exe.jpg").
_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def free_text(value: str) -> str:
    """A description, address or note without control or bidi characters (see above), stripped."""
    return _DROP.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def free_texts(values: np.ndarray) -> np.ndarray:
    """`free_text` of each (already stripped) value of an object array. Most values are printable (tab, line
    feed and the characters dropped are not): they are kept as they are without a look at each character."""
    out = np.empty(len(values), dtype=object)
    out[:] = [v if v.isprintable() else free_text(v) for v in values]
    return out
