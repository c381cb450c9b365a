"""Services of public control: each validates, writes in one transaction and emits one event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.authorities.models import Authority
from dauys.core.events import record_events
from dauys.problems import services
from dauys.problems.models import Appeal, Problem, Promise, Support, TimelineEvent

pytestmark = pytest.mark.django_db


def test_draft_then_publish_emits_one_event_each(make_problem, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = make_problem(publish=False)
    assert [e.name for e in seen] == ["problem.drafted"]
    assert problem.status == "draft" and problem.published_at is None
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_publish(problem=problem, actor=problem.author)
    assert [e.name for e in seen] == ["problem.published"]
    assert problem.status == "open" and problem.published_at is not None
    assert "<p>Deep potholes" in problem.body_html


def test_double_submission_creates_one_problem(author, astana_yesil) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.models import Category

    data = services.ProblemInput(
        title="Broken bench",
        body="The bench in the park is broken.",
        category=Category.objects.get(slug="other"),
        place=astana_yesil,
    )
    first = services.problem_draft(author=author, data=data, submission_key="k1")
    again = services.problem_draft(author=author, data=data, submission_key="k1")
    assert first.pk == again.pk
    assert Problem.objects.filter(author=author).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "abc"}, "title", "at least 5 characters"),
        ({"body": "short"}, "body", "at least 10 characters"),
        ({"latitude": 48.0}, "latitude", "both latitude and longitude"),
        ({"latitude": 10.0, "longitude": 10.0}, "latitude", "not in Kazakhstan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(make_problem, overrides, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_problem(publish=False, **overrides)
    assert message in " ".join(info.value.message_dict[field])
    assert Problem.objects.count() == 0


def test_blurred_location_stores_only_the_blurred_point(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem(latitude=51.128207, longitude=71.430420, blur_location=True)
    assert (problem.latitude, problem.longitude) != (51.128207, 71.430420)
    assert abs(problem.latitude - 51.128207) < 0.005 and abs(problem.longitude - 71.430420) < 0.008
    neighbour = make_problem(latitude=51.128300, longitude=71.430500, blur_location=True)
    assert (neighbour.latitude, neighbour.longitude) == (problem.latitude, problem.longitude)


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
    ],
)
def test_recorded_appeal_needs_number_and_a_past_date(make_problem, yesil_akimat, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    data = {"registration_number": "N-1", "registered_on": date.today()} | kwargs
    with pytest.raises(ValidationError) as info:
        services.appeal_create(
            problem=problem, authority=yesil_akimat, actor=problem.author, delivery="recorded", **data
        )
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


def test_escalation_files_a_complaint_to_the_higher_body(recorded_appeal, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.monitoring import monitor

    with time_machine.travel(date(2026, 3, 20), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
    with time_machine.travel(date(2026, 4, 10), tick=False):
        monitor()
        appeal.refresh_from_db()
        assert appeal.status == "overdue" and appeal.overdue_since == date(2026, 4, 10)
        with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
            complaint = services.appeal_escalate(
                appeal=appeal, actor=appeal.problem.author, registration_number="C-1", registered_on=date(2026, 4, 10)
            )
    assert "appeal.escalated" in [e.name for e in seen]
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


def test_supports_count_rows_and_are_idempotent(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    users = [make_user(f"Supporter {i}") for i in range(3)]
    for user in users:
        assert services.support_set(problem=problem, user=user, supported=True).count >= 1
    assert services.support_set(problem=problem, user=users[0], supported=True).count == 3  # a double click
    assert services.support_set(problem=problem, user=users[1], supported=False).count == 2
    assert services.support_set(problem=problem, user=users[1], supported=False).count == 2
    problem.refresh_from_db()
    assert problem.supports_count == Support.objects.filter(problem=problem).count() == 2


def test_resolving_keeps_pending_promises(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=3))
    author = appeal.problem.author
    services.answer_record(
        appeal=appeal,
        actor=author,
        kind="promise",
        text="Soon",
        received_on=today,
        promise_due_on=today + timedelta(days=9),
    )
    services.problem_set_status(problem=appeal.problem, actor=author, status="resolved")
    assert Promise.objects.get().status == "kept"


def test_reopening_needs_evidence_and_anyone_signed_in_may_do_it(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    services.problem_set_status(problem=problem, actor=problem.author, status="resolved")
    neighbour = make_user("Neighbour")
    with pytest.raises(ValidationError):
        services.problem_set_status(problem=problem, actor=neighbour, status="open")
    problem = services.problem_set_status(
        problem=problem, actor=neighbour, status="open", reason="Still broken on 1 May."
    )
    assert problem.status == "open"
    assert TimelineEvent.objects.filter(problem=problem, kind="status:open").exists()


def test_only_a_moderator_removes_a_problem_or_brings_it_back(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    problem = make_problem()
    neighbour, moderator = make_user("Neighbour"), make_user("Moderator")
    moderator.is_staff = True
    moderator.save()
    for actor in (neighbour, problem.author, None):
        with pytest.raises(PermissionDenied):
            services.problem_set_status(problem=problem, actor=actor, status="removed")
    problem = services.problem_set_status(problem=problem, actor=moderator, status="removed")
    assert problem.status == "removed"
    # Its author still sees it, but cannot bring it back by "reopening" it, through the service or the page.
    with pytest.raises(PermissionDenied):
        services.problem_set_status(problem=problem, actor=problem.author, status="open", reason="Please")
    client = Client()
    client.force_login(problem.author)
    response = client.post(f"/en/problems/{problem.pk}/status/", {"status": "open", "reason": "Please"})
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "removed"
    problem = services.problem_set_status(problem=problem, actor=moderator, status="open", reason="Removed by mistake")
    assert problem.status == "open"


def test_filing_drafts_and_publishes_in_one_transaction(  # type: ignore[no-untyped-def]
    author, astana_yesil, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from dauys.problems.models import Category
    from dauys.problems.services import problems as filing

    data = services.ProblemInput(
        title="No light in the underpass",
        body="The underpass near the station has had no light for a month.",
        category=Category.objects.get(slug="roads"),
        place=astana_yesil,
    )
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_file(author=author, data=data, publish=True, submission_key="k1")
        again = services.problem_file(author=author, data=data, publish=True, submission_key="k1")  # resent
    assert problem.status == "open" and again.pk == problem.pk
    assert [e.name for e in seen] == ["problem.drafted", "problem.published"]

    def fails(**kwargs: object) -> None:
        raise RuntimeError("the database went away while publishing")

    monkeypatch.setattr(filing, "problem_publish", fails)
    with pytest.raises(RuntimeError):
        services.problem_file(author=author, data=data, publish=True, submission_key="k2")
    assert not Problem.objects.filter(submission_key="k2").exists()  # no draft left half-filed
