from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.accounts.selectors import applicant_of
from dauys.authorities.addressees import AUTHORITY, addressees
from dauys.authorities.models import Authority
from dauys.core.events import emit
from dauys.core.images import ProcessedImage
from dauys.core.pdfs import ProcessedPdf
from dauys.problems import clock, states
from dauys.problems.events import AppealEscalated, AppealExtended, AppealQueued, AppealSent
from dauys.problems.models import Answer, Appeal, Problem, Scan
from dauys.problems.services.scans import is_addressee, save_scans
from dauys.problems.services.timeline import appeal_actor, record_appeal
from dauys.problems.subjects import PROBLEM, subjects

# Appeals a complaint may be filed about (APPK Art. 91): silence deemed a refusal, a refusal, a brush-off.
COMPLAINABLE_ANSWERS = {Answer.Kind.REFUSAL, Answer.Kind.FORMAL}


def new_reference() -> str:
    return "DA-" + secrets.token_hex(4).upper()


def start_clock(appeal: Appeal, received_on: date) -> None:
    rule = appeal.authority.response_rule
    appeal.registered_on = clock.registration_day(received_on)
    appeal.answer_working_days, appeal.deadline = clock.answer_deadline(
        rule, appeal.registered_on, complaint=appeal.kind == Appeal.Kind.COMPLAINT
    )


@transaction.atomic
def appeal_create(
    *,
    problem: Problem,
    authority: Authority,
    actor: User | None,
    delivery: str,
    registration_number: str = "",
    registered_on: date | None = None,
    scans: Sequence[ProcessedImage | ProcessedPdf] = (),
    scans_visibility: str = Scan.Visibility.PRIVATE,
    auto_escalate: bool = False,
    kind: str = Appeal.Kind.APPEAL,
    complains_about: Appeal | None = None,
    redirected_from: Appeal | None = None,
    message: str = "",
    channel: str = "",
    signed: bool = False,
) -> Appeal:
    """Address a problem to an authority.

    Delivered by Dauys: the appeal is queued and a worker e-mails it; its clock starts on the day it is sent.
    Recorded: the author sent it themselves (eOtinish, paper, in person); the clock starts from the registration
    date they give. ``signed``: the e-mail carries the author's real name and address (``accounts.Applicant``), which
    they must have given.
    """
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if actor is not None and actor.pk != problem.author_id:
        raise PermissionDenied(_("Only the author can address the problem to an authority."))
    if problem.status != Problem.Status.OPEN:
        raise ValidationError(_("Publish the problem before addressing it."))
    open_statuses = [Appeal.Status.QUEUED, *states.APPEAL_OPEN]
    if kind == Appeal.Kind.APPEAL and problem.appeals.filter(authority=authority, status__in=open_statuses).exists():
        raise ValidationError({"authority": [_("This problem already has an open appeal to this authority.")]})
    appeal = Appeal(problem=problem, authority=authority)
    return _open(
        appeal, actor, delivery, registration_number, registered_on, scans, scans_visibility, auto_escalate, kind,
        complains_about, redirected_from, message, channel, signed,
    )  # fmt: skip


@transaction.atomic
def appeal_open(
    *,
    subject_kind: str,
    subject_id: int,
    authority: Authority,
    actor: User | None,
    message: str,
    addressee_kind: str = AUTHORITY,
    addressee_id: int | None = None,
    delivery: str = Appeal.Delivery.DAUYS,
    registration_number: str = "",
    registered_on: date | None = None,
    auto_escalate: bool = False,
) -> Appeal:
    """Address a subject of another kind than a problem (``problems.subjects``: a petition that reached its goal,
    a consultation's report) to a body, or to a person who answers for it (``authorities.addressees``).

    The appeal then runs as any other: the legal clock, the e-mail to the addressee, reminders, silence marked
    overdue, the complaint to the higher body, answers. The subject's app decides who may do this (``actor``) and
    writes ``message``, the text the addressee receives. The subject must be registered and exist.
    """
    kind = subjects.get(subject_kind)
    if kind is None or subject_kind == PROBLEM:
        raise ValueError(f"not a registered kind of subject other than a problem: {subject_kind!r}")
    kind.get(subject_id)  # the model's DoesNotExist for a subject that is not there
    to = addressees.get(addressee_kind)
    if to is None:
        raise ValueError(f"not a registered kind of addressee: {addressee_kind!r}")
    if addressee_kind == AUTHORITY:
        if addressee_id not in (None, authority.pk):
            raise ValueError("an appeal to an authority names it as its authority")
        addressee_id = None
    elif addressee_id is None or to.body(to.get(addressee_id)).pk != authority.pk:
        raise ValueError("the addressee answers for another body than the appeal's authority")
    if not message.strip():
        raise ValidationError({"message": [_("Write what the appeal asks.")]})
    appeal = Appeal(
        subject_kind=subject_kind,
        subject_id=subject_id,
        authority=authority,
        addressee_kind=addressee_kind,
        addressee_id=addressee_id,
    )
    return _open(
        appeal, actor, delivery, registration_number, registered_on, (), "private", auto_escalate, Appeal.Kind.APPEAL,
        None, None, message,
    )  # fmt: skip


