"""Demo reports (``dauys.demo``): the periodic reports due so far are written, as the worker would."""

from __future__ import annotations

from dauys import demo
from dauys.accountability.reports import write_due


@demo.step(stage=demo.HOUSEKEEPING)
def reports(batch: demo.Batch) -> str:
    batch.say(f"{write_due()} periodic reports written")
    return ""
