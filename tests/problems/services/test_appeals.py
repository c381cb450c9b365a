"""Appeals and their legal clock: recorded or delivered by Dauys, extended, escalated; each write emits one event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.authorities.models import Authority
from dauys.problems import services
from dauys.problems.models import Appeal

pytestmark = pytest.mark.django_db


def test_recorded_appeal_starts_the_clock_from_its_registration(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 3, 20), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
    assert appeal.status == "sent"
    assert appeal.registered_on == date(2026, 3, 16)
    assert appeal.answer_working_days == 15
    assert appeal.deadline == date(2026, 4, 9)


def test_appeal_received_on_a_holiday_is_registered_the_next_working_day(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 4, 1), tick=False):
        appeal = recorded_appeal(date(2026, 3, 22))  # Sunday, Nauryz
    assert appeal.registered_on == date(2026, 3, 26)


def test_stored_deadline_does_not_move_when_the_rule_changes(recorded_appeal, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today() - timedelta(days=2))
    rule = yesil_akimat.response_rule
    rule.answer_working_days = 5
    rule.save()
    appeal.refresh_from_db()
    assert appeal.answer_working_days == 15


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"registration_number": ""}, "registration_number"),
        ({"registered_on": None}, "registered_on"),
        ({"registered_on": date.today() + timedelta(days=1)}, "registered_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"channel": "paper", "delivery": "dauys"}, "channel"),  # the channel of an appeal Dauys e-mails is Dauys
    ],
)
def test_recorded_appeal_needs_number_and_a_past_date(make_problem, yesil_akimat, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    data = {"registration_number": "N-1", "registered_on": date.today(), "delivery": "recorded"} | kwargs
    with pytest.raises(ValidationError) as info:
        services.appeal_create(problem=problem, authority=yesil_akimat, actor=problem.author, **data)
    assert field in info.value.message_dict
    assert not Appeal.objects.exists()


def test_only_the_author_addresses_the_problem(make_problem, yesil_akimat, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    with pytest.raises(PermissionDenied):
        services.appeal_create(
            problem=problem,
            authority=yesil_akimat,
            actor=make_user("Stranger"),
            delivery="recorded",
            registration_number="1",
            registered_on=date.today(),
        )


def test_delivery_by_dauys_needs_an_address_then_emails_and_starts_the_clock(
    make_problem, yesil_akimat, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    with pytest.raises(ValidationError, match="no public e-mail address"):
        services.appeal_create(problem=problem, authority=yesil_akimat, actor=problem.author, delivery="dauys")
    yesil_akimat.email = "appeals@yesil.example.kz"
    yesil_akimat.save()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_create(problem=problem, authority=yesil_akimat, actor=problem.author, delivery="dauys")
    appeal.refresh_from_db()
    assert appeal.status == "sent" and appeal.deadline is not None
    assert mail.outbox[-1].to == ["appeals@yesil.example.kz"]
    assert appeal.reference in mail.outbox[-1].subject
    assert appeal.message and problem.title in appeal.message


def test_extension_once_and_within_two_months(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 3, 20), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
        actor = appeal.problem.author
        with pytest.raises(ValidationError, match="at most two months"):
            services.appeal_extend(appeal=appeal, actor=actor, until=date(2026, 5, 17))
        with pytest.raises(ValidationError, match="later than the current deadline"):
            services.appeal_extend(appeal=appeal, actor=actor, until=date(2026, 4, 9))
        appeal = services.appeal_extend(appeal=appeal, actor=actor, until=date(2026, 5, 16))
        assert appeal.status == "extended" and appeal.effective_deadline == date(2026, 5, 16)
        with pytest.raises(ValidationError, match="only once"):
            services.appeal_extend(appeal=appeal, actor=actor, until=date(2026, 5, 15))


def test_escalation_files_a_complaint_to_the_higher_body(recorded_appeal, emitted) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.monitoring import monitor

    with time_machine.travel(date(2026, 3, 20), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
    with time_machine.travel(date(2026, 4, 10), tick=False):
        monitor()
        appeal.refresh_from_db()
        assert appeal.status == "overdue" and appeal.overdue_since == date(2026, 4, 10)
        names, complaint = emitted(
            services.appeal_escalate,
            appeal=appeal,
            actor=appeal.problem.author,
            registration_number="C-1",
            registered_on=date(2026, 4, 10),
        )
    assert names == [
        "appeal.sent",
        "appeal.escalated",
    ]  # the complaint is an appeal of its own, sent to the higher body
    appeal.refresh_from_db()
    assert appeal.status == "complained"
    assert complaint.kind == "complaint" and complaint.complains_about == appeal
    assert complaint.authority.slug == "akimat-astana"
    assert complaint.answer_working_days == 20
    assert "deemed" not in complaint.message.lower() or "91(2)" in complaint.message
    assert appeal.reference in complaint.message


def test_no_complaint_to_a_body_that_does_not_consider_them(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    government_child = Authority.objects.get(slug="akimat-astana")  # its parent is the Government (Art. 91(3))
    with time_machine.travel(date(2026, 3, 20), tick=False):
        appeal = services.appeal_create(
            problem=problem,
            authority=government_child,
            actor=problem.author,
            delivery="recorded",
            registration_number="1",
            registered_on=date(2026, 3, 16),
        )
    with time_machine.travel(date(2026, 4, 10), tick=False):
        from dauys.problems.monitoring import monitor

        monitor()
        with pytest.raises(ValidationError, match="no higher body"):
            services.appeal_escalate(
                appeal=appeal, actor=problem.author, registration_number="2", registered_on=date(2026, 4, 10)
            )


def test_each_step_of_the_clock_emits_one_event(make_problem, yesil_akimat, emitted) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    with time_machine.travel(date(2026, 3, 20), tick=False):
        names, recorded = emitted(
            services.appeal_create,
            problem=problem,
            authority=yesil_akimat,
            actor=problem.author,
            delivery="recorded",
            registration_number="N-7",
            registered_on=date(2026, 3, 16),
        )
        assert names == ["appeal.sent"]
        names, extended = emitted(
            services.appeal_extend, appeal=recorded, actor=problem.author, until=date(2026, 5, 15), reason="Art. 76(2)"
        )
        assert names == ["appeal.extended"] and extended.status == "extended"
        yesil_akimat.email = "appeals@yesil.example.kz"
        yesil_akimat.save()
        names, queued = emitted(
            services.appeal_create,
            problem=make_problem(),
            authority=yesil_akimat,
            actor=problem.author,
            delivery="dauys",
        )
    # Delivery is a task run once the appeal is committed; in tests it runs at once, and its write is the second event.
    assert names == ["appeal.queued", "appeal.sent"]
    queued.refresh_from_db()
    assert queued.status == "sent" and len(mail.outbox) == 1
    names, again = emitted(services.appeal_mark_sent, appeal=queued, sent_on=date(2026, 3, 20), message="resent")
    assert names == [] and again.message != "resent"  # a retried delivery changes nothing
