"""`gridscope serve --simulate`: feed the demo town live, so the wall display visibly moves.

A background thread of the serve process, every `interval` seconds:
- posts new incidents (one, plus a Poisson number of mean `extra_per_tick`) at the current local time, each at the
  place and of the kind of a recent real incident of the town (a few metres away), through the same
  incident writer POST /api/incidents uses;
- moves open incidents of the last hours one stage along their lifecycle (responded → arrived → disposed →
  closed, each after a random wait) through the same function POST /api/incidents/<id>/events uses.
Both advance the dataset's now (meta data_until) to the wall clock, so "today" follows the real day. The
random numbers are seeded; the thread stops with the server (daemon) or with `stop()`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from app.config import Settings
from app.domain.codes import STATUS_ORDER
from app.errors import AppError
from app.ingest import live
from app.ingest.refresh import local_now
from app.store.db import Database

# Mean minutes from one stage to the next, for the stage being reached.
STAGE_MEAN_MINUTES = {"responded": 2.5, "arrived": 8.0, "disposed": 12.0, "closed": 15.0}
PLACES = 3000  # recent incidents new ones are drawn from
WINDOW_HOURS = 6  # open incidents younger than this move along
MAX_OPEN = 2000  # at most this many are considered per tick
JITTER_DEG = 0.00005  # about 5 m


@dataclass(frozen=True)
class Tick:
    new: int
    advanced: int


class Simulator:
    """Writes simulated live incidents and events; `step()` is one tick (tests call it directly)."""

    def __init__(
        self,
        db: Database,
        submit: Callable[[list[dict], str | None], list[dict]],
        settings: Settings,
        interval: float = 5.0,
        extra_per_tick: float = 0.3,
        seed: int = 7,
        clock: Callable[[], datetime] = local_now,
    ):
        self.db, self.submit, self.interval, self.extra_per_tick = db, submit, interval, extra_per_tick
        self.settings = settings
        self.rng = np.random.default_rng(seed)
        self.clock = clock
        self._places: list[tuple] | None = None
        self._n = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ticks = 0
        self.errors = 0

    def places(self) -> list[tuple]:
        if self._places is None:
            self._places = self.db.run("simulate/places", cap=PLACES).fetchall()
        return self._places

    def new_incidents(self, now: datetime, n: int) -> list[dict]:
        places = self.places()
        if not places:
            return []
        items = []
        for _ in range(n):
            lon, lat, category, source, severity, address, description = places[int(self.rng.integers(len(places)))]
            self._n += 1
            items.append(
                {
                    "incident_id": f"SIM{now:%y%m%d%H%M%S}{self._n:05d}",
                    "category": category,
                    "source": source,
                    "severity": int(severity),
                    "reported_at": f"{now:%Y-%m-%d %H:%M:%S}",
                    "lon": round(float(lon) + float(self.rng.uniform(-JITTER_DEG, JITTER_DEG)), 7),
                    "lat": round(float(lat) + float(self.rng.uniform(-JITTER_DEG, JITTER_DEG)), 7),
                    "address": address or "",
                    "description": description or "",
                }
            )
        return items

    def advance(self, now: datetime) -> int:
        """Move open incidents of the last WINDOW_HOURS one stage on, each with the chance that its next
        stage is reached within this tick; returns how many moved."""
        since = now - timedelta(hours=WINDOW_HOURS)
        rows = self.db.run("simulate/open_incidents", since=since, cap=MAX_OPEN).fetchall()
        moved = 0
        for incident_id, *stages in rows:
            reached = [i for i, at in enumerate(stages) if at is not None]
            last = max(reached)
            nxt = STATUS_ORDER[last + 1]
            chance = 1.0 - math.exp(-self.interval / 60.0 / STAGE_MEAN_MINUTES[nxt])
            if stages[last] > now or self.rng.random() >= chance:
                continue
            try:
                live.post_events(
                    self.db, self.settings, incident_id, [{"status": nxt, "at": f"{now:%Y-%m-%d %H:%M:%S}"}]
                )
                moved += 1
            except AppError:  # a concurrent writer got there first: nothing to do
                continue
        return moved

    def step(self) -> Tick:
        now = self.clock().replace(microsecond=0)
        items = self.new_incidents(now, 1 + int(self.rng.poisson(self.extra_per_tick)))
        if items:
            self.submit(items, None)
        moved = self.advance(now)
        self.ticks += 1
        return Tick(len(items), moved)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.step()
            except Exception as exc:  # a failed tick is reported and skipped; the next one tries again
                self.errors += 1
                if self.errors <= 3 or self.errors % 100 == 0:
                    print(f"simulation tick failed ({self.errors}): {str(exc).splitlines()[0]}", flush=True)
            finally:
                self.db.release()  # its reads must not stay open (pinning the writes) until the next tick

    def start(self) -> Simulator:
        self._thread = threading.Thread(target=self._loop, name="gridscope-simulate", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