def _open(
    appeal: Appeal,
    actor: User | None,
    delivery: str,
    registration_number: str,
    registered_on: date | None,
    scans: Sequence[ProcessedImage | ProcessedPdf],
    scans_visibility: str,
    auto_escalate: bool,
    kind: str,
    complains_about: Appeal | None,
    redirected_from: Appeal | None,
    message: str,
    channel: str = "",
    signed: bool = False,
) -> Appeal:
    """What every appeal goes through once its subject has allowed it: the clock, the delivery, its one event."""
    if not appeal.authority.is_active:
        raise ValidationError({"authority": [_("This authority no longer exists.")]})
    appeal.kind = kind
    appeal.complains_about = complains_about
    appeal.redirected_from = redirected_from
    appeal.delivery = delivery
    appeal.reference = new_reference()
    appeal.auto_escalate = auto_escalate
    appeal.message = message
    today = timezone.localdate()
    if channel and (channel not in Appeal.Channel.values or delivery != Appeal.Delivery.RECORDED):
        raise ValidationError({"channel": [_("Choose how you sent it.")]})
    appeal.channel = channel
    if delivery == Appeal.Delivery.RECORDED:
        errors: dict[str, list[str]] = {}
        if not registration_number.strip():
            errors["registration_number"] = [_("Give the registration number the authority assigned.")]
        if registered_on is None:
            errors["registered_on"] = [_("Give the date the appeal was registered.")]
        elif registered_on > today:
            errors["registered_on"] = [_("The registration date cannot be in the future.")]
        elif registered_on < today - timedelta(days=366):
            errors["registered_on"] = [_("The registration date is more than a year ago.")]
        if errors:
            raise ValidationError(errors)
        assert registered_on is not None
        appeal.registration_number = registration_number.strip()[:100]
        appeal.status = Appeal.Status.SENT
        start_clock(appeal, registered_on)
        appeal.save()
        record_appeal(appeal, "appeal:recorded", actor=actor)
        save_scans(images=scans, visibility=scans_visibility, appeal=appeal)
        emit(AppealSent.of(appeal, delivery=delivery, actor=appeal_actor(appeal, actor)))
        return appeal
    if delivery != Appeal.Delivery.DAUYS:
        raise ValidationError({"delivery": [_("Choose how the appeal is sent.")]})
    if scans:
        raise ValidationError(
            {"scans": [_("Scans are for an appeal you sent yourself; Dauys keeps the message it sends.")]}
        )
    if not appeal.addressee_email:
        raise ValidationError(
            {"delivery": [_("Dauys has no public e-mail address for this authority: send it yourself and record it.")]}
        )
    if signed and applicant_of(appeal.subject_author) is None:
        raise ValidationError(
            {"signed": [_("Give your name and address for appeals first, or send the appeal without them.")]}
        )
    appeal.signed = signed
    appeal.status = Appeal.Status.QUEUED
    appeal.save()
    record_appeal(appeal, "appeal:queued", actor=actor)
    emit(AppealQueued.of(appeal, actor=appeal_actor(appeal, actor)))
    return appeal


