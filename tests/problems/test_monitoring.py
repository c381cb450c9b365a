"""Regular monitoring is idempotent and catches up after downtime (frozen clock)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dauys.notifications.models import Notification
from dauys.problems import services
from dauys.problems.models import Appeal, Problem, Promise, TimelineEvent
from dauys.problems.monitoring import monitor

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY)


def snapshot() -> tuple:
    return (
        sorted(Appeal.objects.values_list("pk", "status", "reminded_before_at", "reminded_overdue_at")),
        sorted(Promise.objects.values_list("pk", "status")),
        sorted(Problem.objects.values_list("pk", "status")),
        TimelineEvent.objects.count(),
        Notification.objects.count(),
    )


def test_a_second_pass_at_the_same_moment_changes_nothing(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        recorded_appeal(date(2026, 3, 16))
    with time_machine.travel(at(date(2026, 4, 10)), tick=False):
        first = monitor()
        before = snapshot()
        second = monitor()
        assert snapshot() == before
    assert first.overdue == 1 and second.overdue == 0 and second.reminded == 0


def test_reminder_three_working_days_before_the_deadline(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))  # due 9 April
    with time_machine.travel(at(date(2026, 4, 3)), tick=False):  # Friday: 3 working days before is 6 April
        assert monitor().reminded == 0
    with time_machine.travel(at(date(2026, 4, 6)), tick=False):
        assert monitor().reminded == 1
        assert monitor().reminded == 0
    assert Notification.objects.filter(user=appeal.problem.author, kind="appeal.deadline_soon").count() == 1


def test_a_pass_after_downtime_catches_up(recorded_appeal, make_problem) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 1, 12)), tick=False):
        early = recorded_appeal(date(2026, 1, 12))
        promised = recorded_appeal(date(2026, 1, 12), problem=make_problem())
    with time_machine.travel(at(date(2026, 2, 2)), tick=False):
        later = recorded_appeal(date(2026, 2, 2), problem=make_problem())
    with time_machine.travel(at(date(2026, 1, 20)), tick=False):
        services.answer_record(
            appeal=promised,
            actor=promised.problem.author,
            kind="promise",
            text="By February",
            received_on=date(2026, 1, 20),
            promise_due_on=date(2026, 2, 1),
        )
    # The worker was down from 12 January to 1 April: one pass settles everything that fell due.
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        report = monitor()
    assert report.overdue == 2  # early and later; the promised one was answered
    assert report.promises_broken == 1
    early.refresh_from_db()
    later.refresh_from_db()
    assert early.overdue_since == early.deadline + timedelta(days=1)
    assert later.status == "overdue"
    assert Promise.objects.get().status == "broken"
    assert report.fix_asked == 1  # the promise was received more than four weeks ago


def test_extended_appeal_is_overdue_only_after_the_extension(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
        services.appeal_extend(appeal=appeal, actor=appeal.problem.author, until=date(2026, 5, 4))
    with time_machine.travel(at(date(2026, 4, 20)), tick=False):
        assert monitor().overdue == 0
    with time_machine.travel(at(date(2026, 5, 5)), tick=False):
        assert monitor().overdue == 1


def test_automatic_escalation_where_the_author_opted_in(recorded_appeal, yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    parent = yesil_akimat.parent
    parent.email = "complaints@astana.example.kz"
    parent.save()
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16), auto_escalate=True)
    with time_machine.travel(at(date(2026, 4, 10)), tick=False):
        report = monitor()
    assert report.escalated == 1
    appeal.refresh_from_db()
    assert appeal.status == "complained"
    complaint = Appeal.objects.get(complains_about=appeal)
    assert complaint.authority == parent and complaint.kind == "complaint"


def test_undisputed_resolved_answer_resolves_after_14_days(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
        services.answer_record(
            appeal=appeal, actor=appeal.problem.author, kind="resolved", text="Done", received_on=date(2026, 3, 17)
        )
    with time_machine.travel(at(date(2026, 3, 30)), tick=False):
        assert monitor().auto_resolved == 0
    with time_machine.travel(at(date(2026, 3, 31)), tick=False):
        assert monitor().auto_resolved == 1
    assert Problem.objects.get(pk=appeal.problem_id).status == "resolved"


def test_a_disputed_resolved_answer_is_not_auto_resolved(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))
        answer = services.answer_record(
            appeal=appeal, actor=appeal.problem.author, kind="resolved", text="Done", received_on=date(2026, 3, 17)
        )
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        services.fix_answer(answer=answer, fixed=False)
    with time_machine.travel(at(date(2026, 4, 30)), tick=False):
        assert monitor().auto_resolved == 0


def test_authority_is_reminded_of_an_appeal_dauys_delivered(
    make_problem, yesil_akimat, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    yesil_akimat.email = "appeals@yesil.example.kz"
    yesil_akimat.save()
    with time_machine.travel(at(date(2026, 3, 16)), tick=False):
        problem = make_problem()
        with django_capture_on_commit_callbacks(execute=True):
            services.appeal_create(problem=problem, authority=yesil_akimat, actor=problem.author, delivery="dauys")
    appeal = Appeal.objects.get()
    assert appeal.deadline == date(2026, 4, 9)
    mail.outbox.clear()
    with time_machine.travel(at(date(2026, 4, 6)), tick=False), django_capture_on_commit_callbacks(execute=True):
        monitor()
    reminders = [m for m in mail.outbox if m.to == ["appeals@yesil.example.kz"]]
    assert len(reminders) == 1
    assert "2026-04-09" in reminders[0].body and appeal.reference in reminders[0].subject


def test_an_extended_appeal_is_reminded_before_the_extension_not_the_first_deadline(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))  # due 9 April
        services.appeal_extend(appeal=appeal, actor=appeal.problem.author, until=date(2026, 5, 4))
    with time_machine.travel(at(date(2026, 4, 6)), tick=False):  # 3 working days before the first deadline
        assert monitor().reminded == 0
    with time_machine.travel(at(date(2026, 4, 29)), tick=False):  # 3 working days before 4 May
        assert monitor().reminded == 1


def test_a_formal_verdict_disputes_a_resolved_answer_and_two_answers_resolve_once(recorded_appeal, make_user) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        disputed = recorded_appeal(date(2026, 3, 16))
        answer = services.answer_record(
            appeal=disputed, actor=disputed.problem.author, kind="resolved", text="Done", received_on=date(2026, 3, 17)
        )
        services.answer_judge(answer=answer, actor=make_user("Neighbour"), verdict="formal")
        twice = recorded_appeal(date(2026, 3, 16))
        for _ in range(2):
            services.answer_record(
                appeal=twice, actor=twice.problem.author, kind="resolved", text="Done", received_on=date(2026, 3, 17)
            )
    with time_machine.travel(at(date(2026, 4, 30)), tick=False):
        assert monitor().auto_resolved == 1
    assert Problem.objects.get(pk=disputed.problem_id).status == "open"
    assert Problem.objects.get(pk=twice.problem_id).status == "resolved"


def test_the_page_shows_the_time_left_for_a_complaint(client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        appeal = recorded_appeal(date(2026, 3, 16))  # due 9 April: deemed refused from 10 April
    with time_machine.travel(at(date(2026, 4, 10)), tick=False):
        monitor()
        page = client.get(f"/en/problems/{appeal.problem_id}/").content.decode()
    assert "can be filed until 10 Jul 2026: 91 days left (APPK Art. 92)" in page
    with time_machine.travel(at(date(2026, 7, 11)), tick=False):
        page = client.get(f"/en/problems/{appeal.problem_id}/").content.decode()
    assert "ended on 10 Jul 2026" in page
