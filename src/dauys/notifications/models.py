"""What a person is told: in the site, and by e-mail (at once, or in a daily digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60)
    # The words are chosen when shown, in the reader's language (messages.py); only the facts are stored.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notifications_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class Follow(models.Model):
    """Someone follows something public: a problem, a place, a body, or any object an app made followable
    (``notifications.follows``), named by its key ("problem:12", "place:kz-71", "authority:akimat-astana").
    Who follows what is never public."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    target = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "target"], name="notifications_follow_once")]
        indexes = [models.Index(fields=["target"], name="notifications_follow_target")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.target}"
