"""Dates as Dauys writes them in each language (``core.dates``): ``{% load dates %}{{ appeal.deadline|day }}``."""

from __future__ import annotations

from django import template

from dauys.core import dates

register = template.Library()
register.filter("day", dates.day)
register.filter("day_month", dates.day_month)
register.filter("month_year", dates.month_year)
register.filter("moment", dates.moment)
