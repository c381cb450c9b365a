"""The WSGI application that `dauys serve` hands to granian (and that any other WSGI server can serve).

Two things a request's environ gets here, before Django sees it:

- **No process environment.** granian starts every request's environ from a copy of the process's environment
  (PEP 3333 allows it, as CGI did), so the database URL, the secret key and every other setting would sit in each
  request's ``META``, where an error report, a debugging aid or a careless template could show them. They are
  taken out again: only the request's own keys reach Django.
- **The scheme a trusted proxy saw.** A TLS-terminating proxy on the same machine says ``X-Forwarded-Proto:
  https``; from a proxy in ``DAUYS_TRUSTED_PROXIES`` (by default only 127.0.0.1 and ::1) it is believed, as
  gunicorn's ``--forwarded-allow-ips`` did before granian replaced it, so links, redirects, secure cookies and
  the CSRF origin check see ``https``. From anyone else the header is ignored.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dauys.settings")
django_application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their registries) lives as long as the process: the collector's full
# passes need not walk it again and again. A full pass over it took about 90 ms, once in every hundred requests of
# a page that builds many objects ("my cases"); frozen, that page's p99 fell from 141 to 68 ms (bench/problems.py).
gc.collect()
gc.freeze()

# A request's own keys: CGI's and WSGI's names, and a server's extensions (dotted, like ``wsgi.input``).
_REQUEST_PREFIXES = ("HTTP_", "SERVER_", "REQUEST_", "REMOTE_", "CONTENT_")
_REQUEST_NAMES = frozenset({"PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "GATEWAY_INTERFACE"})
_TRUSTED = settings.TRUSTED_PROXIES


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    # Every other name (about 7 µs for 35 of them): the set is the server's copy of the environment, whatever was
    # in it when that copy was made.
    for name in [n for n in environ if not (n in _REQUEST_NAMES or n.startswith(_REQUEST_PREFIXES) or "." in n)]:
        del environ[name]
    if environ.get("HTTP_X_FORWARDED_PROTO") == "https" and environ.get("REMOTE_ADDR") in _TRUSTED:
        environ["wsgi.url_scheme"] = "https"
    return django_application(environ, start_response)
