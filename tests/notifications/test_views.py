"""The notices page: the unread count in the header, marking all read, the e-mail setting."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from dauys.notifications.messages import text
from dauys.notifications.models import Notification

pytestmark = pytest.mark.django_db


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


def test_the_follow_button_of_any_followable_object_comes_back_to_its_page(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.notifications.models import Follow

    fan = make_user("Fan")
    client.force_login(fan)
    page = client.get("/en/places/astana/").content.decode()
    assert 'action="/en/follow/place/astana/"' in page and 'name="next" value="/en/places/astana/"' in page
    response = client.post("/en/follow/place/astana/", {"follow": "1", "next": "/en/places/astana/"})
    assert response.status_code == 302 and response["Location"] == "/en/places/astana/"
    assert Follow.objects.filter(user=fan, target="place:astana").exists()
    assert "Unfollow" in client.get("/en/places/astana/").content.decode()
    # Another site as "next" is never followed: the object's own page instead.
    response = client.post("/en/follow/authority/akimat-astana/", {"follow": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/en/authorities/akimat-astana/"
    response = client.post("/en/follow/place/astana/", {"follow": "0", "next": "/en/places/astana/"})
    assert not Follow.objects.filter(user=fan, target="place:astana").exists()
    for unknown in ("/en/follow/planet/mars/", "/en/follow/place/atlantis/"):
        assert client.post(unknown, {"follow": "1"}).status_code == 404
    # With a page to come back to, what cannot be followed is said there.
    response = client.post("/en/follow/place/atlantis/", {"follow": "1", "next": "/en/places/"}, follow=True)
    assert "There is nothing public to follow here." in response.content.decode()
    assert Client().post("/en/follow/place/astana/", {"follow": "1"}).status_code == 302  # to sign in
    assert client.get("/en/follow/place/astana/").status_code == 405


def test_notices_are_grouped_by_problem_and_the_urgent_ones_come_first(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Reader")
    bench = {"title": "Broken bench", "who": "Neighbour", "subject": "/en/problems/1/"}
    same_title = {"title": "Broken bench", "who": "Someone", "subject": "/en/problems/3/"}
    pothole = {"title": "Pothole", "authority": "Akimat of Astana", "deadline": "2026-06-12"}
    Notification.objects.create(user=user, kind="appeal.deadline_soon", params=pothole, url="/en/problems/2/")
    Notification.objects.create(user=user, kind="comment.posted", params=bench, url="/en/comments/7/")
    Notification.objects.create(user=user, kind="comment.posted", params=bench, url="/en/comments/8/")
    Notification.objects.create(user=user, kind="comment.posted", params=same_title, url="/en/comments/9/")
    client.force_login(user)
    page = client.get("/en/notifications/").content.decode()
    groups = page.split('<section class="note-group')[1:]
    assert len(groups) == 3  # one per problem, however many notes each has (two problems share a title)
    assert groups[0].startswith(" note-group-urgent") and "Pothole" in groups[0] and "Needs you soon" in groups[0]
    bench_groups = {g.split('href="', 1)[1].split('"', 1)[0]: g for g in groups[1:]}
    assert bench_groups["/en/problems/1/"].count("Neighbour commented") == 2  # two comments, one group
    assert "Someone commented" in bench_groups["/en/problems/3/"]
    assert "is 12 Jun 2026." in groups[0]  # the deadline as the language writes dates, not 2026-06-12
    with translation.override("ru"):
        assert "12 июня 2026" in text("appeal.deadline_soon", pothole)
