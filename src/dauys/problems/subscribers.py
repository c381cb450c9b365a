"""Reactions of public control to its own events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from dauys.accounts.events import AccountDeleted
from dauys.core.events import subscriber
from dauys.core.i18n import names
from dauys.notifications.messages import message
from dauys.problems.events import (
    AnswerRecorded,
    AppealAssigned,
    AppealDeadlineSoon,
    AppealEscalated,
    AppealOverdue,
    AppealQueued,
    AppealSent,
    FixAsked,
    ProblemPublished,
    ProblemStatusChanged,
    PromiseSettled,
)

# What a body's representatives are told (in the site, and by e-mail as each of them chose), with a link to the
# appeal in their inbox.
message("inbox.arrived", _("A new appeal to %(authority)s: “%(title)s”. Deadline %(deadline)s."))
message(
    "inbox.complaint_arrived",
    _("A complaint to %(authority)s about another body: “%(title)s”. Deadline %(deadline)s."),
)
message("inbox.redirected", _("An appeal was redirected to %(authority)s: “%(title)s”. Deadline %(deadline)s."))
message("inbox.deadline_soon", _("%(authority)s must answer “%(title)s” by %(deadline)s."), urgent=True)
message("inbox.complaint_about", _("The applicant complained about the answer of %(authority)s to “%(title)s”."))
message("inbox.assigned", _("You were given the appeal “%(title)s” to %(authority)s. Deadline %(deadline)s."))


def _representatives(authority_id: int, *, exclude: int | None = None) -> list[Any]:
    """The verified representatives of a body: those its inbox notifies."""
    from dauys.authorities.models import Representative

    found = Representative.objects.filter(authority_id=authority_id, verified=True).select_related("user")
    return [r.user for r in found.order_by("pk") if r.user_id != exclude]


def _tell_the_body(appeal: Any, kind: str, *, authority: Any = None, exclude: int | None = None) -> int:
    """Notify the representatives of ``authority`` (the appeal's body by default) about ``appeal``."""
    from dauys.notifications.services import notify

    body = authority or appeal.authority
    told = 0
    for user in _representatives(body.pk, exclude=exclude if exclude is not None else appeal.subject_author_id):
        notify(
            user=user,
            kind=kind,
            url=reverse("problems:inbox_appeal", args=[appeal.pk]),
            authority=names(appeal.authority),
            title=appeal.subject_title,
            deadline=appeal.effective_deadline.isoformat() if appeal.effective_deadline else "",
        )
        told += 1
    return told


@subscriber(AppealSent, as_task=True)
def tell_the_body_of_an_appeal(event: AppealSent) -> None:
    """An appeal reached a body (sent by Dauys, or recorded by its applicant): its representatives hear of it. A
    complaint is news to the body complained about too."""
    from dauys.problems.models import Appeal

    appeal = Appeal.objects.select_related("authority", "problem", "complains_about__authority").get(pk=event.appeal_id)
    if appeal.kind == Appeal.Kind.COMPLAINT:
        _tell_the_body(appeal, "inbox.complaint_arrived")
        if appeal.complains_about is not None:
            _tell_the_body(appeal.complains_about, "inbox.complaint_about")
    else:
        _tell_the_body(appeal, "inbox.arrived")


@subscriber(AnswerRecorded, as_task=True)
def tell_the_body_of_a_redirection(event: AnswerRecorded) -> None:
    """A redirection opens an appeal to the competent body (``answer_record``): that body's representatives hear."""
    from dauys.problems.models import Answer, Appeal

    if event.kind != Answer.Kind.REDIRECT:
        return
    for appeal in Appeal.objects.select_related("authority", "problem").filter(redirected_from_id=event.appeal_id):
        _tell_the_body(appeal, "inbox.redirected")


@subscriber(AppealAssigned, as_task=True)
def tell_the_assignee(event: AppealAssigned) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Appeal

    appeal = Appeal.objects.select_related("authority", "problem", "assignee").get(pk=event.appeal_id)
    if appeal.assignee is not None and appeal.assignee_id == event.assignee_id:
        notify(
            user=appeal.assignee,
            kind="inbox.assigned",
            url=reverse("problems:inbox_appeal", args=[appeal.pk]),
            authority=names(appeal.authority),
            title=appeal.subject_title,
            deadline=appeal.effective_deadline.isoformat() if appeal.effective_deadline else "",
        )


@subscriber(AppealQueued, as_task=True)
def deliver_appeal(event: AppealQueued) -> None:
    """E-mail a queued appeal to the authority's public address (in a worker, retried on failure)."""
    from dauys.accounts.selectors import applicant_of
    from dauys.problems.models import Appeal
    from dauys.problems.services import appeal_mark_sent

    appeal = Appeal.objects.select_related("problem", "authority").get(pk=event.appeal_id)
    if appeal.status != Appeal.Status.QUEUED:
        return
    problem = appeal.problem  # None for a subject of another kind: its app wrote the message
    url = settings.BASE_URL + appeal.subject_url
    title = appeal.subject_title
    with translation.override("ru"):
        body = appeal.message or (
            f"{title}\n\n{problem.body if problem else ''}\n\n"
            f"Обращение {appeal.reference}, опубликовано на Dauys: {url}\n"
            f"Appeal {appeal.reference}, published on Dauys: {url}"
        )
    # The applicant's real name and address head the e-mail to the addressee, and go nowhere else: the message
    # Dauys keeps (and shows) is the public text.
    applicant = applicant_of(appeal.subject_author) if appeal.signed else None
    message = EmailMessage(
        subject=f"[{appeal.reference}] {title}",
        body=f"{applicant.block()}\n\n{body}" if applicant else body,
        to=[appeal.addressee_email],
        reply_to=[appeal.reply_address] if appeal.reply_address else None,
        headers={"X-Dauys-Reference": appeal.reference, "X-Dauys-Message": "appeal"},
    )
    for photo in problem.photos.all() if problem else ():
        with photo.open("large") as image:
            message.attach(str(photo.large.name).rsplit("/", 1)[-1], image.read())
    message.send()
    appeal_mark_sent(appeal=appeal, sent_on=timezone.localdate(), message=body, signed=applicant is not None)


def _followers(problem: Any, *, exclude: set[int]) -> list:
    """The problem's followers and its author (loaded with ``select_related("author")`` by the caller)."""
    from dauys.notifications.selectors import followers

    users = {*followers(f"problem:{problem.pk}"), problem.author}
    return [u for u in users if u.pk not in exclude]


@subscriber(AnswerRecorded, as_task=True)
def tell_followers_of_an_answer(event: AnswerRecorded) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Answer

    answer = Answer.objects.select_related("appeal__authority", "appeal__problem__author").get(pk=event.answer_id)
    appeal = answer.appeal
    if appeal.problem is not None:
        people = _followers(appeal.problem, exclude={answer.posted_by_id})
    else:
        people = [u for u in [appeal.subject_author] if u is not None and u.pk != answer.posted_by_id]
    for user in people:
        notify(
            user=user,
            kind="answer.recorded",
            url=appeal.subject_url,
            authority=names(appeal.authority),
            title=appeal.subject_title,
        )


@subscriber(ProblemStatusChanged, as_task=True)
def tell_followers_of_a_status(event: ProblemStatusChanged) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Problem

    if event.new in (Problem.Status.OPEN,) and event.old == Problem.Status.DRAFT:
        return  # publication is announced to place and authority followers instead
    problem = Problem.objects.select_related("author").get(pk=event.problem_id)
    for user in _followers(problem, exclude=set()):
        notify(user=user, kind="problem.status", url=problem.get_absolute_url(), title=problem.title, status=event.new)


@subscriber(AppealEscalated, as_task=True)
def tell_followers_of_an_escalation(event: AppealEscalated) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Appeal

    complaint = Appeal.objects.select_related("authority", "problem__author").get(pk=event.complaint_id)
    people = _followers(complaint.problem, exclude=set()) if complaint.problem else [complaint.subject_author]
    for user in people:
        notify(
            user=user,
            kind="appeal.escalated",
            url=complaint.subject_url,
            title=complaint.subject_title,
            authority=names(complaint.authority),
        )


@subscriber(ProblemPublished, as_task=True)
def tell_place_followers(event: ProblemPublished) -> None:
    """People who follow the problem's place (or a place above it) hear of a new problem there."""
    from dauys.notifications.selectors import followers
    from dauys.notifications.services import notify
    from dauys.problems.models import Problem
    from dauys.problems.routing import place_chain

    problem = Problem.objects.select_related("place__parent__parent__parent").get(pk=event.problem_id)
    chain = place_chain(problem.place)
    for user in followers(*(f"place:{place.slug}" for place in chain)):
        if user.pk == problem.author_id:
            continue
        notify(
            user=user,
            kind="problem.new_in_followed",
            url=problem.get_absolute_url(),
            title=problem.title,
            where=names(problem.place),
        )


@subscriber(AppealSent, as_task=True)
def tell_authority_followers(event: AppealSent) -> None:
    """People who follow an authority hear of each appeal addressed to it."""
    from dauys.notifications.selectors import followers
    from dauys.notifications.services import notify
    from dauys.problems.models import Appeal

    appeal = Appeal.objects.select_related("authority", "problem").get(pk=event.appeal_id)
    applicant = appeal.subject_author_id
    for user in followers(f"authority:{appeal.authority.slug}"):
        if user.pk != applicant:
            notify(
                user=user,
                kind="problem.new_in_followed",
                url=appeal.subject_url,
                title=appeal.subject_title,
                where=names(appeal.authority),
            )


@subscriber(AccountDeleted, as_task=True)
def delete_private_scans_of_deleted_account(event: AccountDeleted) -> None:
    """Private scans of a deleted author's problems were theirs alone to see: they go with the account.

    Public scans stay, like the problems themselves (now under "deleted user"): they are part of the public record.
    """
    from django.db.models import Q

    from dauys.problems.models import Scan

    private = Scan.objects.exclude(visibility=Scan.Visibility.PUBLIC).filter(
        Q(appeal__problem__author_id=event.user_id) | Q(answer__appeal__problem__author_id=event.user_id)
    )
    for scan in private:
        scan.image.storage.delete(str(scan.image.name))
        scan.delete()


# Regular monitoring's notices (problems.monitoring emits; these tell).


def _clock_facts(appeal: Any) -> dict[str, str]:
    return {
        "authority": names(appeal.authority),
        "title": appeal.subject_title,
        "deadline": appeal.effective_deadline.isoformat() if appeal.effective_deadline else "",
    }


@subscriber(AppealOverdue, as_task=True)
def tell_of_silence(event: AppealOverdue) -> None:
    """The applicant hears once that the deadline passed without an answer (deemed a refusal)."""
    from dauys.notifications.services import notify
    from dauys.problems.models import Appeal

    if Appeal.objects.filter(pk=event.appeal_id, reminded_overdue_at__isnull=True).update(
        reminded_overdue_at=timezone.now()
    ):
        appeal = Appeal.objects.select_related("authority", "problem__author").get(pk=event.appeal_id)
        notify(user=appeal.subject_author, kind="appeal.overdue", url=appeal.subject_url, **_clock_facts(appeal))


@subscriber(AppealDeadlineSoon, as_task=True)
def remind_of_a_deadline(event: AppealDeadlineSoon) -> None:
    """The applicant is reminded a few working days before the deadline; so is a body Dauys wrote to."""
    from dauys.core.tasks import enqueue
    from dauys.notifications.services import notify
    from dauys.problems.models import Appeal

    appeal = Appeal.objects.select_related("authority", "problem__author").get(pk=event.appeal_id)
    notify(user=appeal.subject_author, kind="appeal.deadline_soon", url=appeal.subject_url, **_clock_facts(appeal))
    _tell_the_body(appeal, "inbox.deadline_soon")
    if appeal.delivery == Appeal.Delivery.DAUYS and appeal.addressee_email:
        enqueue("dauys.problems.tasks.remind_authority", appeal.pk)


@subscriber(PromiseSettled, as_task=True)
def tell_of_a_broken_promise(event: PromiseSettled) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Promise

    if event.status != Promise.Status.BROKEN:
        return
    promise = Promise.objects.select_related("problem__author", "authority").get(pk=event.promise_id)
    notify(
        user=promise.problem.author,
        kind="promise.broken",
        url=promise.problem.get_absolute_url(),
        authority=names(promise.authority),
        title=promise.problem.title,
        due=promise.due_on.isoformat(),
    )


@subscriber(FixAsked, as_task=True)
def ask_the_author_if_fixed(event: FixAsked) -> None:
    from dauys.notifications.services import notify
    from dauys.problems.models import Answer
    from dauys.problems.monitoring import fix_link

    answer = Answer.objects.select_related("appeal__problem__author").get(pk=event.answer_id)
    problem = answer.appeal.of_problem
    notify(
        user=problem.author,
        kind="problem.fixed_question",
        url=problem.get_absolute_url(),
        title=problem.title,
        yes=fix_link(answer, True),
        no=fix_link(answer, False),
    )
