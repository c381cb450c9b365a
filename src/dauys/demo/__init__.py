"""Demo data: realistic, deterministic for a seed, in Kazakh, Russian and English.

Each app adds its own part, in its ``demo`` module (``core.seams``)::

    @step(stage=CONTENT)
    def problems(batch: Batch) -> str:
        ...                      # write through the app's services, with batch.rng and batch.people
        return f"{n} problems"   # what the summary line says of this part

``run_batch`` adds one more batch: the steps run by stage (people, the directory, content, reactions to it,
housekeeping), and within a stage in the order of ``INSTALLED_APPS``, all in one transaction. The same seed gives
the same batch. This package never names an app.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dauys.core.seams import Registry

PEOPLE, DIRECTORY, CONTENT, REACTIONS, HOUSEKEEPING = 10, 20, 30, 40, 90


@dataclass
class Batch:
    """What the steps of one batch share."""

    number: int  # 1 for the first batch on this instance
    scale: int
    rng: random.Random
    progress: Callable[[str], None]
    people: list[Any] = field(default_factory=list)  # the accounts this batch made (the people step fills it)
    login: str = ""  # what the summary tells the visitor to sign in with

    def say(self, message: str) -> None:
        self.progress(f"demo batch {self.number}: {message}")


@dataclass(frozen=True)
class Step:
    name: str
    stage: int
    run: Callable[[Batch], str]


steps: Registry[Step] = Registry("demo step")


def step(*, stage: int, name: str | None = None) -> Callable[[Callable[[Batch], str]], Callable[[Batch], str]]:
    """Declare the decorated function a part of every demo batch."""

    def register(run: Callable[[Batch], str]) -> Callable[[Batch], str]:
        key = name or f"{run.__module__}.{run.__qualname__}"
        steps.add(key, Step(key, stage, run))
        return run

    return register


def in_order() -> list[Step]:
    """The steps by stage; within a stage, in the order they were registered (INSTALLED_APPS')."""
    return sorted(steps.values(), key=lambda s: s.stage)


_numbering: list[Callable[[], int]] = []


def number_batches_by(count: Callable[[], int]) -> None:
    """How the number of the next batch is found (the app that makes the demo people knows)."""
    _numbering[:] = [count]


@transaction.atomic
def run_batch(*, scale: int = 1, seed: int | None = None, progress: Callable[[str], None] = print) -> str:
    """Add one batch of demo data; return its summary line."""
    number = _numbering[0]() if _numbering else 1
    batch = Batch(
        number=number, scale=scale, rng=random.Random(seed if seed is not None else number), progress=progress
    )
    said = []
    for one in in_order():
        phrase = one.run(batch)
        if phrase:
            said.append(phrase)
    summary = f"demo batch {number}: {', '.join(said)}."
    return f"{summary} {batch.login}" if batch.login else summary
