"""Each write on accounts emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dauys.accounts import services
from dauys.core.events import record_events

pytestmark = pytest.mark.django_db


def _emitted(capture: Any, service: Callable[..., Any], **arguments: Any) -> tuple[list[str], Any]:
    with record_events() as seen, capture(execute=True):
        result = service(**arguments)
    return [event.name for event in seen], result


def test_each_write_emits_its_one_event(make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    capture, user = django_capture_on_commit_callbacks, make_user("Aigerim")
    assert _emitted(capture, services.display_name_change, user=user, display_name="Aigerim_K")[0] == [
        "account.display_name_changed"
    ]
    names, (token, _secret) = _emitted(capture, services.api_token_create_own, user=user, name="my phone")
    assert names == ["account.api_token_created"]
    assert _emitted(capture, services.api_token_revoke, user=user, token_id=token.pk)[0] == [
        "account.api_token_revoked"
    ]
    assert _emitted(capture, services.api_token_revoke, user=user, token_id=token.pk)[0] == []  # nothing to revoke
    names, _created = _emitted(
        capture, services.admin_create, username="admin2", email="admin2@example.org", password="a long passphrase 7"
    )
    assert names == ["account.created"]
    assert _emitted(capture, services.account_delete, user=user)[0] == ["account.deleted"]
