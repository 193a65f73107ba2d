"""The incident lifecycle rules shared by file imports and the live API (pure functions, no database).

An incident moves forward through reported → responded → arrived → disposed → closed (codes.STATUS_ORDER).
It may skip stages (a call settled by phone is never "arrived"), but it never goes back, never repeats a
stage with a different time, and no stage is earlier than the one before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.codes import STATUS_ORDER, STATUSES

STAGE_COLUMNS = {status: f"{status}_at" for status in STATUS_ORDER}
# The stage columns in lifecycle order: reported_at, responded_at, arrived_at, disposed_at, closed_at.
STAGE_COLUMNS_ORDERED = tuple(STAGE_COLUMNS[s] for s in STATUS_ORDER)


@dataclass(frozen=True)
class Refusal:
    """Why a transition is impossible, for the clerk (zh) and the integrator (en)."""

    zh: str
    en: str


def furthest(stages: dict[str, datetime | None]) -> str:
    """The furthest status with a timestamp; 'reported' when only that one is set."""
    reached = [s for s in STATUS_ORDER if stages.get(STAGE_COLUMNS[s]) is not None]
    return reached[-1] if reached else "reported"


def check_transition(stages: dict[str, datetime | None], status: str, at: datetime) -> Refusal | None | str:
    """Check adding `status` at `at` to an incident whose stage timestamps are `stages` (keys like
    'responded_at'). Returns None when it may be added, 'unchanged' when exactly this stage and time are
    already recorded, or a Refusal saying why not."""
    if status not in STATUSES:
        return Refusal(
            f"状态 {status} 不是有效状态（{'/'.join(STATUS_ORDER)}）",
            f"status {status!r} is not one of {', '.join(STATUS_ORDER)}",
        )
    reported = stages.get("reported_at")
    if reported is None:
        return Refusal("事件尚未上报，不能办理", "the incident has not been reported")
    current = stages.get(STAGE_COLUMNS[status])
    if current is not None:
        if current == at:
            return "unchanged"
        return Refusal(
            f"{STATUSES[status].zh}时间已记录为 {current:%Y-%m-%d %H:%M:%S}，不能更改",
            f"{status} is already recorded at {current:%Y-%m-%d %H:%M:%S}; events are not rewritten",
        )
    now_status = furthest(stages)
    if STATUS_ORDER.index(status) < STATUS_ORDER.index(now_status):
        return Refusal(
            f"事件已{STATUSES[now_status].zh[1:]}，不能回到{STATUSES[status].zh}",
            f"the incident is already {now_status}; it cannot go back to {status}",
        )
    if at < reported:
        return Refusal(
            f"{STATUSES[status].zh}时间早于上报时间 {reported:%Y-%m-%d %H:%M:%S}",
            f"{status} at {at:%Y-%m-%d %H:%M:%S} is before reported_at {reported:%Y-%m-%d %H:%M:%S}",
        )
    latest = stages.get(STAGE_COLUMNS[now_status])
    if latest is not None and at < latest:
        return Refusal(
            f"{STATUSES[status].zh}时间早于{STATUSES[now_status].zh}时间 {latest:%Y-%m-%d %H:%M:%S}",
            f"{status} at {at:%Y-%m-%d %H:%M:%S} is before {now_status} at {latest:%Y-%m-%d %H:%M:%S}",
        )
    return None
