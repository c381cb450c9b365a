from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User
from dauys.authorities.models import Authority
from dauys.core.events import emit
from dauys.core.images import ProcessedImage
from dauys.core.pdfs import ProcessedPdf
from dauys.problems import states
from dauys.problems.events import AnswerJudged, AnswerRecorded, FixAnswered
from dauys.problems.models import Answer, AnswerVerdict, Appeal, Problem, Promise, Scan
from dauys.problems.services.appeals import new_reference, start_clock
from dauys.problems.services.problems import problem_set_status
from dauys.problems.services.scans import is_addressee, save_scans
from dauys.problems.services.timeline import appeal_actor, public_actor, record, record_appeal


@transaction.atomic
def answer_record(
    *,
    appeal: Appeal,
    actor: User,
    kind: str,
    text: str,
    received_on: date,
    scans: Sequence[ProcessedImage | ProcessedPdf] = (),
    scans_visibility: str = Scan.Visibility.PRIVATE,
    promise_due_on: date | None = None,
    refusal_reason: str = "",
    redirect_to: Authority | None = None,
    via: str | None = None,
    moderator: bool = False,
) -> Answer:
    """Record the authority's answer: posted by its verified representative (in its inbox), or copied by the
    applicant, or received by e-mail (``via``; by default, where the actor stands). ``moderator``: a moderator
    publishes, in public and under their name, a reply its applicant left unreviewed (the caller has checked that
    they may: ``correspondence``)."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("problem", "authority").get(pk=appeal.pk)
    problem = appeal.problem  # None for a subject of another kind (problems.subjects)
    by_representative = is_addressee(actor, appeal)
    if via is not None and via not in Answer.Via.values:
        raise ValueError(f"not a way an answer arrives: {via!r}")
    if actor.pk != appeal.subject_author_id and not by_representative and not moderator:
        raise PermissionDenied(_("Only the author or a verified representative of the authority can post its answer."))
    errors: dict[str, list[str]] = {}
    if kind not in Answer.Kind.values:
        errors["kind"] = [_("Choose what kind of answer it is.")]
    if len(text.strip()) < 2:
        errors["text"] = [_("Copy the text of the answer (or its gist).")]
    today = timezone.localdate()
    if by_representative and via in (None, Answer.Via.INBOX) and received_on != today:
        # Posted in its inbox, the answer reaches the applicant today: a body does not date it back into its term.
        errors["received_on"] = [_("An answer posted in the inbox is dated the day it is posted.")]
    elif received_on > today:
        errors["received_on"] = [_("The date the answer was received cannot be in the future.")]
    elif appeal.registered_on and received_on < appeal.registered_on:
        errors["received_on"] = [_("The answer cannot be older than the appeal.")]
    if kind == Answer.Kind.PROMISE and promise_due_on is None:
        errors["promise_due_on"] = [_("Give the date by which the authority promised to act.")]
    elif kind == Answer.Kind.PROMISE and promise_due_on is not None and promise_due_on < received_on:
        errors["promise_due_on"] = [
            _("A promise is for later: its date cannot be before the answer was received (%(date)s).")
            % {"date": received_on.isoformat()}
        ]
    if kind == Answer.Kind.REDIRECT:
        if redirect_to is None:
            errors["redirect_to"] = [_("Choose the authority the appeal was sent on to.")]
        elif redirect_to.pk == appeal.authority_id:
            errors["redirect_to"] = [_("An appeal cannot be redirected to the same authority.")]
    if errors:
        raise ValidationError(errors)
    if appeal.status == Appeal.Status.QUEUED:
        raise ValidationError(_("This appeal has not been sent yet."))
    wanted = Appeal.Status.REDIRECTED if kind == Answer.Kind.REDIRECT else Appeal.Status.ANSWERED
    states.check_appeal(appeal.status, wanted)

    answer = Answer.objects.create(
        appeal=appeal,
        kind=kind,
        text=text.strip(),
        received_on=received_on,
        posted_by=actor,
        by_representative=by_representative,
        promise_due_on=promise_due_on if kind == Answer.Kind.PROMISE else None,
        refusal_reason=refusal_reason.strip() if kind == Answer.Kind.REFUSAL else "",
        redirect_to=redirect_to if kind == Answer.Kind.REDIRECT else None,
        via=via or (Answer.Via.INBOX if by_representative else Answer.Via.AUTHOR),
    )
    if appeal.answered_on is None:
        appeal.answered_on = received_on
    appeal.reply_received_on = None  # answered: no reply by e-mail holds the clock any more
    appeal.status = wanted
    appeal.save()
    if kind == Answer.Kind.PROMISE and problem is not None:  # a promise is kept when its problem is resolved
        assert promise_due_on is not None
        Promise.objects.create(answer=answer, problem=problem, authority=appeal.authority, due_on=promise_due_on)
    if kind == Answer.Kind.REDIRECT:
        assert redirect_to is not None
        # APPK Art. 65(1): the competent body's own term starts when it receives the appeal; the notice of
        # redirection is the best date the public has for that.
        new = Appeal(
            subject_kind=appeal.subject_kind,
            problem=problem,
            subject_id=appeal.subject_id,
            authority=redirect_to,
            kind=appeal.kind,
            redirected_from=appeal,
            delivery=appeal.delivery,
            signed=appeal.signed,  # the body passes on the letter it received, the applicant's lines included
            reference=new_reference(),
            status=Appeal.Status.SENT,
            auto_escalate=appeal.auto_escalate,
        )
        start_clock(new, received_on)
        new.save()
    record_appeal(appeal, f"answer:{kind}", actor=actor, answer=answer)
    save_scans(images=scans, visibility=scans_visibility, answer=answer)
    emit(AnswerRecorded.of(appeal, answer_id=answer.pk, kind=kind, actor=appeal_actor(appeal, actor)))
    return answer


@transaction.atomic
def answer_judge(*, answer: Answer, actor: User, verdict: str) -> AnswerVerdict:
    """A signed-in person says whether an answer was substantive or a formal brush-off (one verdict each)."""
    if verdict not in AnswerVerdict.Verdict.values:
        raise ValidationError({"verdict": [_("Choose “substantive” or “formal”.")]})
    answer = Answer.objects.select_related("appeal__problem").get(pk=answer.pk)
    problem = answer.appeal.of_problem  # verdicts are given on a problem's page
    if not problem.is_public:
        raise PermissionDenied(_("This problem is not public."))
    judged, _created = AnswerVerdict.objects.update_or_create(answer=answer, user=actor, defaults={"verdict": verdict})
    by_author = actor.pk == problem.author_id
    if by_author:
        record(problem, "answer:judged", actor=actor, answer=answer, verdict=verdict)
    # Readers' verdicts are public only as counts; the author's is shown with the answer.
    who = public_actor(problem, actor) if by_author else None
    emit(AnswerJudged(problem_id=problem.pk, answer_id=answer.pk, verdict=verdict, by_author=by_author, actor=who))
    return judged


@transaction.atomic
def fix_answer(*, answer: Answer, fixed: bool) -> Problem:
    """The author's reply to "is it fixed?" (from the signed link of the questionnaire e-mail)."""
    answer = Answer.objects.select_related("appeal__problem__author").get(pk=answer.pk)
    problem = answer.appeal.of_problem  # "is it fixed?" is asked about problems
    if fixed and problem.status == Problem.Status.OPEN:
        problem = problem_set_status(problem=problem, actor=problem.author, status=Problem.Status.RESOLVED)
    elif not fixed:
        record(problem, "fix:not_fixed", actor=problem.author, answer=answer)
    emit(
        FixAnswered(
            problem_id=problem.pk, answer_id=answer.pk, fixed=fixed, actor=public_actor(problem, problem.author)
        )
    )
    return problem
