"""Subcommands of ``dauys``, registered by the apps that own them, and what every command needs.

An app adds its subcommands in its ``commands`` module::

    @command("monitor", help="one pass of regular monitoring")
    def monitor(args: argparse.Namespace) -> int:
        setup()
        check_database()
        from dauys.problems.monitoring import monitor   # Django code only once Django is set up
        say(f"monitoring: {monitor()}")
        return 0

and what ``dauys init`` loads into a new instance with ``@init_step`` (reference data, keys), run in the order of
``INSTALLED_APPS``. ``commands`` modules are found before Django starts (``discover``: every package of ``dauys``
that has one), so that ``dauys --help`` works without a configuration; they import Django code inside their
functions. ``dauys`` (``dauys.cli``) keeps only the commands of the instance as a whole: init, serve, demo, worker,
manage.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import pkgutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dauys.core.seams import Registry

# granian's access log: the time, the request's method, path (no query string) and protocol, the status and the
# milliseconds taken. No client address.
ACCESS_LOG_FORMAT = '[%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).0fms'

Run = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], object]
    run: Run


commands: Registry[Command] = Registry("subcommand")
init_steps: Registry[Callable[[], str]] = Registry("init step")


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def command(
    name: str, *, help: str, arguments: Callable[[argparse.ArgumentParser], object] | None = None
) -> Callable[[Run], Run]:
    """Declare the decorated function the subcommand ``dauys NAME``."""

    def register(run: Run) -> Run:
        commands.add(name, Command(name, help, arguments or _no_arguments, run))
        return run

    return register


def init_step(step: Callable[[], str]) -> Callable[[], str]:
    """Declare ``step`` a part of ``dauys init``: it loads what a new instance needs, and says what it did."""
    return init_steps.add(f"{step.__module__}.{step.__qualname__}", step)


def run_init_steps() -> list[str]:
    """Run every init step, in the order of INSTALLED_APPS (Django is set up)."""
    from django.apps import apps

    order = {config.name: i for i, config in enumerate(apps.get_app_configs())}

    def position(step: Callable[[], str]) -> int:
        app = apps.get_containing_app_config(step.__module__)
        return order.get(app.name, len(order)) if app else len(order)

    return [said for step in sorted(init_steps.values(), key=position) if (said := step())]


def discover() -> None:
    """Import the ``commands`` module of every package of ``dauys`` that has one (before Django starts)."""
    import dauys

    for package in pkgutil.iter_modules(dauys.__path__):
        if package.ispkg and importlib.util.find_spec(f"dauys.{package.name}.commands") is not None:
            importlib.import_module(f"dauys.{package.name}.commands")


def say(message: str) -> None:
    print(f"dauys: {message}", flush=True)


def setup() -> None:
    """Check the configuration, then start Django; a bad setting stops here with one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dauys.settings")
    from dauys.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(f"dauys: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from django.utils import translation

    translation.activate("en")  # the command speaks to operators in English; pages follow the visitor


def check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"dauys: configuration error: DATABASE_URL: cannot connect ({first})", file=sys.stderr)
        raise SystemExit(2) from None


def granian(target: str, host: str, port: int, processes: int, threads: int, *extra: str) -> list[str]:
    """The production HTTP server (granian, WSGI) serving ``target`` with processes x threads.

    HTTP/1.1 only (a reverse proxy or the Tor daemon speaks to it), a worker that dies is started again, and on
    SIGTERM each worker finishes what it is serving for up to 20 seconds."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(processes),
        "--blocking-threads",
        str(threads),
        "--http",
        "1",
        "--no-ws",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "20",
        "--access-log",
        "--access-log-fmt",
        ACCESS_LOG_FORMAT,
        *extra,
        target,
    ]


def spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, env=os.environ.copy())


def supervise(children: list[subprocess.Popen[bytes]]) -> int:
    """Wait until a child exits or we are told to stop; then stop the others and return its status."""
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    while not stopping:
        for child in children:
            code = child.poll()
            if code is not None:
                stopping, status = True, code
                break
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 25
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return status
