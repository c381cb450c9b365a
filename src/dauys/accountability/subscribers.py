"""The figures follow the record: each change to a problem is counted in the transaction that makes it."""

from __future__ import annotations

from dauys.accountability import counting
from dauys.accountability.events import ReportWritten
from dauys.accounts.events import AccountDeleted
from dauys.authorities.events import AuthorityChanged
from dauys.core.events import subscriber
from dauys.places.events import PlaceChanged
from dauys.problems.events import (
    AnswerJudged,
    AnswerRecorded,
    AppealEscalated,
    AppealEvent,
    AppealExtended,
    AppealOverdue,
    AppealQueued,
    AppealRegistered,
    AppealSent,
    ProblemEdited,
    ProblemPublished,
    ProblemStatusChanged,
    PromiseSettled,
)

# Everything that can change a fact. Supports, follows and scans change none (and supports are the hot path).
COUNTED = (
    ProblemPublished,
    ProblemEdited,
    ProblemStatusChanged,
    AppealQueued,
    AppealSent,
    AppealExtended,
    AppealOverdue,
    AppealEscalated,
    AppealRegistered,
    AnswerRecorded,
    AnswerJudged,
    PromiseSettled,
)


@subscriber(*COUNTED, in_transaction=True)
def recount_problem(event: ProblemPublished | AppealEvent) -> None:
    # The figures are of appeals about problems; an appeal about a subject of another kind is not counted yet.
    if event.problem_id is not None:
        counting.recount([event.problem_id])


@subscriber(AuthorityChanged, as_task=True)
def recount_below_authority(event: AuthorityChanged) -> None:
    """A body moved in the vertical or to another place: its appeals (and those below it) count elsewhere now."""
    if {"parent", "place"} & set(event.fields) and not event.created:
        counting.recount_authority(event.authority_id)


@subscriber(PlaceChanged, as_task=True)
def recount_in_place(event: PlaceChanged) -> None:
    """A place moved under another: the problems filed in it and the bodies located in it count elsewhere now."""
    if "parent" in event.fields and not event.created:
        counting.recount_place(event.place_id)


@subscriber(AccountDeleted)
def forget_report_subscriptions(event: AccountDeleted) -> None:
    """A deleted account receives nothing more (its address is gone too)."""
    from dauys.accountability.models import ReportSubscription

    ReportSubscription.objects.filter(user_id=event.user_id).delete()


@subscriber(ReportWritten, as_task=True)
def send_report(event: ReportWritten) -> None:
    """E-mail the new report to the people subscribed to it (retried by the queue on failure)."""
    from dauys.accountability.reports import send

    send(event.report_id)
