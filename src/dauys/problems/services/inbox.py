"""What a body does from its inbox besides answering: says work has started, notes its registration number, and
gives an appeal to a colleague. Answers, extensions and redirections are the services every side shares
(``answers.answer_record``, ``appeals.appeal_extend``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.authorities.models import Representative
from dauys.core.events import emit
from dauys.problems.events import AppealAssigned, AppealRegistered, AppealWorkStarted
from dauys.problems.models import Appeal
from dauys.problems.services.scans import is_addressee
from dauys.problems.services.timeline import appeal_actor, record_appeal


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update(of=("self",)).select_related("problem", "authority").get(pk=appeal.pk)


def _as_the_body(actor: User | None, appeal: Appeal) -> None:
    if actor is None or not is_addressee(actor, appeal):
        raise PermissionDenied(
            _("Only a verified representative of %(authority)s can do this.") % {"authority": appeal.authority.name}
        )


@transaction.atomic
def appeal_work_started(*, appeal: Appeal, actor: User, note: str = "") -> Appeal:
    """The body says it has started work: a line of the appeal's public history; its state does not change."""
    appeal = _locked(appeal)
    _as_the_body(actor, appeal)
    if not appeal.awaits_answer:
        raise ValidationError(_("Only an appeal that awaits the answer can be marked as in work."))
    if appeal.work_started_on is not None:
        raise ValidationError(_("Work on this appeal was marked as started already."))
    appeal.work_started_on = timezone.localdate()
    appeal.save(update_fields=["work_started_on", "updated_at"])
    note = note.strip()[:500]
    record_appeal(appeal, "appeal:work_started", actor=actor, note=note)
    emit(AppealWorkStarted.of(appeal, note=note, actor=appeal_actor(appeal, actor)))
    return appeal


@transaction.atomic
def appeal_note_registration(*, appeal: Appeal, actor: User, number: str, registered_on: date) -> Appeal:
    """The body's registration number for an appeal Dauys e-mailed (given by the body, or by the applicant who got
    it by letter). The clock does not move: it runs from the day Dauys sent the appeal."""
    appeal = _locked(appeal)
    if actor is None or (actor.pk != appeal.subject_author_id and not is_addressee(actor, appeal)):
        raise PermissionDenied(
            _("Only the applicant or a verified representative of the authority can give its registration number.")
        )
    errors: dict[str, list[str]] = {}
    if appeal.delivery != Appeal.Delivery.DAUYS or appeal.status == Appeal.Status.QUEUED:
        raise ValidationError(_("Only an appeal Dauys has e-mailed waits for the body's registration number."))
    if appeal.registration_number:
        raise ValidationError(_("This appeal has its registration number already."))
    if not number.strip():
        errors["number"] = [_("Give the registration number the authority assigned.")]
    today = timezone.localdate()
    if registered_on > today:
        errors["registered_on"] = [_("The registration date cannot be in the future.")]
    elif registered_on < timezone.localdate(appeal.created_at):
        errors["registered_on"] = [_("The appeal cannot have been registered before Dauys sent it.")]
    if errors:
        raise ValidationError(errors)
    appeal.registration_number = number.strip()[:100]
    appeal.registration_noted_on = today
    appeal.save(update_fields=["registration_number", "registration_noted_on", "updated_at"])
    record_appeal(
        appeal, "appeal:registered", actor=actor, number=appeal.registration_number, on=registered_on.isoformat()
    )
    emit(AppealRegistered.of(appeal, registration_number=appeal.registration_number, actor=appeal_actor(appeal, actor)))
    return appeal


@transaction.atomic
def appeal_assign(*, appeal: Appeal, actor: User, assignee: User | None) -> Appeal:
    """Give the appeal to a colleague of the same body (None: to nobody in particular)."""
    appeal = _locked(appeal)
    _as_the_body(actor, appeal)
    if (
        assignee is not None
        and not Representative.objects.filter(user=assignee, authority_id=appeal.authority_id, verified=True).exists()
    ):
        raise ValidationError({"assignee": [_("Choose a verified representative of the same authority.")]})
    if appeal.assignee_id != (assignee.pk if assignee else None):
        appeal.assignee = assignee
        appeal.save(update_fields=["assignee", "updated_at"])
        emit(AppealAssigned.of(appeal, assignee_id=assignee.pk if assignee else None))
    return appeal
