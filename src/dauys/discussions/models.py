"""Comments on every public object, their flags, and the public record of moderation.

A ``Thread`` stands for "the discussion of one public object" (a problem, an answer, an authority, a place, and the
objects of later apps): it is found by the object's *target key* (``"problem:12"``, see ``targets``), so the
comment code never changes when a new kind of object becomes commentable. A ``Comment`` belongs to a thread, has
at most one level of parent, and is written by an account or by a guest whose e-mail address is kept only until
it is confirmed (then only a keyed hash of it stays, for moderators to recognise the same guest).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dauys.core.urls import reverse_pk


class Rule(models.TextChoices):
    """The rules a comment can break: what flags name and what a moderator's removal cites."""

    SPAM = "spam", _("spam or advertising")
    ABUSE = "abuse", _("abuse or threats")
    PERSONAL_DATA = "personal_data", _("personal data of others")
    OFF_TOPIC = "off_topic", _("off-topic")
    ILLEGAL = "illegal", _("illegal content")


class Thread(models.Model):
    target = models.CharField(max_length=80, unique=True)  # "problem:12", "authority:akimat-astana"
    locked = models.BooleanField(default=False)
    comments_count = models.PositiveIntegerField(default=0)  # published comments and replies
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.target


class Comment(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("waiting for the e-mail confirmation")
        HELD = "held", _("held for a moderator's approval")
        PUBLISHED = "published", _("published")
        DELETED = "deleted", _("deleted by its author")
        HIDDEN = "hidden", _("hidden by the moderators")

    # No index of their own: each foreign key leads one of the indexes below (fewer indexes to write a comment).
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments", db_index=False)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        db_index=False,
    )
    guest_name = models.CharField(max_length=60, blank=True)
    # Only until the guest opens the confirmation link; never rendered, not even to moderators.
    guest_email = models.EmailField(blank=True)
    guest_hash = models.CharField(max_length=16, blank=True)  # keyed hash of the address
    body = models.TextField(max_length=10_000)
    body_html = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    hidden_rule = models.CharField(max_length=20, choices=Rule.choices, blank=True)
    held_for = models.JSONField(default=list, blank=True)  # the spam signals (discussions.spam) that held it
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)  # a public edit (after the grace minutes)
    changed_at = models.DateTimeField(null=True, blank=True)  # deleted or hidden

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "parent", "created_at"], name="discussions_comment_page"),
            models.Index(fields=["author", "created_at"], name="discussions_comment_author"),
            models.Index(fields=["guest_hash", "created_at"], name="discussions_comment_guest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(guest_name=""), name="discussions_comment_has_a_writer"
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse_pk("discussions:comment", self.pk)  # built on every comment: see core.urls

    @property
    def is_guest(self) -> bool:
        return self.author_id is None

    @property
    def public_name(self) -> str:
        return self.author.public_name if self.author_id else self.guest_name  # type: ignore[union-attr]

    @property
    def shows_body(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Revision(models.Model):
    """An earlier text of a comment edited after the grace minutes: the public history of the edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body_html = models.TextField()
    written_at = models.DateTimeField()  # when this text was first shown
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"revision of comment {self.comment_id}"


class Flag(models.Model):
    """Someone asks the moderators to look at an object (a comment, or any kind ``moderatable`` names), by its key
    ("comment:12"), under a rule. Who flagged is never shown; the count per rule is, to moderators."""

    target = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "user"], name="discussions_one_flag_a_person")]
        indexes = [models.Index(fields=["resolved_at", "target"], name="discussions_open_flags_by_key")]

    def __str__(self) -> str:
        return f"{self.rule} flag on {self.target}"


class Moderator(models.Model):
    """A moderator of this instance (later also of one initiative). Staff accounts moderate too."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_role")
    since = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"moderator {self.user_id}"


class Suspension(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    until = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"account {self.user_id} suspended until {self.until:%Y-%m-%d}"


class ModerationAction(models.Model):
    """One line of the public moderation log: what kind of object, when, which rule, which moderator — never
    the removed content."""

    class Action(models.TextChoices):
        HIDE = "hide", _("hid a comment")
        RESTORE = "restore", _("restored a comment")
        LOCK = "lock", _("locked a discussion")
        UNLOCK = "unlock", _("unlocked a discussion")
        SUSPEND = "suspend", _("suspended an account")
        DISMISS = "dismiss", _("dismissed the flags of a comment")
        UPHOLD = "uphold", _("upheld a removal on appeal")
        APPROVE = "approve", _("approved a held comment")

    action = models.CharField(max_length=12, choices=Action.choices)
    object_kind = models.CharField(max_length=20)  # "comment", "thread", "account"
    object_id = models.PositiveBigIntegerField()
    rule = models.CharField(max_length=20, choices=Rule.choices, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_kind} {self.object_id}"


class RemovalAppeal(models.Model):
    """The author's one appeal against the hiding of what they wrote (a comment, or an object of any moderatable
    kind, named by its key), decided by another moderator than the one who hid it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("waiting for a moderator")
        RESTORED = "restored", _("it was restored")
        UPHELD = "upheld", _("the removal was upheld")

    target = models.CharField(max_length=120, unique=True)  # "comment:12", "post:3": one appeal per object
    rule = models.CharField(max_length=20, choices=Rule.choices, blank=True)  # the rule it was hidden for
    text = models.TextField(max_length=2000)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"appeal against hiding {self.target}"


class BlockedDomain(models.Model):
    """Links to this domain (and its subdomains) are refused in comments. Operators edit the list in the admin."""

    domain = models.CharField(max_length=253, unique=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: object, **kwargs: object) -> None:
        self.domain = self.domain.strip().lower().lstrip(".").removeprefix("www.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
