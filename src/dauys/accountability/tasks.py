"""Background jobs of accountability (found at start-up by dauys.core)."""

from dauys.core.tasks import periodic


@periodic(minutes=60, name="dauys.accountability.reports")
def write_reports() -> str:
    """Write the weekly and monthly reports whose period is over (once each; a no-op when they exist)."""
    from dauys.accountability.reports import write_due

    return f"{write_due()} reports written"
