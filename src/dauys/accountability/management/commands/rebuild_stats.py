"""``dauys manage rebuild_stats``: count every figure again from the record."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from dauys.accountability import counting


class Command(BaseCommand):
    help = "Recompute every scorecard figure from scratch (the figures are otherwise kept up to date as things happen)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        verbose = options["verbosity"] > 1

        def progress(done: int) -> None:
            if verbose:
                self.stdout.write(f"{done} problems counted")

        written = counting.rebuild(progress=progress)
        self.stdout.write(
            f"{written['problems']} problems counted: {written['appeal_facts']} appeals and "
            f"{written['problem_facts']} published problems, {written['tallies']} daily tallies, "
            f"{written['spreads']} distribution rows, in {time.monotonic() - started:.1f} s"
        )
