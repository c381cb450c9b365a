"""The ``dauys`` command (DESIGN section 6). Run ``dauys --help`` or ``dauys SUBCOMMAND --help``.

Here: the commands of the instance as a whole (init, serve, demo, worker, manage). The apps add their own
(``core.commands``: monitor, createadmin, token, verify, export, mirror, rotate-key).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dauys.core.commands import (
    check_database,
    commands,
    discover,
    granian,
    run_init_steps,
    say,
    setup,
    spawn,
    supervise,
)


def cmd_init(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from django.core.management import call_command

    from dauys.core.tasks import sync_schedules

    say("applying database migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    done = run_init_steps()  # each app's reference data, in the order of INSTALLED_APPS
    sync_schedules()
    say(f"reference data: {', '.join(done)}")
    if not getattr(args, "skip_static", False):
        from django.conf import settings

        if not settings.DEBUG:
            say("collecting static files…")
            call_command("collectstatic", interactive=False, verbosity=0)
    say("ready")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    cmd_init(args)
    from django.conf import settings

    processes = args.processes or int(os.environ.get("DAUYS_WEB_PROCESSES", "0") or 0) or (os.cpu_count() or 1) + 1
    threads = args.threads or int(os.environ.get("DAUYS_WEB_THREADS", "0") or 0) or 4
    server = granian("dauys.wsgi:application", args.host, args.port, processes, threads)
    children = [spawn(server)]
    if not settings.WORKERS_EXTERNAL:
        children.append(spawn([sys.executable, "-m", "dauys", "worker"]))
    shown = args.host if args.host not in {"0.0.0.0", "::"} else "127.0.0.1"  # noqa: S104
    say(f"serving on http://{shown}:{args.port}/ with {processes} processes (Ctrl+C stops)")
    return supervise(children)


DEMO_REPLY_ADDRESS = "replies+{token}@demo.dauys.invalid"


def cmd_demo(args: argparse.Namespace) -> int:
    # A demo instance takes replies by e-mail at a made-up address, so that its appeals show one and its demo data
    # can hold a reply to review; an operator's own setting wins.
    os.environ.setdefault("DAUYS_REPLY_ADDRESS", DEMO_REPLY_ADDRESS)
    cmd_init(argparse.Namespace(skip_static=args.no_serve))
    from dauys.demo import run_batch

    summary = run_batch(scale=args.scale, seed=args.seed, progress=say)
    say(summary)
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_worker(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from django.core.management import call_command

    from dauys.core.tasks import sync_schedules

    sync_schedules()
    say("worker started")
    call_command("qcluster")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup()
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

    discover()  # the apps' own subcommands (core.commands)
    for name, cmd in commands.items():
        p = sub.add_parser(name, help=cmd.help)
        cmd.arguments(p)
        p.set_defaults(func=cmd.run)

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
