"""Initiatives: groups that anyone starts, on an equal footing (docs/initiatives.md).

An initiative has a name, a description, the places it acts in and the topics it cares about, a few links, and
members with a role (coordinator, member). Joining is open, or by request when its coordinators choose; leaving is
always one click. The public sees how many members it has; only its members see who they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Initiative(models.Model):
    class Joining(models.TextChoices):
        OPEN = "open", _("open: anyone may join at once")
        REQUEST = "request", _("by request: a coordinator accepts each new member")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=5000)
    description_html = models.TextField(editable=False, default="")
    places = models.ManyToManyField("places.Place", related_name="+", verbose_name=_("places of activity"))
    topics = models.ManyToManyField("problems.Category", related_name="+", blank=True, verbose_name=_("topics"))
    links = models.JSONField(_("links"), default=list, blank=True)  # up to MAX_LINKS http(s) addresses
    joining = models.CharField(_("joining"), max_length=10, choices=Joining.choices, default=Joining.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The last public change of it or in it: lists sort by this, never by size (equal footing).
    active_at = models.DateTimeField(default=timezone.now)
    members_count = models.PositiveIntegerField(default=0, editable=False)  # exact: moved with each membership

    MAX_LINKS = 5
    MAX_PLACES = 10

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-active_at", "-pk"]
        indexes = [models.Index(fields=["-active_at", "-id"], name="initiatives_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        MEMBER = "member", _("member")

    class State(models.TextChoices):
        ACTIVE = "active", _("member")
        REQUESTED = "requested", _("asked to join")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiatives_membership_once"),
            models.CheckConstraint(
                condition=~Q(state="requested", role="coordinator"), name="initiatives_requests_are_members"
            ),
        ]
        indexes = [models.Index(fields=["user", "state"], name="initiatives_membership_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.initiative_id} ({self.role}, {self.state})"
