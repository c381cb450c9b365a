"""What a body's verified representatives are told, in the site and by e-mail: an appeal arrived (sent, recorded,
redirected to it, or a complaint), a complaint about it was filed, and a deadline is three working days away."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from dauys.authorities.models import Authority, Representative
from dauys.notifications.messages import text
from dauys.notifications.models import Notification
from dauys.problems import services
from dauys.problems.models import Appeal
from dauys.problems.monitoring import monitor

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


def _clerk(make_user, body: Authority, name: str, *, verified: bool = True):  # type: ignore[no-untyped-def]
    user = make_user(name, email=f"{name.lower()}@body.example.kz")
    Representative.objects.create(user=user, authority=body, verified=verified)
    return user


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_an_appeal_that_arrives_is_told_to_the_bodys_representatives_only(  # type: ignore[no-untyped-def]
    make_user, recorded_appeal, yesil_akimat, django_capture_on_commit_callbacks
) -> None:
    ours = _clerk(make_user, yesil_akimat, "Ours")
    unverified = _clerk(make_user, yesil_akimat, "Unverified", verified=False)
    theirs = _clerk(make_user, Authority.objects.get(slug="akimat-almaty-almaly"), "Theirs")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = recorded_appeal(TODAY - timedelta(days=1))
    assert _kinds(ours) == ["inbox.arrived"] and _kinds(unverified) == _kinds(theirs) == []
    note = Notification.objects.get(user=ours)
    assert note.url == f"/en/inbox/appeals/{appeal.pk}/"
    assert note.params["title"] == appeal.of_problem.title and note.params["deadline"] == appeal.deadline.isoformat()
    sent = [m for m in mail.outbox if "ours@body.example.kz" in m.to]
    assert len(sent) == 1 and appeal.of_problem.title in sent[0].subject + sent[0].body


def test_a_complaint_is_told_to_the_body_above_and_to_the_body_complained_about(  # type: ignore[no-untyped-def]
    make_user, recorded_appeal, yesil_akimat, django_capture_on_commit_callbacks
) -> None:
    city = yesil_akimat.parent
    assert city is not None
    ours, above = _clerk(make_user, yesil_akimat, "Ours"), _clerk(make_user, city, "Above")
    appeal = recorded_appeal(TODAY - timedelta(days=40))
    Appeal.objects.filter(pk=appeal.pk).update(status="overdue", overdue_since=TODAY - timedelta(days=5))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_escalate(
            appeal=appeal, actor=appeal.of_problem.author, registration_number="Ш-1", registered_on=TODAY
        )
    assert _kinds(above) == ["inbox.complaint_arrived"]
    assert _kinds(ours) == ["inbox.complaint_about"]


def test_three_working_days_before_the_deadline_the_body_is_reminded(  # type: ignore[no-untyped-def]
    make_user, recorded_appeal, yesil_akimat, django_capture_on_commit_callbacks
) -> None:
    ours = _clerk(make_user, yesil_akimat, "Ours")
    appeal = recorded_appeal(TODAY - timedelta(days=1))
    Notification.objects.all().delete()
    assert appeal.deadline is not None
    with (
        time_machine.travel(datetime.combine(appeal.deadline - timedelta(days=3), time(9), ZoneInfo("Asia/Almaty"))),
        django_capture_on_commit_callbacks(execute=True),
    ):
        monitor()
    assert _kinds(ours) == ["inbox.deadline_soon"]
    note = Notification.objects.get(user=ours)
    assert text(note.kind, note.params) == (
        f"Office of the Akim of Yesil District, Astana must answer “{appeal.of_problem.title}” by 30 Jun 2026."
    )
