"""The city load generator (``bench/city_load.py``) against one real server process, small:
50 kiosks, a step every quarter second, for a few seconds. Every operation of the journey
runs, journeys settle and nothing fails (the benchmark's own figures are read from the
bench, against the cluster, never asserted here)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from bench.backend_load import CONFIG
from bench.city_load import (
    OPS,
    CityResult,
    Pace,
    busy_share,
    cpu_seconds,
    machine_ticks,
    prepare,
    run_city,
    servers_cpu,
)
from tests.support import server_proc as sp


def test_fifty_kiosks_at_pace_run_every_step_without_errors(db_url: str, tmp_path: Path
                                                            ) -> None:
    credentials, patients, first = prepare(db_url, 50, hospitals=5)  # 10 kiosks a hospital
    config = sp.write_config(tmp_path, CONFIG)
    with sp.ServerProcess.start(db_url, tmp_path, config=config, name="city") as server:
        result = run_city(server.base_url, credentials, patients, first, step_seconds=0.25,
                          duration=4.0, connections=20, server_urls=[server.base_url])
    assert not result.error_count(), dict(result.errors)
    # the server's CPU over the steady state (1.5-4 s), read from its own /metrics
    assert result.server_cpu is not None
    cpu, seconds = result.server_cpu
    assert cpu > 0 and seconds > 0, result.server_cpu
    assert all(result.values(op) for op in OPS), {op: len(result.values(op)) for op in OPS}
    assert result.journeys >= len(patients)  # each kiosk settled at least one patient
    # how busy this machine was over the steady state (Linux's /proc/stat): the kiosks, the
    # server and the database all ran here, so some of it was busy
    assert result.machine_busy is not None
    share, cpus = result.machine_busy
    assert 0 < share <= 1 and cpus >= 1, result.machine_busy
    assert [len(c) for c in credentials["clinics"]] == [3] * 5  # each hospital's own clinics


class FakeTime:
    """The pace's clock and sleep: time moves only when the kiosk sleeps or waits for an
    answer (``answer_takes``)."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds

    def answer_takes(self, seconds: float) -> None:
        self.now += seconds


def run_pace(answers: list[float], oversleep: float = 0.0) -> tuple[FakeTime, CityResult,
                                                                    list[float]]:
    """A kiosk's steps with a step every 10 s (``uniform`` fixed at 1): each answer takes the
    given seconds, then the kiosk waits for its next step; the times its steps started."""
    time = FakeTime()
    rng = random.Random(0)
    rng.uniform = lambda a, b: 1.0  # type: ignore[method-assign]

    async def sleep(seconds: float) -> None:
        await time.sleep(seconds + oversleep)

    pace = Pace(0.0, 10.0, rng, clock=time.clock, sleep=sleep)
    result = CityResult()
    starts = []
    for took in answers:
        starts.append(time.now)
        time.answer_takes(took)
        asyncio.run(pace.next(result))
    return time, result, starts


def test_a_kiosk_keeps_its_pace_while_answers_are_quick() -> None:
    _time, result, starts = run_pace([0.05] * 4)
    assert starts == [0.0, 10.0, 20.0, 30.0]
    assert (result.late_answers, result.late_steps) == (0, 0)


def test_a_slow_answer_is_counted_against_the_backend_and_no_steps_are_owed() -> None:
    # the second answer takes 25 s: the third step is due at 20 s and starts when the answer
    # comes (35 s); the next one a step later, not at once to make up for the lost time
    _time, result, starts = run_pace([0.05, 25.0, 0.05, 0.05])
    assert starts == [0.0, 10.0, 35.0, 45.0]
    assert result.late_answers == 1  # the backend did not keep pace ...
    assert result.late_steps == 0  # ... and the generator is not blamed for it


def test_a_late_wakeup_is_counted_against_the_generator() -> None:
    _time, result, _starts = run_pace([0.05] * 3, oversleep=1.5)
    assert (result.late_answers, result.late_steps) == (0, 3)


def test_the_cpu_is_read_from_the_process_counter_of_the_exposition() -> None:
    text = ("# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
            "# TYPE process_cpu_seconds_total counter\n"
            "process_cpu_seconds_total 242.29000000000002\n"
            "process_open_fds 31.0\n")
    assert cpu_seconds(text) == 242.29000000000002
    assert cpu_seconds("process_open_fds 31.0\n") is None  # a worker in multiprocess mode
    assert cpu_seconds("process_cpu_seconds_total NaN-ish\n") is None


def test_no_cpu_figure_when_a_server_does_not_answer() -> None:
    # a sum with one server missing would read low: no figure at all instead
    assert servers_cpu(["http://127.0.0.1:9"]) is None


def test_the_machine_busy_share_counts_all_but_idle_and_iowait() -> None:
    # user nice system idle iowait irq softirq steal guest guest_nice
    before = machine_ticks("cpu  1000 0 500 8000 100 0 50 0 0 0\n"
                           "cpu0 500 0 250 4000 50 0 25 0 0 0\nintr 12345\n")
    after = machine_ticks("cpu  1600 0 800 8200 200 0 100 0 40 0\n")
    assert before == (1550, 9650) and after == (2500, 10900)  # guest is within user already
    # between the two: 950 busy ticks of 1250 (200 idle, 100 waiting for the disk)
    assert busy_share(before, after) == 950 / 1250


def test_no_busy_share_from_an_unreadable_or_missing_reading() -> None:
    assert machine_ticks("intr 12345\n\n") is None  # no cpu line (and a blank one)
    assert machine_ticks("cpu  12 x 3 4 5\n") is None
    assert machine_ticks("cpu  12 3\n") is None
    assert busy_share(None, (10, 20)) is None
    assert busy_share((10, 20), (10, 20)) is None  # no time passed between them