@transaction.atomic
def appeal_mark_sent(*, appeal: Appeal, sent_on: date, message: str, signed: bool | None = None) -> Appeal:
    """The worker delivered a queued appeal by e-mail: keep the message (the public text: never the applicant's
    details) and start the clock. ``signed`` False: the author's details were gone when it was sent."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("authority__response_rule").get(pk=appeal.pk)
    if appeal.status != Appeal.Status.QUEUED:
        return appeal  # a retried delivery task: sent already
    states.check_appeal(appeal.status, Appeal.Status.SENT)
    appeal.status = Appeal.Status.SENT
    appeal.message = message
    if signed is not None:
        appeal.signed = signed
    start_clock(appeal, sent_on)
    appeal.save()
    record_appeal(appeal, "appeal:sent")
    emit(AppealSent.of(appeal, delivery=appeal.delivery))
    return appeal


@transaction.atomic
def appeal_extend(
    *, appeal: Appeal, actor: User, until: date, reason: str = "", decided_on: date | None = None
) -> Appeal:
    """Record that the body extended the term (APPK Art. 76(2)): once, to at most two months in all.

    The body decides it, by a reasoned decision: its verified representative records it with the decision's date
    and reason. The applicant, told of it by letter, may record it too (the reason as the letter gives it).
    """
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("authority__response_rule", "problem")
        .get(pk=appeal.pk)
    )
    by_body = actor is not None and actor.pk != appeal.subject_author_id and is_addressee(actor, appeal)
    if actor is None or (actor.pk != appeal.subject_author_id and not by_body):
        raise PermissionDenied(
            _("Only the applicant or a verified representative of the authority can record an extension.")
        )
    if appeal.extended_until is not None:
        raise ValidationError({"until": [_("The term can be extended only once.")]})
    states.check_appeal(appeal.status, Appeal.Status.EXTENDED)
    assert appeal.registered_on is not None and appeal.deadline is not None
    longest = clock.longest_extension(appeal.authority.response_rule, appeal.registered_on)
    errors: dict[str, list[str]] = {}
    if until <= appeal.deadline:
        errors["until"] = [_("The new term must be later than the current deadline.")]
    elif until > longest:
        errors["until"] = [
            _("The law allows at most two months in all: no later than %(date)s.") % {"date": longest.isoformat()}
        ]
    if by_body and len(reason.strip()) < 5:
        errors["reason"] = [_("Give the reason the decision states (APPK Art. 76(2) asks for a reasoned decision).")]
    if decided_on is None and by_body:
        errors["decided_on"] = [_("Give the date of the decision to extend.")]
    elif decided_on is not None and decided_on > timezone.localdate():
        errors["decided_on"] = [_("The decision cannot be dated in the future.")]
    elif decided_on is not None and decided_on < appeal.registered_on:
        errors["decided_on"] = [_("The decision cannot be older than the appeal's registration.")]
    elif decided_on is not None and decided_on > appeal.deadline:
        errors["decided_on"] = [_("A term is extended before it ends: the decision is dated after the deadline.")]
    if errors:
        raise ValidationError(errors)
    appeal.status = Appeal.Status.EXTENDED
    appeal.extended_until = until
    appeal.save()
    facts = {"until": until.isoformat(), "reason": reason.strip()[:2000], "by_body": by_body}
    if decided_on is not None:
        facts["decided_on"] = decided_on.isoformat()
    record_appeal(appeal, "appeal:extended", actor=actor, **facts)
    emit(AppealExtended.of(appeal, extended_until=until.isoformat(), actor=appeal_actor(appeal, actor)))
    return appeal


def complaint_target(appeal: Appeal) -> Authority | None:
    """The higher body a complaint about ``appeal`` goes to, or None if there is none that considers complaints."""
    parent = appeal.authority.parent
    if parent is None or not parent.is_active or not parent.accepts_complaints:
        return None
    return parent


def complaint_text(appeal: Appeal) -> str:
    """The pre-filled text of a complaint, citing the appeal and what happened."""
    if appeal.status == Appeal.Status.OVERDUE:
        what = _(
            "No decision was taken by the deadline of %(deadline)s, which under Article 91(2) of the Administrative "
            "Procedural and Process Code counts as a refusal."
        ) % {"deadline": appeal.effective_deadline.isoformat() if appeal.effective_deadline else "—"}
    else:
        what = _("The answer received does not decide the problem on its substance.")
    return _(
        "Complaint about the handling of appeal %(reference)s (registration number %(number)s of %(registered)s) "
        "by %(authority)s, concerning: %(title)s.\n\n%(what)s\n\nI ask you to consider this complaint under "
        "Articles 91–92 of the Administrative Procedural and Process Code of the Republic of Kazakhstan and to "
        "ensure a decision on the substance."
    ) % {
        "reference": appeal.reference,
        "number": appeal.registration_number or "—",
        "registered": appeal.registered_on.isoformat() if appeal.registered_on else "—",
        "authority": appeal.authority.name,
        "title": appeal.subject_title,
        "what": what,
    }


def can_escalate(appeal: Appeal) -> bool:
    if appeal.kind == Appeal.Kind.APPEAL and appeal.complaints.exists():
        return False
    if appeal.status == Appeal.Status.OVERDUE:
        return True
    if appeal.status == Appeal.Status.ANSWERED:
        last = appeal.answers.order_by("-received_on", "-pk").first()
        if last is None:
            return False
        applicant = appeal.subject_author_id or 0
        judged_formal = last.verdicts.filter(user_id=applicant, verdict="formal").exists()
        return last.kind in COMPLAINABLE_ANSWERS or judged_formal
    return False


@transaction.atomic
def appeal_escalate(
    *,
    appeal: Appeal,
    actor: User | None,
    text: str = "",
    delivery: str = Appeal.Delivery.RECORDED,
    registration_number: str = "",
    registered_on: date | None = None,
) -> Appeal:
    """File the legal complaint to the higher body (APPK Art. 91). ``actor`` None: automatic escalation."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("authority__parent", "problem").get(pk=appeal.pk)
    )
    if actor is not None and actor.pk != appeal.subject_author_id:
        raise PermissionDenied(_("Only the author can escalate an appeal."))
    if not can_escalate(appeal):
        raise ValidationError(
            _("Only an overdue appeal, or one answered with a refusal or a brush-off, can be escalated.")
        )
    target = complaint_target(appeal)
    if target is None:
        raise ValidationError(_("There is no higher body that considers complaints about this authority."))
    if actor is None:
        # The automatic path files on the author's behalf through Dauys when the body has an address.
        delivery = Appeal.Delivery.DAUYS if target.email else Appeal.Delivery.RECORDED
        if delivery == Appeal.Delivery.RECORDED:
            raise ValidationError(
                _("The higher body has no public e-mail address: the complaint must be sent by hand.")
            )
    message = text.strip() or complaint_text(appeal)
    # A complaint e-mailed by Dauys is signed as the appeal was, while the author's details are still there.
    signed = delivery == Appeal.Delivery.DAUYS and appeal.signed and applicant_of(appeal.subject_author) is not None
    if appeal.problem is not None:  # the problem's own rules (it must still be open)
        complaint = appeal_create(
            problem=appeal.problem, authority=target, actor=actor, delivery=delivery,
            registration_number=registration_number, registered_on=registered_on, kind=Appeal.Kind.COMPLAINT,
            complains_about=appeal, message=message, signed=signed,
        )  # fmt: skip
    else:  # the complaint goes to the higher body itself, about the same subject
        complaint = _open(
            Appeal(subject_kind=appeal.subject_kind, subject_id=appeal.subject_id, authority=target), actor,
            delivery, registration_number, registered_on, (), "private", False, Appeal.Kind.COMPLAINT, appeal, None,
            message, signed=signed,
        )  # fmt: skip
    states.check_appeal(appeal.status, Appeal.Status.COMPLAINED)
    appeal.status = Appeal.Status.COMPLAINED
    appeal.save(update_fields=["status", "updated_at"])
    record_appeal(appeal, "appeal:escalated", actor=actor, complaint=complaint.reference, automatic=actor is None)
    emit(
        AppealEscalated.of(
            appeal, complaint_id=complaint.pk, automatic=actor is None, actor=appeal_actor(appeal, actor)
        )
    )
    return complaint
