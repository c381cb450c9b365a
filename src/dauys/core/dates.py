"""One way to write a date in each language, in Kazakhstan's time (``TIME_ZONE``), with the zone where a time is
shown: "7 желтоқсан 2026", "7 дек. 2026", "7 Dec 2026"; "7 дек. 2026, 14:05 (UTC+5)".

Django's own formats differ per language in ways a reader notices (Russian "7 декабря 2026 г." beside "7 Дек 2026",
Kazakh months missing), so Dauys writes its dates itself. Templates use the filters of ``core.templatetags.dates``:
``day``, ``day_month``, ``moment`` and ``month_year``. Machine values (``<time datetime>``, form fields) stay ISO.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

MONTHS = {
    "kk": (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    ),
    "ru": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
# The short forms beside a day: Kazakh writes the whole month; Russian abbreviates in lower case, with a point
# where letters were cut ("май" and "июнь" are whole); English drops the point.
SHORT = {
    "kk": MONTHS["kk"],
    "ru": ("янв.", "февр.", "мар.", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _language(language: str | None) -> str:
    code = (language or get_language() or "kk")[:2]
    return code if code in MONTHS else "en"


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: date | datetime | None, language: str | None = None) -> str:
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {SHORT[_language(language)][value.month - 1]} {value.year}"


def day_month(value: date | datetime | None, language: str | None = None) -> str:
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {SHORT[_language(language)][value.month - 1]}"


def month_year(value: date | datetime | None, language: str | None = None) -> str:
    if value is None:
        return ""
    value = _local(value)
    return f"{MONTHS[_language(language)][value.month - 1]} {value.year}"


def zone(value: datetime) -> str:
    """The UTC offset of a local time, as "UTC+5" (or "UTC+5:30")."""
    offset = value.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def moment(value: datetime | None, language: str | None = None) -> str:
    """A day with its time and zone: "7 дек. 2026, 14:05 (UTC+5)"."""
    if value is None:
        return ""
    local = _local(value)
    assert isinstance(local, datetime)
    suffix = f" ({zone(local)})" if timezone.is_aware(local) else ""
    return f"{day(local, language)}, {local:%H:%M}{suffix}"
