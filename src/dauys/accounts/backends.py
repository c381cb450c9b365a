"""Authentication backends that load a signed-in reader's account from the shared cache.

Every request of a signed-in person loads their account row (Django's ``get_user``), and on a busy site that query
and its ORM work are a large share of a page served from the members' copy (``web.pagecache``). With a fast shared
cache (Redis: ``CACHE_IS_FAST``) the row is kept there for ``USER_CACHE_SECONDS`` and dropped whenever the account is
saved or deleted (and again when that transaction commits, so a concurrent request cannot put the old row back).
Django still checks the session's auth hash against the row, so a password change or an account deletion logs
the other sessions out at once, as without the cache. Writes that bypass ``save()`` (``QuerySet.update``) must
call ``forget_user``.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dauys.accounts.models import User

USER_CACHE_SECONDS = 300
KEY = "accounts:user:{}"


# Other per-account values every signed-in page needs (the unread count): read in the same round trip as the
# account, and left on it as ``fetched_with`` (key -> value, None when the cache had none).
_with_account: list[str] = []


def fetch_with_account(key_template: str) -> None:
    """Read ``key_template.format(user_id)`` from the shared cache together with each signed-in account."""
    if key_template not in _with_account:
        _with_account.append(key_template)


def fetched_with(user: Any, key: str) -> tuple[bool, Any]:
    """(True, what the cache held under ``key`` — None if nothing) if it was read with ``user``; else (False, None)."""
    fetched = getattr(user, "fetched_with", None) or {}
    return (key in fetched, fetched.get(key))


_USER_SQL = f"SELECT * FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 (our own table name)


def _user_row(user_id: Any) -> User | None:
    """The account by a written-out query (the embedded default runs it on every signed-in request; the ORM's
    compiling costs more than the query). ``raw`` still converts each column to its field's type."""
    return next(iter(User._default_manager.raw(_USER_SQL, [user_id])), None)


def cached_user(user_id: Any) -> User | None:
    if not settings.CACHE_IS_FAST:
        return _user_row(user_id)
    key = KEY.format(user_id)
    extra = [template.format(user_id) for template in _with_account]
    found = cache.get_many([key, *extra])
    user = found.get(key)
    if user is None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is not None:
            cache.set(key, user, USER_CACHE_SECONDS)
    if user is not None:
        user.fetched_with = {k: found.get(k) for k in extra}  # type: ignore[union-attr]
    return user


def forget_user(user_id: Any) -> None:
    if settings.CACHE_IS_FAST:
        key = KEY.format(user_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))


@receiver(post_save, sender=User, dispatch_uid="accounts.forget_saved_user")
@receiver(post_delete, sender=User, dispatch_uid="accounts.forget_deleted_user")
def _forget(sender: Any, instance: User, **kwargs: Any) -> None:
    forget_user(instance.pk)


class _CachedUser:
    def get_user(self, user_id: Any) -> User | None:
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_CachedUser, DjangoModelBackend):
    pass


class AuthenticationBackend(_CachedUser, AllauthBackend):
    pass
