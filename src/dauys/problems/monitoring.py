"""Regular monitoring (`dauys monitor`, and the worker every 10 minutes).

One pass, at a moment ``now``:
1. marks appeals whose (extended) deadline has passed as overdue — deemed refused (APPK Art. 91(2)) — and escalates
   those whose author opted in;
2. reminds the author 3 working days before a deadline, and when it passes;
3. marks promises broken when their date passed and the problem is not resolved;
4. asks the author "is it fixed?" 4 weeks after a substantive answer, a promise or a "resolved" answer;
5. resolves a problem 14 days after a "resolved" answer that nobody disputed.

Every step selects only what has not been done yet, so a second pass at the same moment changes nothing, and a
pass after downtime catches up on everything that fell due meanwhile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.signing import TimestampSigner
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from dauys.core.calendar import add_working_days
from dauys.core.events import emit
from dauys.problems import states
from dauys.problems.events import AppealDeadlineSoon, AppealOverdue, FixAsked, PromiseSettled
from dauys.problems.models import Answer, AnswerVerdict, Appeal, Problem, Promise, TimelineEvent
from dauys.problems.services import appeal_escalate, problem_set_status
from dauys.problems.services.timeline import record

logger = logging.getLogger(__name__)
REMIND_WORKING_DAYS = 3
FIX_QUESTION_AFTER = timedelta(weeks=4)
AUTO_RESOLVE_AFTER = timedelta(days=14)
fix_signer = TimestampSigner(salt="dauys.problems.fix")


@dataclass
class Report:
    overdue: int = 0
    escalated: int = 0
    reminded: int = 0
    promises_broken: int = 0
    fix_asked: int = 0
    auto_resolved: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.overdue} overdue, {self.escalated} escalated, {self.reminded} reminders, "
            f"{self.promises_broken} promises broken, {self.fix_asked} asked if fixed, "
            f"{self.auto_resolved} resolved automatically"
        )


def _running_with_deadline(**lookup: date) -> QuerySet[Appeal]:
    """Running appeals whose effective deadline (the extension if any, else the deadline) matches ``lookup``."""
    extended = {f"extended_until__{op}": value for op, value in lookup.items()}
    plain = {f"deadline__{op}": value for op, value in lookup.items()}
    return Appeal.objects.filter(status__in=states.APPEAL_OPEN).filter(
        Q(**extended) | Q(extended_until__isnull=True, **plain)
    )


def mark_overdue(now: datetime, report: Report) -> None:
    today = timezone.localdate(now)
    due = _running_with_deadline(lt=today).select_related("problem__author", "authority")
    # A reply the body e-mailed in time stops the clock while its applicant reviews it (correspondence); one sent
    # after the deadline does not.
    due = due.exclude(reply_received_on__lte=Coalesce("extended_until", "deadline"))
    for appeal in due.iterator():
        deadline = appeal.effective_deadline
        with transaction.atomic():
            locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
            stopped = locked.reply_received_on is not None and locked.reply_received_on <= deadline
            if locked.status not in states.APPEAL_OPEN or stopped:
                continue
            locked.status = Appeal.Status.OVERDUE
            locked.overdue_since = deadline + timedelta(days=1)
            locked.save(update_fields=["status", "overdue_since", "updated_at"])
            if appeal.problem is not None:
                record(appeal.problem, "appeal:overdue", appeal=locked)
            # Its applicant hears of it from the event (problems.subscribers.tell_of_silence).
            emit(AppealOverdue.of(locked))
        report.overdue += 1
        if appeal.auto_escalate:
            try:
                appeal_escalate(appeal=locked, actor=None)
                report.escalated += 1
            except ValidationError as exc:
                # Nothing to escalate to, or no address: the author is told by the overdue notice and acts by hand.
                logger.info("appeal %s not escalated automatically: %s", appeal.reference, "; ".join(exc.messages))


def remind_before_deadline(now: datetime, report: Report) -> None:
    today = timezone.localdate(now)
    soon = add_working_days(today, REMIND_WORKING_DAYS)
    candidates = (
        _running_with_deadline(gte=today, lte=soon)
        .filter(reminded_before_at__isnull=True)
        .select_related("problem__author", "authority")
    )
    for appeal in candidates.iterator():
        updated = Appeal.objects.filter(pk=appeal.pk, reminded_before_at__isnull=True).update(reminded_before_at=now)
        if updated:  # the applicant, and a body Dauys wrote to, are reminded by subscribers
            deadline = appeal.effective_deadline
            emit(AppealDeadlineSoon.of(appeal, deadline=deadline.isoformat() if deadline else ""))
            report.reminded += 1


def break_promises(now: datetime, report: Report) -> None:
    today = timezone.localdate(now)
    late = Promise.objects.filter(status=Promise.Status.PENDING, due_on__lt=today).select_related(
        "problem__author", "authority"
    )
    for promise in late.iterator():
        with transaction.atomic():
            if Promise.objects.filter(pk=promise.pk, status=Promise.Status.PENDING).update(
                status=Promise.Status.BROKEN, settled_on=today
            ):
                record(promise.problem, "promise:broken", answer_id=promise.answer_id, due=promise.due_on.isoformat())
                # The author hears of it from the event (problems.subscribers).
                emit(PromiseSettled(problem_id=promise.problem_id, promise_id=promise.pk, status=Promise.Status.BROKEN))
                report.promises_broken += 1


def fix_link(answer: Answer, fixed: bool) -> str:
    token = fix_signer.sign(f"{answer.pk}:{'yes' if fixed else 'no'}")
    return reverse("problems:fix", kwargs={"token": token})


def ask_if_fixed(now: datetime, report: Report) -> None:
    answers = Answer.objects.filter(
        fix_asked_at__isnull=True,
        kind__in=[Answer.Kind.SUBSTANTIVE, Answer.Kind.PROMISE, Answer.Kind.RESOLVED, Answer.Kind.APOLOGY],
        received_on__lte=timezone.localdate(now) - FIX_QUESTION_AFTER,
        appeal__problem__status=Problem.Status.OPEN,
    ).select_related("appeal__problem__author")
    for answer in answers.iterator():
        if Answer.objects.filter(pk=answer.pk, fix_asked_at__isnull=True).update(fix_asked_at=now):
            # Only appeals about open problems are asked; the author gets the question from the event.
            emit(FixAsked(problem_id=answer.appeal.of_problem.pk, answer_id=answer.pk))
            report.fix_asked += 1


def resolve_undisputed(now: datetime, report: Report) -> None:
    cutoff = timezone.localdate(now) - AUTO_RESOLVE_AFTER
    disputed_later = TimelineEvent.objects.filter(
        problem=OuterRef("appeal__problem"),
        created_at__gt=OuterRef("created_at"),
        kind__in=["fix:not_fixed", "status:open"],
    )
    called_formal = AnswerVerdict.objects.filter(answer=OuterRef("pk"), verdict=AnswerVerdict.Verdict.FORMAL)
    answers = (
        Answer.objects.filter(
            kind=Answer.Kind.RESOLVED, received_on__lte=cutoff, appeal__problem__status=Problem.Status.OPEN
        )
        .filter(~Exists(disputed_later), ~Exists(called_formal))
        .select_related("appeal__problem")
    )
    resolved: set[int] = set()
    for answer in answers.iterator():
        problem = answer.appeal.of_problem  # a problem's status: only appeals about problems
        if problem.pk in resolved:
            continue  # two undisputed "resolved" answers: one resolution
        problem_set_status(problem=problem, actor=None, status=Problem.Status.RESOLVED, reason="undisputed for 14 days")
        resolved.add(problem.pk)
        report.auto_resolved += 1


def monitor(now: datetime | None = None) -> Report:
    now = now or timezone.now()
    report = Report()
    for step in (mark_overdue, remind_before_deadline, break_promises, ask_if_fixed, resolve_undisputed):
        step(now, report)
    return report
