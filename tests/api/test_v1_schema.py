"""The API against its own OpenAPI document (schemathesis): no 5xx, and every response the document promises.

Schemathesis generates requests for every operation from /api/v1/openapi.json — valid ones and deliberately odd
ones (boundary values, wrong types, unknown ids) — and sends them to the real Django application with a real token;
each response must not be a server error and must match the declared status codes, content type and schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dauys.accounts.services import api_token_create
from dauys.wsgi import application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """The real WSGI handler closes the database connection after each request (as it should in production);
    inside a test that connection holds the test's transaction, so — as Django's test client does — keep it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(make_user, make_problem) -> str:  # type: ignore[no-untyped-def]
    make_problem()  # something to read, support and follow
    _token, secret = api_token_create(user=make_user("Schemathesis"))
    return f"Bearer {secret}"


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_openapi_promises(case, bearer: str) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(
        headers={"Authorization": bearer},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
