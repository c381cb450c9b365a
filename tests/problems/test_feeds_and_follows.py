"""Atom feeds, following places and authorities, and the notifications people then get."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client

from dauys.notifications.models import Notification
from dauys.notifications.services import follow_set
from dauys.problems import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]


def test_problem_feeds(client: Client, make_problem, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Broken fountain in the park")
    appeal = recorded_appeal(date.today() - timedelta(days=1))
    assert "Broken fountain in the park" in entries(client.get("/feeds/problems.atom"))
    assert "Broken fountain in the park" in entries(client.get("/feeds/places/astana.atom"))
    assert entries(client.get("/feeds/places/abai-region.atom")) == []
    assert entries(client.get("/feeds/authorities/akimat-astana-yesil.atom")) == [appeal.problem.title]
    timeline = entries(client.get(f"/feeds/problems/{appeal.problem_id}.atom", HTTP_ACCEPT_LANGUAGE="en"))
    assert any("Yesil" in t for t in timeline) and all("<" not in t for t in timeline)
    assert client.get("/feeds/problems.atom?status=draft").status_code == 404
    assert client.get("/feeds/places/atlantis.atom").status_code == 404


def test_following_a_place_and_an_authority_brings_notifications(
    client: Client, make_user, make_problem, yesil_akimat, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    watcher = make_user("Watcher", email="watcher@example.org")
    client.force_login(watcher)
    assert client.post("/en/places/astana/follow/", {"follow": "1"}).status_code == 302
    assert client.post("/en/authorities/akimat-astana-yesil/follow/", {"follow": "1"}).status_code == 302
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


def test_notification_settings_and_mark_read(client: Client, make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Reader")
    Notification.objects.create(user=user, kind="problem.status", params={"title": "X", "status": "resolved"})
    client.force_login(user)
    assert '<span class="count">1' in client.get("/en/problems/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached count is dropped after the commit
        client.post("/en/notifications/read/")
    assert '<span class="count">' not in client.get("/en/problems/").content.decode()
    response = client.post("/en/notifications/", {"email_notifications": "daily"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_notifications == "daily"


def test_the_timeline_feed_costs_the_same_queries_however_long_the_timeline(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dauys.problems.models import Problem

    short, long = make_problem(), make_problem()
    for i in range(6):
        services.problem_set_status(
            problem=long, actor=long.author, status="resolved" if i % 2 == 0 else "open", reason="Still broken today."
        )
        long = Problem.objects.get(pk=long.pk)
    counts = []
    for problem in (short, long):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/feeds/problems/{problem.pk}.atom").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
