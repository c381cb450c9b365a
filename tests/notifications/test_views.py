"""The notices page: the unread count in the header, marking all read, the e-mail setting."""

from __future__ import annotations

import pytest
from django.test import Client

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
