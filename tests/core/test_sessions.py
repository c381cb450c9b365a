"""The embedded default's session store (core/sessions.py): one written-out query, Django's rules kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from dauys.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_stored_session_loads_and_an_expired_or_unknown_one_is_empty() -> None:
    store = SessionStore()
    store["_auth_user_id"] = "7"
    store.create()
    key = store.session_key
    assert SessionStore(session_key=key).load() == {"_auth_user_id": "7"}

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session_key=key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key will be made, as Django's own store does

    assert SessionStore(session_key="no-such-session-key-at-all-here").load() == {}
    assert SessionStore(session_key="bad").load() == {}  # too short to be a key: never queried
