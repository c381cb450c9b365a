"""Writes on notifications go through their services: settings emit their event, notices and reading them count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dauys.core.events import record_events
from dauys.notifications import services
from dauys.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_email_setting_is_saved_and_announced(make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("Reader")
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        services.email_setting_set(user=reader, email_notifications="daily")
    reader.refresh_from_db()
    assert reader.email_notifications == "daily"
    assert [(e.name, e.user_id, e.email_notifications) for e in seen] == [  # type: ignore[attr-defined]
        ("notifications.email_setting_changed", reader.pk, "daily")
    ]


def test_an_unknown_email_setting_is_refused_and_nothing_changes(make_user) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("Reader")
    with record_events() as seen, pytest.raises(ValidationError) as refused:
        services.email_setting_set(user=reader, email_notifications="hourly")
    assert "email_notifications" in refused.value.message_dict and seen == []
    reader.refresh_from_db()
    assert reader.email_notifications == "immediate"


def test_the_settings_page_saves_through_the_service(make_user) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("Reader")
    client = Client()
    client.force_login(reader)
    with record_events() as seen:
        response = client.post("/en/notifications/", {"email_notifications": "off"})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.email_notifications == "off"
    assert [e.name for e in seen] == ["notifications.email_setting_changed"]


def test_notices_count_as_unread_until_marked_read(make_user) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("Reader")
    services.notify(user=reader, kind="problem.commented", url="/en/problems/1/")
    services.notify(user=reader, kind="problem.commented", url="/en/problems/1/")
    assert Notification.objects.filter(user=reader, read_at=None).count() == 2
    assert services.mark_all_read(user=reader) == 2
    assert Notification.objects.filter(user=reader, read_at=None).count() == 0
