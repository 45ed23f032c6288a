"""The itinerary: in which order a patient should visit the departments that still owe them a
service, so that the whole round takes the least time. Pure; tested directly.

Model: the patient starts at the building of the department they checked in to, at minute 0.
Walking between buildings costs what the settings say. A department with ``q`` patients
queued and ``m`` minutes per patient has a wait of ``q * m`` now, and its queue drains while
the patient is elsewhere, so arriving at minute ``t`` means waiting ``max(0, q*m - t)``;
then ``m`` minutes of service. The order minimises the time the last stop is done:
exhaustive search up to ``EXHAUSTIVE_LIMIT`` stops, greedy (soonest finish next) beyond.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import permutations

EXHAUSTIVE_LIMIT = 7


@dataclass(frozen=True, slots=True)
class StopInput:
    code: str
    building: str
    queue_length: int
    minutes_per_patient: int


@dataclass(frozen=True, slots=True)
class PlannedStop:
    code: str
    walk_minutes: int
    arrive_after_minutes: int
    expected_wait_minutes: int
    done_after_minutes: int


def _simulate(
    start_building: str, order: Sequence[StopInput], walk: Callable[[str, str], int]
) -> list[PlannedStop]:
    t = 0
    here = start_building
    planned = []
    for stop in order:
        walk_minutes = walk(here, stop.building)
        t += walk_minutes
        arrive = t
        wait = max(0, stop.queue_length * stop.minutes_per_patient - t)
        t += wait + stop.minutes_per_patient
        planned.append(PlannedStop(stop.code, walk_minutes, arrive, wait, t))
        here = stop.building
    return planned


def plan(
    start_building: str, stops: Sequence[StopInput], walk: Callable[[str, str], int]
) -> list[PlannedStop]:
    """The best order of ``stops``; ties go to the alphabetical order of codes."""
    ordered = sorted(stops, key=lambda s: s.code)
    if not ordered:
        return []
    if len(ordered) <= EXHAUSTIVE_LIMIT:
        best: list[PlannedStop] | None = None
        for order in permutations(ordered):
            candidate = _simulate(start_building, order, walk)
            if best is None or candidate[-1].done_after_minutes < best[-1].done_after_minutes:
                best = candidate
        assert best is not None
        return best
    remaining = list(ordered)
    chosen: list[StopInput] = []
    while remaining:
        def finish(stop: StopInput) -> int:
            return _simulate(start_building, [*chosen, stop], walk)[-1].done_after_minutes

        nxt = min(remaining, key=finish)
        chosen.append(nxt)
        remaining.remove(nxt)
    return _simulate(start_building, chosen, walk)
