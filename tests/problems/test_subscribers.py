"""What people hear of public control: followers of a place or an authority, the author when an answer comes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from dauys.notifications.models import Notification
from dauys.notifications.services import follow_set
from dauys.problems import services

pytestmark = pytest.mark.django_db


def test_following_a_place_and_an_authority_brings_notifications(
    client: Client, make_user, make_problem, yesil_akimat, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    watcher = make_user("Watcher", email="watcher@example.org")
    client.force_login(watcher)
    assert client.post("/en/follow/place/astana/", {"follow": "1"}).status_code == 302
    assert client.post("/en/follow/authority/akimat-astana-yesil/", {"follow": "1"}).status_code == 302
    assert "Unfollow" in client.get("/en/places/astana/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        problem = make_problem(title="Flooded underpass on Turan avenue")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_create(
            problem=problem,
            authority=yesil_akimat,
            actor=problem.author,
            delivery="recorded",
            registration_number="1",
            registered_on=date.today(),
        )
    kinds = list(Notification.objects.filter(user=watcher).values_list("kind", flat=True))
    assert kinds.count("problem.new_in_followed") == 2
    page = client.get("/ru/notifications/").content.decode()
    assert "Flooded underpass on Turan avenue" in page
    assert "Есиль" in page or "Есіл" in page  # the place's name in the reader's language


def test_answer_notifies_the_author_and_followers(
    make_user, recorded_appeal, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today() - timedelta(days=2))
    fan = make_user("Fan")
    follow_set(user=fan, target=f"problem:{appeal.problem_id}", following=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_record(
            appeal=appeal, actor=appeal.problem.author, kind="formal", text="Considered.", received_on=date.today()
        )
    assert Notification.objects.filter(user=fan, kind="answer.recorded").count() == 1
    assert (
        Notification.objects.filter(user=appeal.problem.author, kind="answer.recorded").count() == 0
    )  # they posted it
