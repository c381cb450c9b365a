"""Public control's subcommand of ``dauys`` (``core.commands``): monitor; and its part of ``dauys init``."""

from __future__ import annotations

import argparse

from dauys.core.commands import check_database, command, init_step, say, setup


@command("monitor", help="one pass of regular monitoring (overdue appeals, reminders, promises)")
def monitor(args: argparse.Namespace) -> int:
    setup()
    check_database()
    from dauys.problems.monitoring import monitor

    say(f"monitoring: {monitor()}")
    return 0


@init_step
def categories() -> str:
    from dauys.problems.services.seed import categories_seed

    return f"{categories_seed()} categories added"
