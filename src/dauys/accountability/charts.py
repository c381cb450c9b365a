"""Pictures of the figures as plain SVG geometry for the templates (no JavaScript, no chart library).

Each picture is drawn next to a table with the same numbers, which is what screen readers read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dauys.accountability.selectors import Figures

OUTCOMES = [
    ("on_time", _("answered on time")),
    ("late", _("answered late")),
    ("overdue", _("not answered, overdue")),
    ("pending", _("term still running")),
]
FIGURE_LABELS: dict[str, Any] = {
    "received": _("appeals received"),
    "answered": _("appeals answered"),
    **dict(OUTCOMES),
    "escalated": _("complained about to a higher body"),
    "from_below": _("complaints about bodies below"),
    "promises": _("appeals answered with a promise"),
    "promises_kept": _("appeals with a promise kept"),
    "promises_broken": _("appeals with a promise broken"),
    "kind_substantive": _("answered in substance"),
    "kind_resolved": _("answered: the problem is resolved"),
    "kind_promise": _("answered with a promise"),
    "kind_apology": _("answered with an apology"),
    "kind_formal": _("answered formally (a brush-off)"),
    "kind_refusal": _("refused"),
    "kind_redirect": _("redirected to another body"),
    "problems": _("problems"),
    "problems_resolved": _("problems resolved"),
}
# figure -> (label, unit shown after the number)
MAP_FIGURES: dict[str, tuple[Any, str]] = {
    "on_time_share": (_("Share of appeals answered on time"), "%"),
    "overdue_share": (_("Share of appeals left unanswered past the deadline"), "%"),
    "substantive_share": (_("Share of substantive answers"), "%"),
    "resolved_share": (_("Share of problems resolved"), "%"),
    "received": (_("Appeals received"), ""),
    "problems": (_("Problems filed"), ""),
}
# (attribute of Figures, label, unit)
COMPARED_ROWS: list[tuple[str, Any, str]] = [
    ("received", _("Appeals received"), ""),
    ("on_time_share", _("Answered on time"), "%"),
    ("late_share", _("Answered late"), "%"),
    ("overdue_share", _("Not answered, overdue"), "%"),
    ("answer_median", _("Median working days to answer"), ""),
    ("answer_p90", _("90th percentile, working days"), ""),
    ("substantive_share", _("Substantive answers"), "%"),
    ("promises", _("Promises made"), ""),
    ("promises_kept", _("Promises kept"), ""),
    ("promises_broken", _("Promises broken"), ""),
    ("escalated", _("Complained about to a higher body"), ""),
    ("problems", _("Problems"), ""),
    ("resolved_share", _("Problems resolved"), "%"),
    ("resolution_median", _("Median days to resolution"), ""),
]

BAND = 40  # the narrowest month's width in SVG units (longer periods scroll sideways on a phone)
PLOT_WIDTH = 600  # up to 15 months share this width
PLOT_HEIGHT = 160
TOP = 16
BOTTOM = 28
LEFT = 40


@dataclass(frozen=True)
class Segment:
    key: str
    label: Any
    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class Column:
    month: date
    label: str
    year: str  # under the first month and under each January
    show_label: bool
    x: float
    text_x: float
    segments: list[Segment]
    total: int


def monthly_bars(months: list[tuple[date, Figures]]) -> dict[str, Any] | None:
    """Stacked bars of appeals received per month, split by what became of them."""
    if not months:
        return None
    biggest = max((f.received for _m, f in months), default=0) or 1
    step = 1 if len(months) <= 15 else 3 if len(months) <= 36 else 12
    band = max(BAND, PLOT_WIDTH // len(months))
    bar = round(band * 0.7)
    columns = []
    for i, (month, f) in enumerate(months):
        x = LEFT + i * band + (band - bar) // 2
        y: float = TOP + PLOT_HEIGHT
        segments = []
        for key, label in OUTCOMES:
            value = f.get(key) or 0
            height = PLOT_HEIGHT * value / biggest
            y -= height
            if value:
                segments.append(Segment(key, label, x, round(y, 1), bar, round(height, 1), value))
        columns.append(
            Column(
                month=month,
                label=formats.date_format(month, "M"),
                year=str(month.year) if i == 0 or month.month == 1 else "",
                show_label=i % step == 0,
                x=x,
                text_x=x + bar / 2,
                segments=segments,
                total=f.received,
            )
        )
    return {
        "columns": columns,
        "width": LEFT + len(months) * band + 8,
        "height": TOP + PLOT_HEIGHT + BOTTOM + 16,
        "base_y": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 18,
        "year_y": TOP + PLOT_HEIGHT + 34,
        "top_y": TOP,
        "biggest": biggest,
        "legend": OUTCOMES,
    }


def share_bar(kinds: list[tuple[str, str, int, int | None]]) -> list[dict[str, Any]]:
    """One 100 % bar of the answers by kind: each segment's start and width in percent."""
    total = sum(n for _k, _l, n, _s in kinds)
    if not total:
        return []
    start, segments = 0.0, []
    for kind, label, n, share in kinds:
        if not n:
            continue
        width = 100 * n / total
        segments.append(
            {"kind": kind, "label": label, "n": n, "share": share, "x": round(start, 2), "width": round(width, 2)}
        )
        start += width
    return segments
