"""`dauys.wsgi.application`, the application granian serves: a request's environ carries no process environment,
and a trusted proxy's X-Forwarded-Proto is believed, nobody else's."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.signals import request_started
from django.test import RequestFactory

from dauys import wsgi

pytestmark = pytest.mark.django_db


def serve(path: str = "/-/floor", process_environment: bool = True, **extra: str) -> tuple[dict[str, Any], str]:
    """Call the application as granian does (its environ starts from the process's); return what Django got."""
    environ = RequestFactory().get(path, **extra).environ
    if process_environment:
        environ = {**os.environ, **environ}
    seen: dict[str, Any] = {}

    def record(sender: Any, environ: dict[str, Any], **kwargs: Any) -> None:
        seen.update(environ)

    status: list[str] = []
    request_started.connect(record)
    try:
        body = b"".join(wsgi.application(environ, lambda s, headers, exc_info=None: status.append(s)))
    finally:
        request_started.disconnect(record)
    assert body is not None
    return seen, status[0]


def test_the_process_environment_is_not_in_a_request() -> None:
    # the settings module, the test settings and PATH are in the environment the server copies
    for name in ("DJANGO_SETTINGS_MODULE", "DAUYS_TESTING", "DAUYS_DATA_DIR", "PATH"):
        assert name in os.environ, name
    seen, status = serve()
    assert status.startswith("200")
    for name in ("DJANGO_SETTINGS_MODULE", "DAUYS_TESTING", "DAUYS_DATA_DIR", "PATH"):
        assert name not in seen, name
    assert not set(os.environ) & set(seen)
    # the request's own keys are all there
    for name in ("PATH_INFO", "REQUEST_METHOD", "SERVER_NAME", "HTTP_COOKIE", "wsgi.input", "wsgi.url_scheme"):
        assert name in seen, name


def test_a_request_without_process_environment_is_served_as_is() -> None:
    seen, status = serve(process_environment=False, HTTP_X_CUSTOM="kept")
    assert status.startswith("200")
    assert seen["HTTP_X_CUSTOM"] == "kept"


def test_a_trusted_proxy_says_https() -> None:
    seen, _ = serve(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert seen["wsgi.url_scheme"] == "https"
    seen, _ = serve(REMOTE_ADDR="::1", HTTP_X_FORWARDED_PROTO="https")
    assert seen["wsgi.url_scheme"] == "https"


@pytest.mark.parametrize(
    ("remote", "proto"),
    [("203.0.113.9", "https"), ("127.0.0.1", "http"), ("127.0.0.1", "HTTPS, http"), ("", "https")],
)
def test_anyone_else_does_not(remote: str, proto: str) -> None:
    seen, _ = serve(REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO=proto)
    assert seen["wsgi.url_scheme"] == "http"
