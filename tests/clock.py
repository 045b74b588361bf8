"""One clock under the test's control.

Every test runs on a clock of its own (the autouse ``clock`` fixture, time-machine):
stopped at the moment the test starts, so the data it builds and the code it calls agree
on "now" and no test straddles midnight or a month's end by chance. Every reading of the
time in the process follows it, threads included: ``timezone.now()``,
``timezone.localdate()``, ``datetime.now()``, ``date.today()``, ``time.time()``.

- A test that needs a particular moment (a month's last minute, a fixed date in a
  reference such as ``PO-2026-11-0001``, a return window that has just closed) moves it:
  ``clock.set(local(2026, 11, 30, 23, 59))``, ``clock.advance(timedelta(days=8))``. Never
  mix a fixed date with a "now" the test did not set.
- A test that does not move it works relative to whatever "now" is, and must pass on any
  date: ``make test-clock`` runs the suite again with ``--clock`` +45 days, +400 days and
  23:59 on the last day of the month in Asia/Ho_Chi_Minh, every test starting there.
- Builders whose records are told apart by time ("newest first") call ``tick()``.
- ``@pytest.mark.clock_ticks``: the clock runs on from the start instead of standing
  still; benchmarks keep the real clock.

Only the test process's clock moves: PostgreSQL, Redis and Elasticsearch keep theirs,
which is why the code passes its own ``now``/``today`` to queries (no SQL ``NOW()``, no
Elasticsearch ``"now"``). Debian's libfaketime 0.9.10 cannot move it instead: on CPython
3.11 with the monotonic clock faked, ``threading.Event().wait(0.1)`` never returns
(``sem_clockwait`` is not intercepted); with it left real, ``time.sleep`` fails with
EINVAL."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

TZ = timezone.get_default_timezone()  # Asia/Ho_Chi_Minh


def local(*args: int) -> datetime.datetime:
    """An aware datetime in Vietnam's time zone: ``local(2026, 11, 30, 23, 59)``."""
    return datetime.datetime(*args, tzinfo=TZ)


class Clock:
    """The test's clock. ``set`` freezes it at a moment (``tick=True`` lets it run on from
    there); ``advance`` moves it forward. Readings are aware (``now``) or local dates
    (``today``)."""

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None
        self._traveller: time_machine.Traveller | None = None

    def set(
        self, moment: datetime.datetime | datetime.date, *, tick: bool = False
    ) -> datetime.datetime:
        if not isinstance(moment, datetime.datetime):
            moment = local(moment.year, moment.month, moment.day, 12, 0)
        if timezone.is_naive(moment):
            raise ValueError("clock.set needs an aware datetime (use tests.clock.local)")
        self.stop()
        self._travel = time_machine.travel(moment, tick=tick)
        self._traveller = self._travel.start()
        return self.now()

    def advance(self, delta: datetime.timedelta) -> datetime.datetime:
        if self._traveller is None:
            return self.set(timezone.now() + delta)
        self._traveller.shift(delta)
        return self.now()

    def now(self) -> datetime.datetime:
        return timezone.now()

    def today(self) -> datetime.date:
        return timezone.localdate()

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = self._traveller = None


_active: list[Clock] = []


def tick(delta: datetime.timedelta = datetime.timedelta(seconds=1)) -> datetime.datetime:
    """Moves the running test's clock on by ``delta`` (default one second): for builders
    whose records must be told apart by time ("newest first"), as if built one after the
    other. Without a test clock it only reads the time."""
    return _active[-1].advance(delta) if _active else timezone.now()


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[Clock]:
    """The test's clock, for every test: stopped at the moment the test starts (with
    ``--clock``: at the moved moment, the same for every test), so the data it builds and
    the code it calls see one "now" and a test never straddles midnight or a month's end
    unless it moves the clock there itself. A test moves it with ``set``/``advance``; one
    that needs time to pass on its own is marked ``@pytest.mark.clock_ticks``. Benchmarks
    keep the real clock."""
    controlled = Clock()
    if request.node.get_closest_marker("bench") is None:
        start = _moved_start[0] if _moved_start else timezone.now()
        controlled.set(start, tick=request.node.get_closest_marker("clock_ticks") is not None)
    _active.append(controlled)
    try:
        yield controlled
    finally:
        _active.remove(controlled)
        controlled.stop()


# --- The suite with the clock moved (make test-clock) ------------------------------------------

_SHIFT = re.compile(r"([+-])(\d+)([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def moved_clock_start(spec: str, real_now: datetime.datetime) -> datetime.datetime:
    """Where ``--clock`` starts the clock: ``+45d`` / ``-3h`` / ``+90m`` from the real clock,
    ``month-end`` (23:59 on the last day of the real clock's month in Vietnam) or a local
    moment ``2027-02-28T23:59``."""
    spec = spec.strip()
    if shift := _SHIFT.fullmatch(spec):
        sign, amount, unit = shift.groups()
        delta = datetime.timedelta(**{_UNITS[unit]: int(amount)})
        return real_now + delta if sign == "+" else real_now - delta
    if spec == "month-end":
        today = timezone.localtime(real_now, TZ).date()
        last_day = calendar.monthrange(today.year, today.month)[1]
        return local(today.year, today.month, last_day, 23, 59)
    try:
        moment = datetime.datetime.fromisoformat(spec)
    except ValueError:
        raise ValueError(
            f"--clock {spec!r}: expected +45d, -3h, month-end or 2027-02-28T23:59"
        ) from None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=TZ)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default="",
        metavar="SPEC",
        help="run with the process's clock moved (it runs on from there): +45d, +400d, month-end "
        "(23:59 on the last day of this month in Asia/Ho_Chi_Minh) or a local 2027-02-28T23:59",
    )


_moved_start: list[datetime.datetime] = []
_session_travel: list[time_machine.travel] = []
_WORKER_INPUT = "ocop_clock_start"


def pytest_configure(config: pytest.Config) -> None:
    """With ``--clock``: every test starts at the moved moment, and the rest of the run
    (collection, fixtures of wider scope) sees a clock that started there and runs on. In a
    parallel run the moment is the controller's, handed to every worker (``workerinput``)."""
    spec = config.getoption("--clock")
    if not spec:
        return
    handed = getattr(config, "workerinput", {}).get(_WORKER_INPUT)
    if handed:
        start = datetime.datetime.fromisoformat(handed)
    else:
        start = moved_clock_start(spec, datetime.datetime.now(datetime.UTC))
    start = start.astimezone(datetime.UTC)
    _moved_start.append(start)
    travel = time_machine.travel(start, tick=True)
    travel.start()
    _session_travel.append(travel)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the controller: each worker starts its tests at the same moved
    moment as the others (``+45d`` read once, a month's end never straddled between them)."""
    if _moved_start:
        node.workerinput[_WORKER_INPUT] = _moved_start[0].isoformat()


def pytest_unconfigure(config: pytest.Config) -> None:
    while _session_travel:
        _session_travel.pop().stop()
    _moved_start.clear()


def pytest_report_header(config: pytest.Config) -> str | None:
    if not _moved_start:
        return None
    return (
        f"clock moved by --clock={config.getoption('--clock')}: every test starts at "
        f"{timezone.localtime(_moved_start[0], TZ):%Y-%m-%d %H:%M:%S %Z}"
    )
