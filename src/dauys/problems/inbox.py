"""A body's inbox: the appeals addressed to it, as its verified representatives work through them.

Three views of one body's appeals (and, to look at only, those of the bodies below it):

- ``open``: awaiting its answer (sent, extended, overdue), the deadline soonest first;
- ``overdue``: the deadline passed without an answer (deemed refused, APPK Art. 91(2)), the oldest first;
- ``answered``: answered or redirected, the latest first.

An appeal may be about any subject (``problems.subjects``: a problem, a petition, a consultation's report) and
written to the body or to a person who answers for it (``authorities.addressees``); the inbox shows them all the same
way. A page is one range of one index (``Appeal``'s ``problems_appeal_inbox_open`` and ``_answered``), read from a
cursor, so its cost does not grow with the body's appeals; the subjects of a page are read once per kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from dauys.accounts.models import User
from dauys.authorities.models import Authority, Representative
from dauys.authorities.selectors import below_ids
from dauys.core.calendar import working_days_between
from dauys.problems.models import OPEN_STATUSES, Appeal
from dauys.problems.subjects import subjects

PAGE = 50
COUNTED = 1000
SHOWS = ("open", "overdue", "answered")


@dataclass
class Page:
    appeals: list[Appeal]
    next_cursor: str  # "" on the last page


def bodies_of(user: User) -> list[Authority]:
    """The bodies ``user`` is a verified representative of."""
    if not user.is_authenticated:
        return []
    found = Representative.objects.filter(user=user, verified=True).select_related("authority")
    return [r.authority for r in found.order_by("authority__slug")]


def represents(user: User, authority: Authority) -> bool:
    return (
        bool(user.is_authenticated)
        and Representative.objects.filter(user=user, authority=authority, verified=True).exists()
    )


def represents_any(user: User, authority_ids: set[int]) -> bool:
    return (
        bool(authority_ids)
        and Representative.objects.filter(user=user, authority_id__in=authority_ids, verified=True).exists()
    )


def below(authority: Authority) -> list[int]:
    """The ids of the bodies below ``authority``, at every level: one query, however deep the vertical."""
    return below_ids(authority=authority)


def ancestors_of(authority: Authority) -> set[int]:
    found: set[int] = set()
    node = authority.parent
    while node is not None and node.pk not in found:
        found.add(node.pk)
        node = node.parent
    return found


def counts(authority_ids: Sequence[int]) -> dict[str, int | bool]:
    """How many appeals await an answer, and how many of them are overdue, counted up to ``COUNTED`` (beyond it the
    inbox says "more than 1,000"): two reads of at most that many entries of the inbox's index, whatever the size
    of the body's backlog."""
    waiting = Appeal.objects.filter(authority_id__in=authority_ids, status__in=OPEN_STATUSES).order_by()
    found: dict[str, int | bool] = {}
    for name, rows in (("open", waiting), ("overdue", waiting.filter(status=Appeal.Status.OVERDUE))):
        n = rows.values("pk")[: COUNTED + 1].count()
        found[name], found[f"{name}_more"] = min(n, COUNTED), n > COUNTED
    return found


def _cursor(text: str) -> tuple[date, int] | None:
    day, _sep, pk = text.partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def page(authority_ids: Sequence[int], *, show: str, after: str = "", size: int | None = None) -> Page:
    """One page of the inbox of these bodies, from the cursor ``after`` (an invalid cursor starts again)."""
    size = size or PAGE
    cursor = _cursor(after) if after else None
    qs: QuerySet[Appeal] = Appeal.objects.filter(authority_id__in=authority_ids)
    if show == "answered":
        qs = qs.filter(answered_on__isnull=False).order_by("-answered_on", "-pk")
        if cursor:
            qs = qs.filter(Q(answered_on__lt=cursor[0]) | Q(answered_on=cursor[0], pk__lt=cursor[1]))
    else:
        wanted = [Appeal.Status.OVERDUE] if show == "overdue" else list(OPEN_STATUSES)
        qs = qs.filter(status__in=wanted).annotate(due=Coalesce("extended_until", "deadline")).order_by("due", "pk")
        if cursor:
            qs = qs.filter(Q(due__gt=cursor[0]) | Q(due=cursor[0], pk__gt=cursor[1]))
    rows = list(qs.select_related("authority", "problem", "assignee")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    with_subjects(rows)
    with_clock(rows)
    next_cursor = ""
    if more and rows:
        last = rows[-1]
        key = last.answered_on if show == "answered" else last.effective_deadline
        next_cursor = f"{key.isoformat()}.{last.pk}" if key else ""
    return Page(rows, next_cursor)


def with_subjects(appeals: Sequence[Appeal]) -> None:
    """Read the subjects of appeals of other kinds than a problem once per kind (a problem comes with its join)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for appeal in appeals:
        if appeal.problem_id is None and appeal.subject_id is not None:
            wanted[appeal.subject_kind].add(appeal.subject_id)
    for kind, ids in wanted.items():
        found = subjects[kind].model._default_manager.in_bulk(ids)
        for appeal in appeals:
            if appeal.subject_kind == kind and appeal.subject_id in found:
                appeal.__dict__["_subject"] = found[appeal.subject_id]


def with_clock(appeals: Sequence[Appeal]) -> None:
    """Each appeal's working days left before its deadline (negative once it passed), as the law counts them."""
    today = timezone.localdate()
    for appeal in appeals:
        deadline = appeal.effective_deadline
        running = appeal.awaits_answer and deadline is not None
        left = working_days_between(today, deadline) if running else None
        if left is not None and deadline < today:
            left = min(left, -1)  # a weekend after a missed deadline is not "today": it is late
        appeal.days_left = left  # type: ignore[attr-defined]
        appeal.days_late = -left if left is not None and left < 0 else 0  # type: ignore[attr-defined]


def colleagues(authority: Authority) -> QuerySet[User]:
    """The verified representatives of a body: those an appeal may be given to."""
    return User.objects.filter(
        representations__authority=authority, representations__verified=True, is_active=True
    ).order_by("display_name", "pk")
