"""Kazakh working days, for the legal clock.

A day is a working day when the ``holidays`` calendar for Kazakhstan says so: weekends and public holidays (with
their observed days) are not, and a weekend day that a government transfer order made a working day is (for
example Sunday 5 January 2025). The calendar is built per year and kept for the process's life.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


def is_working_day(day: date) -> bool:
    return bool(_calendar(day.year).is_working_day(day))


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int, *, count_from_next_day: bool = True) -> date:
    """The date on which ``count`` working days have passed since ``start``.

    With ``count_from_next_day`` (our reading of the Code) the first day counted is the day after ``start``;
    otherwise ``start`` itself counts when it is a working day.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start if count_from_next_day else start - timedelta(days=1)
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is before ``start``)."""
    return _working_day_number(end) - _working_day_number(start)


@lru_cache(maxsize=64)
def _running_count(year: int) -> tuple[int, ...]:
    """For each day of ``year`` (0 = 1 January), the working days from 1 January up to and including it."""
    counts, total, day = [], 0, date(year, 1, 1)
    while day.year == year:
        total += is_working_day(day)
        counts.append(total)
        day += timedelta(days=1)
    return tuple(counts)


@lru_cache(maxsize=256)
def _days_before(year: int) -> int:
    """Working days from 1 January 2000 up to the start of ``year`` (negative before 2000)."""
    if year >= 2000:
        return sum(_running_count(y)[-1] for y in range(2000, year))
    return -sum(_running_count(y)[-1] for y in range(year, 2000))


def _working_day_number(day: date) -> int:
    """A running number of working days: the difference of two is the working days between them."""
    return _days_before(day.year) + _running_count(day.year)[day.timetuple().tm_yday - 1]


def holiday_name(day: date) -> str | None:
    return _calendar(day.year).get(day)
