"""Background jobs of public control (found at start-up by dauys.core)."""

from dauys.core.tasks import periodic
from dauys.problems.monitoring import monitor


@periodic(minutes=10, name="dauys.problems.monitor")
def monitor_job() -> str:
    """Regular monitoring: overdue appeals, reminders, promises, "is it fixed?", automatic resolution."""
    return str(monitor())
