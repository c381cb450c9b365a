"""One date format per language, in Kazakhstan's time, with the zone beside a time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from dauys.core import dates


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("kk", "7 желтоқсан 2026", "7 желтоқсан 2026, 14:05 (UTC+5)", "желтоқсан 2026"),
        ("ru", "7 дек. 2026", "7 дек. 2026, 14:05 (UTC+5)", "декабрь 2026"),
        ("en", "7 Dec 2026", "7 Dec 2026, 14:05 (UTC+5)", "December 2026"),
    ],
)
def test_each_language_writes_dates_its_own_way(language: str, day: str, moment: str, month: str) -> None:
    utc = datetime(2026, 12, 7, 9, 5, tzinfo=UTC)  # 14:05 in Kazakhstan (one zone, UTC+5, since March 2024)
    assert dates.day(date(2026, 12, 7), language) == day
    assert dates.moment(utc, language) == moment
    assert dates.month_year(date(2026, 12, 1), language) == month


def test_a_time_near_midnight_is_the_local_day() -> None:
    late = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)  # already 8 December in Kazakhstan
    assert dates.day(late, "en") == "8 Dec 2026"


def test_the_filters_follow_the_active_language_and_leave_nothing_for_none() -> None:
    template = Template("{% load dates %}{{ d|day }}|{{ d|day_month }}|{{ none|day }}|{{ none|moment }}")
    with translation.override("ru"):
        assert template.render(Context({"d": date(2026, 5, 1), "none": None})) == "1 мая 2026|1 мая||"
    with translation.override("kk"):
        assert template.render(Context({"d": date(2026, 5, 1), "none": None})) == "1 мамыр 2026|1 мамыр||"
