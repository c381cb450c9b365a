"""The working-day calendar against the real Kazakh calendars of 2025 and 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dauys.core.calendar import add_working_days, is_working_day, next_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 5), True),  # a Sunday made a working day by the 2025 transfer order
        (date(2025, 1, 3), False),  # ...in exchange for Friday 3 January
        (date(2026, 1, 1), False),  # New Year
        (date(2026, 1, 7), False),  # Orthodox Christmas
        (date(2026, 3, 9), False),  # 8 March fell on a Sunday: observed on Monday
        (date(2026, 3, 23), False),  # Nauryz
        (date(2026, 3, 25), False),  # Nauryz (observed)
        (date(2026, 3, 26), True),
        (date(2026, 8, 31), True),  # 30 August stopped being a holiday in 2026 (and the Monday is not observed)
        (date(2026, 10, 26), False),  # Republic Day observed
        (date(2026, 12, 16), False),  # Independence Day
        (date(2026, 4, 11), False),  # a Saturday
    ],
)
def test_known_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_the_example_from_the_issue() -> None:
    # Registered Monday 16 March 2026; counting from the 17th, Nauryz (21–25 March) and weekends excluded, the
    # 15th working day is Thursday 9 April 2026.
    assert add_working_days(date(2026, 3, 16), 15) == date(2026, 4, 9)


def test_counting_from_the_day_of_receipt_instead() -> None:
    assert add_working_days(date(2026, 3, 16), 15, count_from_next_day=False) == date(2026, 4, 8)


def test_new_year_2026() -> None:
    # Registered Wednesday 31 December 2025: 1, 2 and 7 January are holidays, 3 and 4 a weekend.
    assert add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 6)
    assert add_working_days(date(2025, 12, 31), 3) == date(2026, 1, 8)


def test_next_working_day_skips_holidays_and_weekends() -> None:
    assert next_working_day(date(2026, 3, 21)) == date(2026, 3, 26)
    assert next_working_day(date(2026, 3, 26)) == date(2026, 3, 26)


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30)),
    n=st.integers(min_value=1, max_value=40),
)
def test_add_and_between_agree(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert end > start
    assert is_working_day(end)
    assert working_days_between(start, end) == n


@given(
    start=st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    length=st.integers(min_value=-800, max_value=800),
)
def test_between_counts_the_working_days_one_by_one(start: date, length: int) -> None:
    """The running-number shortcut agrees with counting day by day, across years and in both directions."""
    end = start + timedelta(days=length)
    low, high = sorted((start, end))
    counted = sum(is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert working_days_between(start, end) == (counted if end >= start else -counted)
