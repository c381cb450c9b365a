from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "dauys.accountability"
    label = "accountability"
    verbose_name = _("accountability")

    def ready(self) -> None:
        from dauys.accounts.selectors import register_export_section

        register_export_section("report_subscriptions", report_subscriptions_export)


def report_subscriptions_export(user: Any) -> list[dict[str, Any]]:
    from dauys.accountability.models import ReportSubscription

    return [
        {"kind": s.kind, "place": s.place.slug if s.place else None, "since": s.created_at.isoformat()}
        for s in ReportSubscription.objects.filter(user=user).select_related("place").order_by("created_at")
    ]
