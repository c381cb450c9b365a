"""Authentication backends that load a signed-in reader's account from the shared cache.

Pages read the account together with the session in one statement (``accounts.sessions``), which hands it to these
backends; the rest (a request whose session was read before anyone asked who is signed in) loads the account here.
With a fast shared cache (Redis: ``CACHE_IS_FAST``) the row is kept there for ``USER_CACHE_SECONDS`` and dropped
whenever the account is saved or deleted (and again when that transaction commits, so a concurrent request cannot
put the old row back). Django still checks the session's auth hash against the row, so a password change or an
account deletion logs the other sessions out at once, as without the cache. Writes that bypass ``save()``
(``QuerySet.update``) must call ``forget_user``.
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


_USER_SQL = f"SELECT * FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 (our own table name)


def _user_row(user_id: Any) -> User | None:
    """The account by a written-out query (the embedded default runs it on every signed-in request; the ORM's
    compiling costs more than the query). ``raw`` still converts each column to its field's type."""
    return next(iter(User._default_manager.raw(_USER_SQL, [user_id])), None)


def cached_user(user_id: Any) -> User | None:
    if not settings.CACHE_IS_FAST:
        return _user_row(user_id)
    key = KEY.format(user_id)
    user = cache.get(key)
    if user is None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is not None:
            cache.set(key, user, USER_CACHE_SECONDS)
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
        from dauys.accounts.sessions import prefetched  # the account read with the session, if it was

        user = prefetched.get()
        if user is None or str(user.pk) != str(user_id):
            user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_CachedUser, DjangoModelBackend):
    pass


class AuthenticationBackend(_CachedUser, AllauthBackend):
    pass
