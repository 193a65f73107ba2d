"""Parameters given as text (URL query, command-line option) read as typed values: the one place numbers,
choices, lists of minutes and boxes are parsed.

Strict readers raise `ParamError` naming the parameter and the value (the API answers 400, the CLI exits 2);
`lenient` readers fall back to the default and clamp to the range, for the pages nobody reads an error on
(the wall display, the print view).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from app.errors import ParamError

T = TypeVar("T")
Bbox = tuple[float, float, float, float]


def whole_number(param: str, raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high` (both included); empty or absent → `default`."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParamError(param, raw, "expected a whole number", "应为整数") from None
    if not low <= value <= high:
        raise ParamError(param, raw, f"expected {low}..{high}", f"应在 {low} 至 {high} 之间")
    return value


def number(param: str, raw: str | None, default: float, low: float, high: float, what: str = "") -> float:
    """A number from `low` to `high` (both included); empty or absent → `default`. `what` replaces the range
    in the message (e.g. "walking speed must be 1-10 km/h")."""
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ParamError(param, raw, "not a number", "不是数字") from None
    if not low <= value <= high:  # NaN fails here too
        raise ParamError(param, raw, what or f"expected {low:g}..{high:g}", f"应在 {low:g} 至 {high:g} 之间")
    return value


def lenient_number(raw: str | None, default: float, low: float, high: float) -> float:
    """A number clamped to `low`..`high`; empty, absent, not a number or NaN → `default`."""
    try:
        value = float(raw) if raw not in (None, "") else default
    except ValueError:
        return default
    return default if value != value else min(max(value, low), high)


def lenient_whole_number(raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number clamped to `low`..`high`; empty, absent or not a whole number → `default`."""
    try:
        return min(max(int(raw or default), low), high)
    except ValueError:
        return default


def choice(param: str, raw: str | None, default: str, allowed: Iterable[str]) -> str:
    """One of `allowed`; empty or absent → `default`."""
    allowed = tuple(allowed)
    if raw is None or raw == "":
        return default
    if raw not in allowed:
        expected = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        raise ParamError(param, raw, f"expected {expected}", f"应为 {'、'.join(allowed)} 之一")
    return raw


def minutes_list(param: str, raw: str, low: int = 1, high: int = 60) -> tuple[int, ...]:
    """Whole minutes such as `5,10,15`, sorted, each from `low` to `high`."""
    try:
        values = tuple(sorted({int(v) for v in raw.split(",") if v.strip()}))
    except ValueError:
        raise ParamError(param, raw, "expected whole minutes like 5,10,15", "应为整数分钟，如 5,10,15") from None
    if not values or values[0] < low or values[-1] > high:
        raise ParamError(param, raw, f"minutes must be between {low} and {high}", f"分钟数应在 {low} 至 {high} 之间")
    return values


def bbox(param: str, raw: str | None) -> Bbox | None:
    """`west,south,east,north` in degrees (WGS-84 lon/lat); empty or absent → None."""
    if not raw:
        return None
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        raise ParamError(param, raw, "expected west,south,east,north in degrees", "应为 西,南,东,北 经纬度") from None
    if not (west < east and south < north):
        raise ParamError(param, raw, "expected west < east and south < north", "应为 西 < 东 且 南 < 北")
    return west, south, east, north


def timestamp(param: str, raw: str) -> datetime:
    """An ISO date-time, `YYYY-MM-DD[ HH:MM[:SS]]`."""
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise ParamError(
            param, raw, "not an ISO date-time (YYYY-MM-DD[ HH:MM])", "应为日期时间 YYYY-MM-DD[ HH:MM]"
        ) from None


def argparse_type(read: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse `type=` from a reader: its ParamError becomes argparse's one-line usage error."""

    def parse(text: str) -> T:
        try:
            return read(text)
        except ParamError as exc:
            raise argparse.ArgumentTypeError(f"{exc.reason}, got {exc.value}") from None

    parse.__name__ = getattr(read, "__name__", "value")
    return parse
