""" "My cases": a citizen's own problems, each with the one thing that needs them most, most urgent first.

Every problem is one case. Its appeals, answers and promises each say how soon something falls due, and the
case takes the most urgent of them (``Need``), in this order:

1. ``complain``: an appeal was refused, brushed off or met with silence, and the window to complain to the body
   above (APPK Art. 92(1)) is still open. The days left are calendar days, as the Code counts months.
2. ``deadline``: the body's deadline is within 3 working days (or today).
3. ``verdict``: the body answered, and the author has not said whether the answer was substantive.
4. ``promise``: a promise falls due within a week, or was broken.
5. ``waiting``: the clock runs; the working days left are shown.
6. ``address``: published, but addressed to nobody yet.
7. ``draft``: not published.
8. ``closed``: resolved, unresolved, withdrawn or a duplicate; listed last, newest first, and only the latest
   ``CLOSED_SHOWN``.

Everything comes from a few queries on indexed foreign keys and primary keys (the author's problems, then their
appeals, answers, verdicts and promises, and the categories, places and bodies they name, each read once),
whatever the size of the rest of the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from dauys.authorities.models import Authority
from dauys.core.calendar import working_days_between
from dauys.places.models import Place
from dauys.problems import states
from dauys.problems.models import Answer, AnswerVerdict, Appeal, Category, Problem, Promise
from dauys.problems.selectors import complaint_window

SOON_WORKING_DAYS = 3
PROMISE_SOON = timedelta(days=7)
CLOSED_SHOWN = 20
ACTIVE_SHOWN = 500  # a bound, not a page: nobody follows more cases than this by hand

ORDER = ("complain", "deadline", "verdict", "promise", "waiting", "address", "draft", "closed")
URGENT = frozenset({"complain", "deadline"})
CLOSED = frozenset(
    {Problem.Status.RESOLVED, Problem.Status.UNRESOLVED, Problem.Status.WITHDRAWN, Problem.Status.DUPLICATE}
)
NOT_JUDGED = frozenset({Answer.Kind.REDIRECT})  # a redirect is not an answer on the substance


@dataclass
class Need:
    kind: str  # one of ORDER
    until: date | None = None  # when it falls due (None: nothing does)
    days_left: int | None = None  # calendar days, or working days for a body's deadline
    appeal: Appeal | None = None
    answer: Answer | None = None
    promise: Promise | None = None

    @property
    def rank(self) -> tuple[int, date]:
        return ORDER.index(self.kind), self.until or date.max

    @property
    def urgent(self) -> bool:
        return self.kind in URGENT


@dataclass
class Case:
    problem: Problem
    need: Need
    appeals: list[Appeal] = field(default_factory=list)


def _needs_of_appeal(
    appeal: Appeal, answers: list[Answer], complained: bool, judged: set[int], today: date
) -> list[Need]:
    needs = []
    until = complaint_window(appeal, answers, complained)
    if until is not None and until >= today:
        needs.append(Need("complain", until, (until - today).days, appeal=appeal))
    deadline = appeal.effective_deadline
    if appeal.status in states.APPEAL_OPEN and deadline is not None:
        left = working_days_between(today, deadline)
        needs.append(Need("deadline" if left <= SOON_WORKING_DAYS else "waiting", deadline, left, appeal=appeal))
    elif appeal.status == Appeal.Status.QUEUED:
        needs.append(Need("waiting", appeal=appeal))
    for answer in answers:
        if answer.kind not in NOT_JUDGED and answer.pk not in judged:
            needs.append(Need("verdict", answer.received_on, appeal=appeal, answer=answer))
    return needs


def _needs_of_promise(promise: Promise, today: date) -> Need | None:
    if promise.status == Promise.Status.BROKEN or (
        promise.status == Promise.Status.PENDING and promise.due_on <= today + PROMISE_SOON
    ):
        return Need("promise", promise.due_on, (promise.due_on - today).days, promise=promise)
    return None


def _share(objects: Sequence[Any], field: str, queryset: QuerySet[Any]) -> None:
    """Attach to ``objects`` the rows their foreign key ``field`` names, each read and built once however many
    objects name it: 200 problems in 12 places make 12 places, not 200 (``select_related`` builds one per row,
    and building model objects is most of this page's time)."""
    wanted = {getattr(o, f"{field}_id") for o in objects} - {None}
    rows = queryset.in_bulk(wanted) if wanted else {}
    for o in objects:
        key = getattr(o, f"{field}_id")
        if key is not None:
            setattr(o, field, rows[key])


def my_cases(user: Any, today: date) -> list[Case]:
    """The author's cases, most urgent first: the active ones, then the latest closed ones."""
    # Only what the page shows: the texts of problems and of appeals' messages stay in the database.
    mine = (
        Problem.objects.filter(author=user)
        .exclude(status=Problem.Status.REMOVED)
        .defer("body", "body_html", "search_words")
    )
    active = list(mine.exclude(status__in=CLOSED).order_by("-created_at")[:ACTIVE_SHOWN])
    closed = list(mine.filter(status__in=CLOSED).order_by("-closed_at", "-pk")[:CLOSED_SHOWN])
    _share(active + closed, "category", Category.objects.all())
    _share(active + closed, "place", Place.objects.select_related("parent"))
    public = [p.pk for p in active if p.status == Problem.Status.OPEN]
    appeals: dict[int, list[Appeal]] = defaultdict(list)
    judged: set[int] = set()
    promises: dict[int, list[Promise]] = defaultdict(list)
    answers: dict[int, list[Answer]] = defaultdict(list)
    complained: set[int] = set()
    if public:
        # Answers and complaints grouped here, not prefetched: a prefetch builds a queryset for every appeal.
        found = list(Appeal.objects.filter(problem__in=public).defer("message").order_by("created_at", "pk"))
        _share(found, "authority", Authority.objects.select_related("response_rule"))
        for appeal in found:
            appeals[appeal.problem_id].append(appeal)  # type: ignore[index]
        ids = [appeal.pk for appeal in found]
        for answer in (
            Answer.objects.filter(appeal__in=ids).defer("text", "refusal_reason").order_by("received_on", "pk")
        ):
            answers[answer.appeal_id].append(answer)
        complained = set(Appeal.objects.filter(complains_about__in=ids).values_list("complains_about_id", flat=True))
        judged = set(
            AnswerVerdict.objects.filter(user=user, answer__appeal__problem__in=public).values_list(
                "answer_id", flat=True
            )
        )
        for promise in (
            Promise.objects.filter(problem__in=public).exclude(status=Promise.Status.KEPT).select_related("authority")
        ):
            promises[promise.problem_id].append(promise)
    cases = []
    for problem in active:
        needs: list[Need] = []
        for appeal in appeals[problem.pk]:
            needs += _needs_of_appeal(appeal, answers[appeal.pk], appeal.pk in complained, judged, today)
        needs += [need for promise in promises[problem.pk] if (need := _needs_of_promise(promise, today))]
        if problem.status == Problem.Status.DRAFT:
            needs.append(Need("draft"))
        elif not appeals[problem.pk]:
            needs.append(Need("address"))
        elif not needs:  # appeals whose story is over (redirected, complained and answered): the problem waits
            needs.append(Need("waiting"))
        cases.append(Case(problem, min(needs, key=lambda need: need.rank), appeals[problem.pk]))
    cases.sort(key=lambda case: case.need.rank)
    return cases + [Case(problem, Need("closed")) for problem in closed]
