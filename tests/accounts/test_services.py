"""Each write on accounts emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

import pytest

from dauys.accounts import services

pytestmark = pytest.mark.django_db


def test_each_write_emits_its_one_event(make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Aigerim")
    assert emitted(services.account_created, user=user)[0] == ["account.created"]  # allauth saved it
    assert emitted(services.display_name_change, user=user, display_name="Aigerim_K")[0] == [
        "account.display_name_changed"
    ]
    names, (token, _secret) = emitted(services.api_token_create_own, user=user, name="my phone")
    assert names == ["account.api_token_created"]
    assert emitted(services.api_token_revoke, user=user, token_id=token.pk)[0] == ["account.api_token_revoked"]
    assert emitted(services.api_token_revoke, user=user, token_id=token.pk)[0] == []  # nothing to revoke
    names, _created = emitted(
        services.admin_create, username="admin2", email="admin2@example.org", password="a long passphrase 7"
    )
    assert names == ["account.created"]
    assert emitted(services.account_delete, user=user)[0] == ["account.deleted"]
