"""The ``dauys`` command (DESIGN section 6). Run ``dauys --help`` or ``dauys SUBCOMMAND --help``."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# granian's access log: the time, the request's method, path (no query string) and protocol, the status and the
# milliseconds taken. No client address.
ACCESS_LOG_FORMAT = '[%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).0fms'


def _say(message: str) -> None:
    print(f"dauys: {message}", flush=True)


def _setup() -> None:
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


def _check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"dauys: configuration error: DATABASE_URL: cannot connect ({first})", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_init(args: argparse.Namespace) -> int:
    _setup()
    _check_database()
    from django.core.management import call_command

    from dauys.authorities.services import authorities_seed
    from dauys.core.tasks import sync_schedules
    from dauys.places.services import places_seed
    from dauys.problems.services.seed import categories_seed

    _say("applying database migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    places = places_seed()
    authorities = authorities_seed()
    categories = categories_seed()
    sync_schedules()
    from dauys.ledger.sequencer import sequence_all

    sequence_all()  # makes the ledger's signing key once, numbers leftovers and signs the current checkpoint
    _say(f"reference data: {places} places, {authorities} authorities, {categories} categories added")
    if not getattr(args, "skip_static", False):
        from django.conf import settings

        if not settings.DEBUG:
            _say("collecting static files…")
            call_command("collectstatic", interactive=False, verbosity=0)
    _say("ready")
    return 0


def _granian(target: str, host: str, port: int, processes: int, threads: int, *extra: str) -> list[str]:
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


def _spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, env=os.environ.copy())


def cmd_serve(args: argparse.Namespace) -> int:
    cmd_init(args)
    from django.conf import settings

    processes = args.processes or int(os.environ.get("DAUYS_WEB_PROCESSES", "0") or 0) or (os.cpu_count() or 1) + 1
    threads = args.threads or int(os.environ.get("DAUYS_WEB_THREADS", "0") or 0) or 4
    server = _granian("dauys.wsgi:application", args.host, args.port, processes, threads)
    children = [_spawn(server)]
    if not settings.WORKERS_EXTERNAL:
        children.append(_spawn([sys.executable, "-m", "dauys", "worker"]))
    shown = args.host if args.host not in {"0.0.0.0", "::"} else "127.0.0.1"  # noqa: S104
    _say(f"serving on http://{shown}:{args.port}/ with {processes} processes (Ctrl+C stops)")
    return _supervise(children)


def _supervise(children: list[subprocess.Popen[bytes]]) -> int:
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


def cmd_demo(args: argparse.Namespace) -> int:
    cmd_init(argparse.Namespace(skip_static=args.no_serve))
    from dauys.demo import run_batch

    summary = run_batch(scale=args.scale, seed=args.seed, progress=_say)
    _say(summary)
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_monitor(args: argparse.Namespace) -> int:
    _setup()
    _check_database()
    from dauys.problems.monitoring import monitor

    _say(f"monitoring: {monitor()}")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    _check_database()
    from django.core.management import call_command

    from dauys.core.tasks import sync_schedules

    sync_schedules()
    _say("worker started")
    call_command("qcluster")
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    _check_database()
    from dauys.accounts.services import admin_create

    password = os.environ.get("DAUYS_ADMIN_PASSWORD")
    if not password and not args.no_input and sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Password (empty: generate one): ") or None
    try:
        user, generated = admin_create(username=args.username, email=args.email, password=password)
    except ValueError as exc:
        print(f"dauys: {exc}", file=sys.stderr)
        return 2
    _say(f"administrator {user.username!r} created")
    if generated:
        print(f"password: {generated}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _setup()
    _check_database()
    from dauys.accounts.models import User
    from dauys.accounts.services import api_token_create

    try:
        user = User.objects.get(username=args.username, deleted_at__isnull=True)
    except User.DoesNotExist:
        print(f"dauys: no account with the username {args.username!r}", file=sys.stderr)
        return 2
    _token, secret = api_token_create(user=user, name=args.name)
    print(secret)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a Dauys instance's public log from outside (no configuration, no database needed)."""
    from dauys.ledger.verify import VerifyError, verify_path, verify_url

    state = Path(args.state or Path.home() / ".local" / "state" / "dauys-verify")
    is_url = args.source.startswith(("http://", "https://"))
    if not is_url and args.witness:
        print("dauys verify: --witness needs the instance's URL, not an export", file=sys.stderr)
        return 2
    try:
        if is_url:
            report = verify_url(args.source, state, pinned_key=args.key)
        else:
            report = verify_path(Path(args.source), state, pinned_key=args.key)
    except VerifyError as exc:
        where = f" (entry {exc.index})" if exc.index is not None else ""
        print(f"dauys verify: FAILED{where}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"dauys verify: cannot read {args.source}: {exc}", file=sys.stderr)
        return 2
    print(
        f"dauys verify: OK — {report.origin}: {report.size} entries, {report.new_entries} new since the last check, "
        f"root {report.root.hex()}"
    )
    if report.rotations:
        print(f"dauys verify: the log's key was rotated {report.rotations}× since; each rotation signed by the old key")
    if args.witness:
        from dauys.ledger.verify import witness

        try:
            done = witness(args.source, state, args.witness)
        except VerifyError as exc:
            print(f"dauys verify: cannot witness: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"dauys verify: cannot send the cosignature to {args.source}: {exc}", file=sys.stderr)
            return 2
        if not done.accepted:
            print(f"dauys verify: the instance refused the cosignature: {done.message}", file=sys.stderr)
            print(f"dauys verify: your witness key (for the operator's DAUYS_LEDGER_WITNESSES): {done.key}")
            return 3
        print(f"dauys verify: witnessed — {done.message} as {done.key}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write everything public, the ledger and a signed manifest into PATH (docs/ledger.md, "Exports")."""
    _setup()
    _check_database()
    from dauys.ledger.export import export

    try:
        done = export(Path(args.path))
    except (ValueError, OSError) as exc:
        print(f"dauys export: {exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{n} {kind}" for kind, n in done.counts.items())
    _say(f"exported {done.tree_size} ledger entries and {counts} into {done.path} ({done.files} files)")
    _say(f"check it anywhere with: dauys verify {done.path}")
    return 0


def cmd_mirror(args: argparse.Namespace) -> int:
    """Serve an export read-only (pages, the API's reads, the ledger), checked before it is served."""
    from dauys.ledger.verify import VerifyError, verify_path

    path = Path(args.path).resolve()
    try:
        import tempfile

        with tempfile.TemporaryDirectory() as state:
            report = verify_path(path, Path(state))
    except (VerifyError, OSError) as exc:
        print(f"dauys mirror: {path} does not verify: {exc}", file=sys.stderr)
        return 1
    env = {**os.environ, "DAUYS_MIRROR_PATH": str(path)}
    # Each process loads the export, and checks it again, when it starts (``mirror.create_app``).
    processes = args.processes or (os.cpu_count() or 1) + 1
    command = _granian("dauys.ledger.mirror:create_app", args.host, args.port, processes, 4, "--factory")
    _say(f"mirroring {report.origin} ({report.size} entries) from {path} on http://{args.host}:{args.port}/")
    os.environ.update(env)
    return _supervise([_spawn(command)])


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """Replace the public log's signing key; the old key endorses the new one (docs/ledger.md)."""
    _setup()
    _check_database()
    from dauys.ledger.sequencer import rotate_key, sequence_all

    sequence_all()  # number what is pending, so the endorsement covers it
    rotation = rotate_key()
    _say(f"the log's key is now {rotation.new_key}")
    _say(f"endorsed by the old key {rotation.old_key} at tree size {rotation.size}")
    _say("the old private key is in ledger-retired-keys/ in the data directory: delete it if it leaked")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dauys manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dauys",
        description="Dauys: a self-hostable civic platform. Data lives in DAUYS_DATA_DIR (default ./dauys-data).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", help="create or upgrade the database and load reference data")
    p.set_defaults(func=cmd_init)

    def serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        p.add_argument("--processes", type=int, default=0, help="web server processes (default: cores + 1)")
        p.add_argument("--threads", type=int, default=0, help="threads per web process (default 4)")

    p = sub.add_parser("serve", help="migrate, then serve with granian and run the background worker")
    serve_options(p)
    p.set_defaults(func=cmd_serve, skip_static=False)

    p = sub.add_parser("demo", help="init, add one batch of demo data, then serve")
    p.add_argument("--scale", type=int, default=1, help="size of the batch (default 1)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the batch number)")
    p.add_argument("--no-serve", action="store_true", help="return after seeding")
    serve_options(p)
    p.set_defaults(func=cmd_demo, skip_static=False)

    p = sub.add_parser("worker", help="run background tasks and periodic jobs (for DAUYS_WORKERS=external)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("monitor", help="one pass of regular monitoring (overdue appeals, reminders, promises)")
    p.set_defaults(func=cmd_monitor)

    p = sub.add_parser("createadmin", help="create an administrator account")
    p.add_argument("--username", required=True)
    p.add_argument("--email", required=True)
    p.add_argument(
        "--no-input",
        action="store_true",
        help="never prompt; password from DAUYS_ADMIN_PASSWORD or generated",
    )
    p.set_defaults(func=cmd_createadmin)

    p = sub.add_parser("token", help="API tokens")
    tsub = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    t = tsub.add_parser("create", help="create an API token for USERNAME and print it")
    t.add_argument("username", metavar="USERNAME")
    t.add_argument("--name", default="", help="a label for the token")
    t.set_defaults(func=cmd_token)

    p = sub.add_parser("verify", help="check an instance's public log (signature, tree, no rewriting since last time)")
    p.add_argument(
        "source", metavar="URL|PATH", help="an instance's base URL (https://dauys.example.org) or an export's directory"
    )
    p.add_argument("--key", help="the verifier key to trust (otherwise the one first seen is pinned)")
    p.add_argument("--state", help="where to keep what was verified (default ~/.local/state/dauys-verify)")
    p.add_argument(
        "--witness",
        metavar="NAME",
        help="also cosign the verified checkpoint as witness NAME (C2SP tlog-cosignature) and send it to the instance",
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export", help="write all public data, the ledger and a signed manifest into PATH")
    p.add_argument("path", metavar="PATH", help="a new or empty directory")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("mirror", help="serve an export read-only: its pages, API reads and ledger")
    p.add_argument("path", metavar="PATH", help="a directory written by dauys export")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--processes", type=int, default=0, help="server processes (default: cores + 1)")
    p.set_defaults(func=cmd_mirror)

    p = sub.add_parser("rotate-key", help="replace the public log's signing key (the old key endorses the new one)")
    p.set_defaults(func=cmd_rotate_key)

    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo" and args.scale < 1:
        parser.error("--scale must be at least 1")
    return int(args.func(args) or 0)
