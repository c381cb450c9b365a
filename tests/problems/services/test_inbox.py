"""What a body does from its inbox besides answering (problems.services.inbox), and the extension and the answer as
its verified representative records them: each checks that the actor speaks for the body, and says what is wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.authorities.models import Authority, Representative
from dauys.problems import services
from dauys.problems.models import Answer, Appeal, TimelineEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)  # the frozen clock's day (tests/conftest.py)


@pytest.fixture
def clerk(make_user, yesil_akimat):  # type: ignore[no-untyped-def]
    user = make_user("Yesil_clerk")
    Representative.objects.create(user=user, authority=yesil_akimat, position="Appeals office", verified=True)
    return user


@pytest.fixture
def other_clerk(make_user):  # type: ignore[no-untyped-def]
    user = make_user("Almaly_clerk")
    body = Authority.objects.get(slug="akimat-almaty-almaly")
    Representative.objects.create(user=user, authority=body, verified=True)
    return user


def test_the_body_records_an_extension_with_its_decision(recorded_appeal, clerk, emitted) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=7))
    until = appeal.deadline + timedelta(days=10)
    names, extended = emitted(
        services.appeal_extend,
        appeal=appeal,
        actor=clerk,
        until=until,
        reason="An inspection of the road is needed.",
        decided_on=TODAY,
    )
    assert names == ["appeal.extended"]
    assert (extended.status, extended.extended_until) == ("extended", until)
    line = TimelineEvent.objects.get(kind="appeal:extended")
    assert line.actor == clerk and line.data["decided_on"] == TODAY.isoformat() and line.data["by_body"] is True


def test_the_bodys_extension_needs_a_reasoned_dated_decision(recorded_appeal, clerk) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=7))
    with pytest.raises(ValidationError) as exc:
        services.appeal_extend(appeal=appeal, actor=clerk, until=appeal.deadline + timedelta(days=5), reason="")
    assert set(exc.value.message_dict) == {"reason", "decided_on"}
    for decided_on, field in (
        (TODAY + timedelta(days=1), "The decision cannot be dated in the future."),
        (TODAY - timedelta(days=30), "The decision cannot be older than the appeal's registration."),
    ):
        with pytest.raises(ValidationError) as exc:
            services.appeal_extend(
                appeal=appeal,
                actor=clerk,
                until=appeal.deadline + timedelta(days=5),
                reason="Inspection needed.",
                decided_on=decided_on,
            )
        assert exc.value.message_dict["decided_on"] == [field]
    assert Appeal.objects.get(pk=appeal.pk).status == "sent"


def test_another_bodys_representative_can_do_nothing(recorded_appeal, other_clerk, make_user) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=7))
    until = appeal.deadline + timedelta(days=5)
    unverified = make_user("Not_yet")
    Representative.objects.create(user=unverified, authority=appeal.authority, verified=False)
    for actor in (other_clerk, unverified):
        with pytest.raises(PermissionDenied):
            services.appeal_extend(appeal=appeal, actor=actor, until=until, reason="Because.", decided_on=TODAY)
        with pytest.raises(PermissionDenied):
            services.appeal_work_started(appeal=appeal, actor=actor)
        with pytest.raises(PermissionDenied):
            services.appeal_assign(appeal=appeal, actor=actor, assignee=None)
        with pytest.raises(PermissionDenied):
            services.answer_record(appeal=appeal, actor=actor, kind="substantive", text="Done.", received_on=TODAY)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.work_started_on, appeal.answers.count()) == ("sent", None, 0)


def test_work_started_is_a_public_line_once_and_no_change_of_state(recorded_appeal, clerk, emitted) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=2))
    names, started = emitted(services.appeal_work_started, appeal=appeal, actor=clerk, note="A crew is on its way.")
    assert names == ["appeal.work_started"]
    assert (started.status, started.work_started_on) == ("sent", TODAY)
    assert TimelineEvent.objects.get(kind="appeal:work_started").data == {"note": "A crew is on its way."}
    with pytest.raises(ValidationError, match="marked as started already"):
        services.appeal_work_started(appeal=appeal, actor=clerk)


def test_an_answer_by_the_body_is_from_its_inbox(recorded_appeal, clerk) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=2))
    answer = services.answer_record(
        appeal=appeal, actor=clerk, kind="substantive", text="The road is repaired.", received_on=TODAY
    )
    assert (answer.by_representative, answer.via) == (True, Answer.Via.INBOX)
    copied = services.answer_record(
        appeal=recorded_appeal(TODAY - timedelta(days=2)),
        actor=appeal.of_problem.author,
        kind="formal",
        text="Considered.",
        received_on=TODAY,
    )
    assert (copied.by_representative, copied.via) == (False, Answer.Via.AUTHOR)
    with pytest.raises(ValueError, match="not a way"):
        services.answer_record(
            appeal=recorded_appeal(TODAY - timedelta(days=1)),
            actor=clerk,
            kind="substantive",
            text="x" * 3,
            received_on=TODAY,
            via="pigeon",
        )


def test_assigning_to_a_colleague_only(recorded_appeal, clerk, other_clerk, make_user, yesil_akimat, emitted) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(TODAY - timedelta(days=2))
    colleague = make_user("Yesil_colleague")
    Representative.objects.create(user=colleague, authority=yesil_akimat, verified=True)
    names, assigned = emitted(services.appeal_assign, appeal=appeal, actor=clerk, assignee=colleague)
    assert names == ["appeal.assigned"] and assigned.assignee == colleague
    assert emitted(services.appeal_assign, appeal=appeal, actor=clerk, assignee=colleague)[0] == []  # no change
    with pytest.raises(ValidationError) as exc:
        services.appeal_assign(appeal=appeal, actor=clerk, assignee=other_clerk)
    assert exc.value.message_dict == {"assignee": ["Choose a verified representative of the same authority."]}
    assert Appeal.objects.get(pk=appeal.pk).assignee == colleague


def test_the_registration_number_of_an_appeal_dauys_sent(make_problem, yesil_akimat, clerk, emitted) -> None:  # type: ignore[no-untyped-def]
    yesil_akimat.email = "appeals@yesil.example.kz"
    yesil_akimat.email_source = "https://yesil.example.kz/contacts"
    yesil_akimat.save()
    problem = make_problem()
    appeal = services.appeal_create(problem=problem, authority=yesil_akimat, actor=problem.author, delivery="dauys")
    appeal.refresh_from_db()
    assert appeal.status == "sent" and appeal.registration_number == ""  # the worker ran (tests run tasks at once)
    with pytest.raises(ValidationError) as exc:
        services.appeal_note_registration(appeal=appeal, actor=clerk, number=" ", registered_on=TODAY + timedelta(1))
    assert set(exc.value.message_dict) == {"number", "registered_on"}
    names, noted = emitted(
        services.appeal_note_registration, appeal=appeal, actor=clerk, number="ЖТ-2026-777", registered_on=TODAY
    )
    assert names == ["appeal.registered"]
    assert (noted.registration_number, noted.registration_noted_on, noted.deadline) == (
        "ЖТ-2026-777",
        TODAY,
        appeal.deadline,  # the clock does not move
    )
    with pytest.raises(ValidationError, match="has its registration number already"):
        services.appeal_note_registration(appeal=appeal, actor=clerk, number="2", registered_on=TODAY)


def test_a_recorded_appeal_has_its_number_already(recorded_appeal, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="Only an appeal Dauys has e-mailed"):
        services.appeal_note_registration(appeal=recorded_appeal(TODAY), actor=clerk, number="1", registered_on=TODAY)
