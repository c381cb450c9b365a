"""The initiatives' side effects: the coordinators hear of a request to join, the person of its answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.events import subscriber
from dauys.initiatives.events import MembershipChanged
from dauys.notifications.messages import message

message("initiative.requested", _("%(person)s asks to join “%(initiative)s”. Accept or refuse the request."))
message("initiative.accepted", _("You are a member of “%(initiative)s” now."))


@subscriber(MembershipChanged, as_task=True)
def tell_of_a_request(event: MembershipChanged) -> None:
    from dauys.accounts.models import User
    from dauys.initiatives.models import Initiative, Membership
    from dauys.notifications.services import notify

    initiative = Initiative.objects.filter(pk=event.initiative_id).first()
    person = User.objects.filter(pk=event.user_id).first()
    if initiative is None or person is None:
        return
    if event.action == "requested":
        coordinators = Membership.objects.filter(
            initiative=initiative, role=Membership.Role.COORDINATOR, state=Membership.State.ACTIVE
        ).select_related("user")
        for coordinator in coordinators:
            notify(
                user=coordinator.user,
                kind="initiative.requested",
                url=reverse("initiatives:members", args=[initiative.slug]),
                person=person.public_name,
                initiative=initiative.name,
            )
    elif event.action == "accepted":
        notify(user=person, kind="initiative.accepted", url=initiative.get_absolute_url(), initiative=initiative.name)
