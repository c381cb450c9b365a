"""The legal clock of an appeal. Rules come from the authority's ``ResponseRule`` (docs/legal-clock.md).

- APPK Art. 76(1): an appeal is handled within N (15) working days of registration; we count from the day after
  registration (``count_from_next_day``), Kazakh holidays excluded (core.calendar).
- An appeal received on a non-working day is registered on the next working day.
- Art. 76(2): one extension by a reasoned decision, to at most ``extension_max_months`` (2) months in all,
  counted from registration.
- Art. 91(2): no decision by the deadline is a refusal from the day after it.
- Art. 92(1): a complaint may be filed within ``complaint_months`` (3) months of that day.
- A complaint to the higher body runs on ``complaint_working_days`` (20; Art. 99 as we read it, a setting).
Deadlines are computed once and stored on the appeal.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date

from dauys.authorities.models import ResponseRule
from dauys.core.calendar import add_working_days, next_working_day


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, or the month's last day when it has none (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def registration_day(received_on: date) -> date:
    return next_working_day(received_on)


def answer_deadline(rule: ResponseRule, registered_on: date, *, complaint: bool = False) -> tuple[int, date]:
    """(working days, deadline) for an appeal or a complaint registered on ``registered_on``."""
    days = rule.complaint_working_days if complaint else rule.answer_working_days
    return days, add_working_days(registered_on, days, count_from_next_day=rule.count_from_next_day)


def longest_extension(rule: ResponseRule, registered_on: date) -> date:
    return add_months(registered_on, rule.extension_max_months)


def complaint_window_ends(rule: ResponseRule, refused_on: date) -> date:
    """Last day to file a complaint about a refusal (or a silence deemed one) that happened on ``refused_on``."""
    return add_months(refused_on, rule.complaint_months)
