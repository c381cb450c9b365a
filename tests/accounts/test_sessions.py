"""Sessions (accounts/sessions.py): the session, the account and the reader's figures in one statement; Django's
rules of who is signed in kept."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dauys.accounts.models import Session
from dauys.accounts.sessions import SessionStore
from dauys.notifications.models import Notification
from dauys.pages import cache as pagecache
from dauys.problems.services import support_set

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


PASSWORD = "correct horse battery"


def _log_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    client.get("/en/accounts/me/")  # shows (and so consumes) the "signed in" message
    client.cookies.pop("messages", None)  # emptied by that response: a browser drops it, the test client keeps it
    return client


def _touching(queries: list[dict], *tables: str) -> list[str]:
    return [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]


def test_the_session_row_names_its_account_from_log_in_to_log_out(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Named")
    client = _log_in(user)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user_id == user.pk
    client.post("/en/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user_id=user.pk).exists()


def test_a_members_copy_reads_session_account_badge_and_stance_in_one_statement(  # type: ignore[no-untyped-def]
    make_user, make_problem, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    url = f"/en/problems/{problem.pk}/"
    reader, other = make_user("Reader"), make_user("Other")
    Notification.objects.create(user=reader, kind="problem.commented", params={})
    with django_capture_on_commit_callbacks(execute=True):
        support_set(problem=problem, user=reader, supported=True)
    client = _log_in(reader)
    _log_in(other).get(url)  # the members' copy is made by somebody else's visit
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Withdraw my support" in html and "My account" in html
    assert re.search(r'class="count">1<', html), "the unread badge"
    tables = (
        "accounts_session",
        "accounts_user",
        "notifications_notification",
        "problems_support",
        "notifications_follow",
    )
    touching = _touching(queries.captured_queries, *tables)
    assert len(touching) == 1, touching
    assert all(table in touching[0] for table in tables)
    pagecache.store.clear()


@pytest.mark.django_db(transaction=True)
def test_a_session_deleted_elsewhere_signs_out_at_once(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Gone")
    client = _log_in(user)
    assert client.get("/en/accounts/me/").status_code == 200
    Session.objects.filter(user_id=user.pk).delete()  # "sign out everywhere", or another process's log-out
    response = client.get("/en/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_a_deleted_account_keeps_no_session(make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import account_delete

    user = make_user("Leaving")
    _log_in(user)
    _log_in(user)
    assert Session.objects.filter(user_id=user.pk).count() == 2
    account_delete(user=user)
    assert not Session.objects.filter(user_id=user.pk).exists()


def test_the_upgrade_moves_djangos_sessions_and_keeps_people_signed_in(make_user) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore
    from django.contrib.sessions.models import Session as DjangoSession

    user = make_user("Upgraded")
    old = DjangoStore()
    old.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "dauys.accounts.backends.ModelBackend"})
    old["_auth_user_hash"] = user.get_session_auth_hash()
    old.create()
    anonymous = DjangoStore()
    anonymous["guest"] = "x"
    anonymous.create()
    migration = importlib.import_module("dauys.accounts.migrations.0003_session")
    migration.keep_signed_in(apps, None)
    assert not DjangoSession.objects.exists()
    assert Session.objects.get(session_key=old.session_key).user_id == user.pk
    assert Session.objects.get(session_key=anonymous.session_key).user_id is None
    client = Client()
    client.cookies["sessionid"] = old.session_key
    assert client.get("/en/accounts/me/").status_code == 200


def test_a_stored_text_is_verified_once_and_every_request_gets_data_of_its_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core import signing

    from dauys.accounts import sessions

    store = SessionStore()
    text = store.encode({"_auth_user_id": "7", "seen": [1, 2]})
    checks: list[str] = []
    loads = signing.loads

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        checks.append(args[0])
        return loads(*args, **kwargs)

    monkeypatch.setattr(signing, "loads", counted)
    first = SessionStore().decode(text)
    first["seen"].append(3)  # a request changes its own session data in place
    second = SessionStore().decode(text)
    assert first == {"_auth_user_id": "7", "seen": [1, 2, 3]}
    assert second == {"_auth_user_id": "7", "seen": [1, 2]}
    assert checks == [text]  # the signature was checked the first time only
    # A text changed by one character does not verify: {} as in Django, checked every time, never remembered.
    tampered = text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]
    assert SessionStore().decode(tampered) == {}
    assert SessionStore().decode(tampered) == {}
    assert checks == [text, tampered, tampered]
    assert tampered not in sessions._decoded
    # The memory is bounded.
    monkeypatch.setattr(sessions, "DECODED_MAX", 2)
    for n in range(5):
        SessionStore().decode(store.encode({"n": n}))
    assert len(sessions._decoded) <= 2
