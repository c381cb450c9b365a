"""Answers: their kinds, who may record them, redirects, readers' verdicts; each write emits one event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.authorities.models import Authority
from dauys.problems import services
from dauys.problems.models import Appeal, Promise

pytestmark = pytest.mark.django_db


def test_answer_kinds(recorded_appeal, make_user) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=5))
    author = appeal.problem.author
    with pytest.raises(ValidationError) as info:
        services.answer_record(appeal=appeal, actor=author, kind="promise", text="We will", received_on=today)
    assert "promise_due_on" in info.value.message_dict
    answer = services.answer_record(
        appeal=appeal,
        actor=author,
        kind="promise",
        text="Will be fixed",
        received_on=today,
        promise_due_on=today + timedelta(days=30),
    )
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.answered_on == today
    assert Promise.objects.get(answer=answer).status == "pending"
    with pytest.raises(PermissionDenied):
        services.answer_record(appeal=appeal, actor=make_user("Nobody"), kind="formal", text="x y", received_on=today)


def test_verified_representative_posts_the_official_answer(recorded_appeal, make_user, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Representative

    rep = make_user("Akim_Office")
    Representative.objects.create(user=rep, authority=yesil_akimat, verified=True)
    appeal = recorded_appeal(date.today() - timedelta(days=3))
    answer = services.answer_record(
        appeal=appeal, actor=rep, kind="substantive", text="Repairs on Monday.", received_on=date.today()
    )
    assert answer.by_representative


def test_redirect_opens_a_new_appeal_with_its_own_clock(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=2))
    ministry = Authority.objects.get(slug="ministry-of-transport")
    services.answer_record(
        appeal=appeal,
        actor=appeal.problem.author,
        kind="redirect",
        text="Sent on",
        received_on=today,
        redirect_to=ministry,
    )
    appeal.refresh_from_db()
    new = Appeal.objects.get(redirected_from=appeal)
    assert appeal.status == "redirected"
    assert new.authority == ministry and new.status == "sent" and new.deadline > today


def test_recording_judging_and_the_fix_question_emit_one_event_each(recorded_appeal, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=4))
    author = appeal.problem.author
    names, answer = emitted(
        services.answer_record, appeal=appeal, actor=author, kind="substantive", text="Patched.", received_on=today
    )
    assert names == ["answer.recorded"]
    names, verdict = emitted(services.answer_judge, answer=answer, actor=make_user("Reader"), verdict="formal")
    assert names == ["answer.judged"] and verdict.verdict == "formal"
    with pytest.raises(ValidationError):
        services.answer_judge(answer=answer, actor=author, verdict="great")
    names, problem = emitted(services.fix_answer, answer=answer, fixed=False)
    assert names == ["problem.fix_answered"] and problem.status == "open"
    # "Fixed" resolves the problem: the change of status is an event of its own, before the reply's.
    names, problem = emitted(services.fix_answer, answer=answer, fixed=True)
    assert names == ["problem.status_changed", "problem.fix_answered"] and problem.status == "resolved"


def test_a_promise_dated_before_the_answer_says_so(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        services.answer_record(
            appeal=appeal,
            actor=appeal.problem.author,
            kind="promise",
            text="We will fix it",
            received_on=today,
            promise_due_on=today - timedelta(days=1),
        )
    assert refused.value.message_dict["promise_due_on"] == [
        f"A promise is for later: its date cannot be before the answer was received ({today.isoformat()})."
    ]
