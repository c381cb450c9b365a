"""Figures kept up to date as problems, appeals and answers change (see counting.py for how).

Two kinds of rows:

* facts — what one appeal, or one published problem, contributes to the figures, as last counted, with the subjects
  (authorities, verticals, places) it was counted for. They are the exact "list behind a figure" and the memory of
  what to take back when the appeal changes.
* tallies — per subject and per day, the sums of the facts of that day (the cohort day: an appeal's registration,
  a problem's publication). A scorecard for a period adds up at most one row per day; nothing is recounted per
  request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scope(models.IntegerChoices):
    AUTHORITY = 1, "authority"  # the authority's own appeals
    VERTICAL = 2, "vertical"  # the authority and every body below it
    PLACE = 3, "place"  # the authorities located in the place (and below), and the problems filed there


class Outcome(models.TextChoices):
    ON_TIME = "on_time", "answered on time"
    LATE = "late", "answered late"
    OVERDUE = "overdue", "not answered, overdue"
    PENDING = "pending", "not answered, term running"


class AppealFact(models.Model):
    """One registered appeal of a public problem, as it counts."""

    appeal = models.OneToOneField("problems.Appeal", on_delete=models.CASCADE, primary_key=True, related_name="+")
    problem = models.ForeignKey("problems.Problem", on_delete=models.CASCADE, related_name="+", db_index=False)
    authority = models.ForeignKey("authorities.Authority", on_delete=models.CASCADE, related_name="+")
    registered_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    answer_kind = models.CharField(max_length=20, blank=True)  # as counted: the public's verdict can make it formal
    answer_days = models.PositiveSmallIntegerField(null=True)  # working days from registration to the first answer
    answered_via = models.CharField(max_length=10, blank=True, default="")  # where the first answer came: Answer.Via
    # An appeal Dauys e-mailed: working days from its sending to the day the body's registration number reached Dauys.
    registration_days = models.PositiveSmallIntegerField(null=True)
    escalated = models.BooleanField(default=False)  # a complaint about it went to a higher body
    from_below = models.BooleanField(default=False)  # it is a complaint about a lower body's appeal
    promises = models.PositiveSmallIntegerField(default=0)
    promises_kept = models.PositiveSmallIntegerField(default=0)
    promises_broken = models.PositiveSmallIntegerField(default=0)
    subjects = models.JSONField()  # [[scope, id], ...] it was counted for

    class Meta:
        indexes = [models.Index(fields=["authority", "registered_on"], name="acc_appealfact_authority_day")]

    def __str__(self) -> str:
        return f"appeal {self.appeal_id}: {self.outcome} {self.answer_kind}".rstrip()


class ProblemFact(models.Model):
    """One published problem, as it counts for the places it was filed in and the authorities it was addressed to."""

    problem = models.OneToOneField("problems.Problem", on_delete=models.CASCADE, primary_key=True, related_name="+")
    published_on = models.DateField()
    resolved = models.BooleanField(default=False)
    resolution_days = models.PositiveIntegerField(null=True)  # calendar days from publication to resolution
    subjects = models.JSONField()

    def __str__(self) -> str:
        return f"problem {self.problem_id} published {self.published_on}"


class Tally(models.Model):
    """The sums of one subject's facts of one day."""

    scope = models.PositiveSmallIntegerField(choices=Scope.choices)
    subject = models.PositiveIntegerField()
    day = models.DateField()
    # appeals registered that day
    received = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    pending = models.IntegerField(default=0)
    substantive = models.IntegerField(default=0)
    resolved_answer = models.IntegerField(default=0)
    promise = models.IntegerField(default=0)
    apology = models.IntegerField(default=0)
    formal = models.IntegerField(default=0)
    refusal = models.IntegerField(default=0)
    redirect = models.IntegerField(default=0)
    # where the first answer came from: the body's inbox on Dauys, an e-mail to Dauys, a copy by the applicant
    via_inbox = models.IntegerField(default=0)
    via_email = models.IntegerField(default=0)
    via_author = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    from_below = models.IntegerField(default=0)
    promises = models.IntegerField(default=0)
    promises_kept = models.IntegerField(default=0)
    promises_broken = models.IntegerField(default=0)
    # problems published that day
    problems = models.IntegerField(default=0)
    problems_resolved = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "subject", "day"], name="acc_tally_one_per_day")]

    def __str__(self) -> str:
        return f"{Scope(self.scope).label} {self.subject} on {self.day}"


class Spread(models.Model):
    """How many of one subject's facts of one day took ``value`` days: the distribution behind medians."""

    class Measure(models.TextChoices):
        ANSWER = "a", "working days to answer"
        RESOLUTION = "r", "days to resolution"
        REGISTRATION = "g", "working days to the body's registration number"

    scope = models.PositiveSmallIntegerField(choices=Scope.choices)
    subject = models.PositiveIntegerField()
    day = models.DateField()
    measure = models.CharField(max_length=1, choices=Measure.choices)
    value = models.PositiveIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "subject", "measure", "day", "value"], name="acc_spread_unique")
        ]

    def __str__(self) -> str:
        return f"{Scope(self.scope).label} {self.subject} on {self.day}: {self.n} × {self.value} ({self.measure})"


class Report(models.Model):
    """A periodic public report, written once when its period is over and kept as written (a stable record)."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", "weekly"
        MONTHLY = "monthly", "monthly"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=10)  # 2026-W47, 2026-11
    start = models.DateField()
    end = models.DateField()
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    content = models.JSONField()  # numbers, ids and slugs: names are shown in the reader's language
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "kind", "place_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], condition=models.Q(place=None), name="acc_report_instance"),
            models.UniqueConstraint(fields=["kind", "key", "place"], name="acc_report_place"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} report {self.key}" + (f" ({self.place_id})" if self.place_id else "")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        if self.place is not None:
            return reverse("accountability:report_place", args=[self.kind, self.key, self.place.slug])
        return reverse("accountability:report", args=[self.kind, self.key])

    def get_pdf_url(self) -> str:
        from django.urls import reverse

        if self.place is not None:
            return reverse("accountability:report_place_pdf", args=[self.kind, self.key, self.place.slug])
        return reverse("accountability:report_pdf", args=[self.kind, self.key])


class ReportSubscription(models.Model):
    """A person who asked to receive the reports of one kind, for the country (no place) or one region or city."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions")
    kind = models.CharField(max_length=10, choices=Report.Kind.choices)
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], condition=models.Q(place=None), name="acc_sub_country"),
            models.UniqueConstraint(fields=["user", "kind", "place"], name="acc_sub_place"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.place_id or 'country'}"
