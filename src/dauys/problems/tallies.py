"""The counted personal acts of public control (``core.tallies``): supports of a problem."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dauys.core import tallies
from dauys.problems.events import SupportChanged
from dauys.problems.models import Problem, Support
from dauys.problems.selectors import PUBLIC

SUPPORTS = tallies.register(
    tallies.Tally(
        "problems.support",
        row=Support,
        thing="problem",
        person="user",
        counter="supports_count",
        open={"status": Problem.Status.OPEN.value},
        closed=_("Only an open problem can be supported."),
        event=lambda problem_id, outcome: SupportChanged(
            problem_id=problem_id, supported=outcome.key is not None, supports_count=outcome.count
        ),
        # Supports enter the public log as hourly counts (ledger.checkpoints), not one leaf a click.
        checkpoint=tallies.Checkpoint(
            type="problem.supports_counted", field="supports_count", object="problems/{pk}", public=Q(status__in=PUBLIC)
        ),
    )
)
