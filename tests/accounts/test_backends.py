"""The signed-in account comes from the shared cache (accounts/backends.py) and never outlives a change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from dauys.accounts import backends
from dauys.accounts.models import User

PASSWORD = "correct horse battery"
fast_cache = pytest.mark.skipif(not settings.CACHE_IS_FAST, reason="needs Redis (the CI's second pass)")


def _log_in(user: User) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    assert client.get("/en/accounts/me/").status_code == 200  # the account is now in the cache
    return client


@fast_cache
def test_a_signed_in_request_does_not_query_the_account(make_user, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Cached")
    client = _log_in(user)
    # Pages read the account with the session (accounts/sessions.py); the backend's cache serves the other paths.
    backends.cached_user(user.pk)
    assert cache.get(backends.KEY.format(user.pk)) is not None
    with django_assert_num_queries(0):
        assert backends.AuthenticationBackend().get_user(user.pk) == user
    response = client.get("/en/accounts/me/")
    assert response.status_code == 200 and response.context["user"] == user


@pytest.mark.django_db(transaction=True)
def test_a_password_change_elsewhere_logs_this_session_out(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Changing")
    client = _log_in(user)
    # Another device changes the password (another process: only the database and the shared cache are shared).
    other = User.objects.get(pk=user.pk)
    other.set_password("a brand new passphrase")
    other.save()
    response = client.get("/en/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_deactivated_account_is_signed_out_at_once(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Suspended")
    client = _log_in(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/en/accounts/me/").status_code == 302


@fast_cache
def test_a_stale_copy_put_back_during_the_change_is_dropped_at_commit(
    make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Raced")
    key = backends.KEY.format(user.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        user.set_password("another passphrase")
        user.save()
        assert cache.get(key) is None
        # A concurrent request that read the row before this transaction commits puts the old copy back ...
        cache.set(key, User.objects.get(pk=user.pk), 60)
    # ... and the commit drops it again.
    assert cache.get(key) is None


def test_unknown_and_inactive_accounts_are_nobody(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Gone")
    backend = backends.ModelBackend()
    assert backend.get_user(user.pk) == user
    assert backend.get_user(10**9) is None
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


@pytest.mark.django_db(transaction=True)
def test_the_unread_badge_follows_new_notices_at_once(make_user, make_problem) -> None:  # type: ignore[no-untyped-def]
    from dauys.notifications import services as notices

    user = make_user("Reader")
    client = _log_in(user)
    page = f"/en/problems/{make_problem().pk}/"
    assert '<span class="count">' not in client.get(page).content.decode()
    notices.notify(user=user, kind="problem.status", url=page, title="Road", status="resolved")
    assert '<span class="count">1<span' in client.get(page).content.decode()
