"""Public control: problems, appeals to authorities, answers, promises, supports, follows, timelines.

States and their transitions are in ``states.py``; deadlines in ``clock.py``. Writes go through ``services``.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.authorities.addressees import addressees
from dauys.core.i18n import NamedInThreeLanguages
from dauys.core.storage import private_storage
from dauys.core.urls import reverse_pk
from dauys.problems.subjects import subjects


class Category(NamedInThreeLanguages):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]


class RoutingRule(models.Model):
    """Which authority a problem of a category, in a place, is suggested to go to. Operators edit these.

    The most specific rule wins: a rule for the category beats one for any category, and a rule for a place beats
    one for a place above it. Without a rule, the akimat of the smallest place that has one is suggested.
    """

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("category"),
        help_text=_("Empty: any category."),
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("place"),
        help_text=_("Empty: the whole country. A rule applies to its place and everything under it."),
    )
    authority = models.ForeignKey("authorities.Authority", on_delete=models.CASCADE, verbose_name=_("authority"))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "place"], name="problems_routing_unique", nulls_distinct=False)
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} @ {self.place or '*'} → {self.authority}"


class Problem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")
        UNRESOLVED = "unresolved", _("unresolved")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DUPLICATE = "duplicate", _("duplicate")
        REMOVED = "removed", _("removed")

    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("description"), max_length=20000, help_text=_("Markdown: *emphasis*, lists, links."))
    body_html = models.TextField(editable=False, default="")
    # The words of the title and description in one spelling for every script (``problems.search``): a search for
    # "Qaraghandy" finds "Қарағанды" and "Караганда". Kept by ``save``.
    search_words = models.TextField(editable=False, default="", db_default="")
    # Few indexes on purpose (see Meta): the composite ones cover these keys, and every index is written again by
    # each update that is not HOT.
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="problems", verbose_name=_("category"), db_index=False
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="problems", verbose_name=_("place"), db_index=False
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    blur_location = models.BooleanField(_("blur my location to about 500 m"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="problems", verbose_name=_("author")
    )
    hide_author = models.BooleanField(_("hide my name"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        # No index on supports_count: a support then changes no indexed column, so PostgreSQL updates the row in
        # place (HOT) without touching any index; "most supported" lists sort the filtered rows instead (0.4 s for
        # all 1,000,000 problems, measured; such pages are served from the page cache).
        indexes = [
            models.Index(fields=["status", "-published_at"], name="problems_status_published"),
            models.Index(fields=["place", "status", "-published_at"], name="problems_place_status"),
            models.Index(fields=["category", "status", "-published_at"], name="problems_category_status"),
            # "Open problems near this point" on the filing form (selectors.nearby_open). The condition keeps it
            # small, and a support never touches it: only a change of status or point does.
            models.Index(fields=["latitude"], condition=Q(status="open"), name="problems_open_latitude"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], condition=~Q(submission_key=""), name="problems_one_per_submission"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="problems_point_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        from dauys.problems.search import words_of

        fields = kwargs.get("update_fields")
        if fields is None or {"title", "body"} & set(fields):  # a save of other fields (a status) leaves them
            self.search_words = words_of(f"{self.title} {self.body}")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_words"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_pk("problems:detail", self.pk)  # built on every comment: see core.urls

    @property
    def is_public(self) -> bool:
        return self.status not in (self.Status.DRAFT, self.Status.REMOVED)

    @property
    def public_author(self) -> str:
        if self.hide_author:
            return str(_("anonymous"))
        return self.author.public_name


class Photo(models.Model):
    """A photo of a problem, in four sizes. Until the problem is published its files are private
    (``core.storage.private_storage``, served only to its author by ``problems:photo``); publishing copies them to
    the public media (``public``), where a web server may serve them for good."""

    SIZES = ("original", "large", "medium", "thumb")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(upload_to="photos/%Y/%m/")
    large = models.FileField(upload_to="photos/%Y/%m/")
    medium = models.FileField(upload_to="photos/%Y/%m/")
    thumb = models.FileField(upload_to="photos/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    public = models.BooleanField(default=False)  # its files are in the public media, not the private store
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"photo {self.position + 1} of problem {self.problem_id}"

    @property
    def storage(self) -> Storage:
        return default_storage if self.public else private_storage

    def open(self, size: str) -> File:
        return self.storage.open(getattr(self, size).name, "rb")

    def url(self, size: str) -> str:
        if self.public:
            return str(getattr(self, size).url)
        return reverse("problems:photo", kwargs={"pk": self.problem_id, "photo": self.pk, "size": size})

    @property
    def large_url(self) -> str:
        return self.url("large")

    @property
    def thumb_url(self) -> str:
        return self.url("thumb")


# An appeal awaiting the body's answer (its inbox's "unanswered"): sent, extended, or overdue.
OPEN_STATUSES = ("sent", "extended", "overdue")


def new_reply_token() -> str:
    """The unguessable part of an appeal's reply address: 20 letters and digits (100 bits), lower case, as a mail
    server may fold an address's case."""
    return base64.b32encode(secrets.token_bytes(13)).decode("ascii").lower()[:20]


class Appeal(models.Model):
    """One addressing of a problem to one authority, with its legal clock. A complaint is an appeal too."""

    class Kind(models.TextChoices):
        APPEAL = "appeal", _("appeal")
        COMPLAINT = "complaint", _("complaint")

    class Delivery(models.TextChoices):
        DAUYS = "dauys", _("delivered by Dauys by e-mail")
        RECORDED = "recorded", _("sent by the author (eOtinish, paper, in person)")

    class Channel(models.TextChoices):
        """How the author sent an appeal they recorded: the one channel the appeal says it went through."""

        EOTINISH = "eotinish", _("through eOtinish (eGov)")
        PAPER = "paper", _("on paper, by post or to the office")
        IN_PERSON = "in_person", _("in person, at a reception")
        EMAIL = "email", _("by the author's own e-mail")
        OTHER = "other", _("another way")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        EXTENDED = "extended", _("extended")
        ANSWERED = "answered", _("answered")
        REDIRECTED = "redirected", _("redirected")
        OVERDUE = "overdue", _("overdue (deemed refused)")
        COMPLAINED = "complained", _("complained")

    # What it is about (problems.subjects): a problem, through its typed key, or a subject of another kind by its
    # kind and id. A constraint holds the two shapes apart.
    subject_kind = models.CharField(_("subject kind"), max_length=30, default="problem", db_default="problem")
    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, null=True, blank=True, related_name="appeals", verbose_name=_("problem")
    )
    subject_id = models.BigIntegerField(_("subject"), null=True, blank=True)
    # The body that answers under the law (the clock, scorecards and escalation count by it), and to whom the
    # appeal is written (authorities.addressees): the body itself, or a person who answers for it.
    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("authority")
    )
    addressee_kind = models.CharField(_("addressee kind"), max_length=30, default="authority", db_default="authority")
    addressee_id = models.BigIntegerField(_("addressee"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.APPEAL)
    complains_about = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("complaint about"),
    )
    redirected_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redirections",
        verbose_name=_("redirected from"),
    )
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    channel = models.CharField(
        _("sent through"), max_length=20, choices=Channel.choices, blank=True, default="", db_default=""
    )
    signed = models.BooleanField(
        _("sent with the applicant's name and address"),
        default=False,
        db_default=False,
        help_text=_("Dauys sent the author's real name and address to the addressee (and to no one else)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    reference = models.CharField(_("public reference"), max_length=32, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # The clock, stored when computed: a later calendar or rule change must not move a running appeal.
    answer_working_days = models.PositiveSmallIntegerField(_("working days to answer"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    message = models.TextField(_("message sent"), blank=True)
    auto_escalate = models.BooleanField(_("escalate automatically when overdue"), default=False)
    # The body's side (its inbox): who of its representatives handles it, when it said work had started, and when
    # its registration number for an appeal Dauys e-mailed reached Dauys (the scorecards count the working days).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    work_started_on = models.DateField(_("work started on"), null=True, blank=True)
    # Its own reply address (settings.DAUYS_REPLY_ADDRESS with this token), and the day the body sent a reply that
    # reached it: the clock stops then, while the applicant reviews the reply before it is published.
    reply_token = models.CharField(max_length=32, default=new_reply_token, db_default="", editable=False)
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    registration_noted_on = models.DateField(_("registration number noted on"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="problems_appeal_clock"),
            models.Index(
                fields=["subject_kind", "subject_id"],
                name="problems_appeal_subject",
                condition=Q(subject_id__isnull=False),
            ),
            # A body's inbox: its appeals awaiting an answer, deadline soonest first; and those it answered, latest
            # first. Each page of either is one range of one index, however many appeals the body has.
            models.Index(
                "authority",
                Coalesce("extended_until", "deadline"),
                "id",
                name="problems_appeal_inbox_open",
                condition=Q(status__in=OPEN_STATUSES),
                include=["status"],  # the tabs' counts read the index alone (PostgreSQL)
            ),
            models.Index(
                F("authority"),
                F("answered_on").desc(),
                F("id").desc(),
                name="problems_appeal_inbox_answered",
                condition=Q(answered_on__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_kind="problem", problem__isnull=False, subject_id__isnull=True)
                | (~Q(subject_kind="problem") & Q(problem__isnull=True, subject_id__isnull=False)),
                name="problems_appeal_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(addressee_kind="authority", addressee_id__isnull=True)
                | (~Q(addressee_kind="authority") & Q(addressee_id__isnull=False)),
                name="problems_appeal_one_addressee",
            ),
            models.UniqueConstraint(
                fields=["reply_token"], condition=~Q(reply_token=""), name="problems_appeal_reply_token_unique"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("registered_on")),
                name="problems_appeal_deadline_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gte=models.F("deadline")),
                name="problems_appeal_extension_after_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} → {self.authority}"

    @property
    def subject_key(self) -> str:
        """What the appeal is about, as a key: ``"problem:12"``, ``"petition:3"``."""
        return f"{self.subject_kind}:{self.problem_id if self.problem_id is not None else self.subject_id}"

    @property
    def subject(self) -> Any:
        """What the appeal is about: the problem, or the subject its kind's app registered."""
        if self.problem_id is not None:
            return self.problem
        cached = self.__dict__.get("_subject")
        if cached is None:
            cached = self.__dict__["_subject"] = subjects[self.subject_kind].get(self.subject_id)  # type: ignore[arg-type]
        return cached

    @property
    def of_problem(self) -> Problem:
        """The problem this appeal is about, for the code of problems alone (other subjects raise LookupError)."""
        if self.problem is None:
            raise LookupError(f"appeal {self.reference} is about {self.subject_key}, not a problem")
        return self.problem

    @property
    def subject_title(self) -> str:
        return str(subjects[self.subject_kind].title(self.subject))

    @property
    def subject_url(self) -> str:
        return str(subjects[self.subject_kind].url(self.subject))

    @property
    def subject_author(self) -> Any:
        """The account that speaks for the subject (the applicant): told of deadlines, silence and answers."""
        return subjects[self.subject_kind].author(self.subject)

    @property
    def subject_author_id(self) -> int | None:
        """The applicant's account id, without loading a problem's author."""
        if self.problem_id is not None:
            return self.of_problem.author_id
        return getattr(self.subject_author, "pk", None)

    @property
    def addressee(self) -> Any:
        """To whom it is written: the authority, or the person of another kind who answers for it."""
        if self.addressee_id is None:
            return self.authority
        return addressees[self.addressee_kind].get(self.addressee_id)

    @property
    def addressee_email(self) -> str:
        """Where Dauys delivers this appeal ("" when it cannot)."""
        return str(addressees[self.addressee_kind].email(self.addressee) or "")

    @property
    def sent_through(self) -> str:
        """The one channel the appeal went through, in words."""
        if self.delivery == self.Delivery.DAUYS:
            if self.signed:
                return str(_("e-mailed by Dauys, with the applicant's name and address"))
            return str(_("e-mailed by Dauys"))
        return self.get_channel_display() if self.channel else str(_("sent by the author"))

    @property
    def effective_deadline(self):  # type: ignore[no-untyped-def]
        return self.extended_until or self.deadline

    @property
    def reply_address(self) -> str:
        """Where the body answers this appeal by e-mail ("" when the instance takes no mail)."""
        pattern = getattr(settings, "DAUYS_REPLY_ADDRESS", "")
        return pattern.replace("{token}", self.reply_token) if pattern and self.reply_token else ""

    @property
    def awaits_answer(self) -> bool:
        """Sent, and neither answered nor redirected: the body's move (overdue ones too)."""
        return self.status in OPEN_STATUSES


class Answer(models.Model):
    class Via(models.TextChoices):
        """Where the answer reached Dauys (the scorecards count each way)."""

        INBOX = "inbox", _("in the body's inbox on Dauys")
        EMAIL = "email", _("by e-mail to Dauys")
        AUTHOR = "author", _("copied by the applicant (paper, eOtinish, their own e-mail)")

    class Kind(models.TextChoices):
        SUBSTANTIVE = "substantive", _("substantive answer")
        PROMISE = "promise", _("promise")
        REFUSAL = "refusal", _("refusal")
        REDIRECT = "redirect", _("redirected to another body")
        FORMAL = "formal", _("formal reply (a brush-off)")
        APOLOGY = "apology", _("apology")
        RESOLVED = "resolved", _("reports the problem resolved")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("appeal"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text of the answer"), max_length=20000)
    received_on = models.DateField(_("received on"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers_posted")
    by_representative = models.BooleanField(_("posted by a verified representative"), default=False)
    via = models.CharField(_("received"), max_length=10, choices=Via.choices, default=Via.AUTHOR, db_default="author")
    promise_due_on = models.DateField(_("promised by"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason given for the refusal"), blank=True)
    redirect_to = models.ForeignKey(
        "authorities.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redirected to"),
    )
    fix_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="promise") | Q(promise_due_on__isnull=False), name="problems_answer_promise_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(kind="redirect") | Q(redirect_to__isnull=False), name="problems_answer_redirect_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} answer to appeal {self.appeal_id}"


class AnswerVerdict(models.Model):
    """A signed-in person's judgement of an answer: did it answer the problem, or was it a brush-off?"""

    class Verdict(models.TextChoices):
        SUBSTANTIVE = "substantive", _("substantive")
        FORMAL = "formal", _("formal")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="verdicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="problems_one_verdict_per_person")]

    def __str__(self) -> str:
        return f"{self.verdict} ({self.answer_id})"


class Promise(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        KEPT = "kept", _("kept")
        BROKEN = "broken", _("broken")

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="promise")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="promises")
    authority = models.ForeignKey("authorities.Authority", on_delete=models.PROTECT, related_name="promises")
    due_on = models.DateField(_("due on"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    settled_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")

    def __str__(self) -> str:
        return f"promise due {self.due_on} ({self.status})"


class Support(models.Model):
    # The unique (problem, user) index serves lookups by problem too: no second index to write on every support.
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="supports", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "user"], name="problems_one_support_per_person")]

    def __str__(self) -> str:
        return f"support of problem {self.problem_id}"


class TimelineEvent(models.Model):
    """One line of a problem's public history."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_hidden = models.BooleanField(default=False)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on problem {self.problem_id}"

    @property
    def public_actor(self) -> Any:
        """Who did it, as readers may see: nobody if it was the author and their name is hidden now, whenever they
        hid it (``actor_hidden`` says only whether it was hidden then). Every reader of the timeline asks this."""
        if self.actor_id is None or self.actor_hidden:
            return None
        if self.actor_id == self.problem.author_id and self.problem.hide_author:
            return None
        return self.actor


class Scan(models.Model):
    """A scanned page of an appeal as sent or of an answer as received (exactly one of them), or a PDF of it.

    Letters carry names, home addresses and signatures, so a scan is private by default: only the applicant and
    staff see it, through ``problems:scan``, from storage outside the public media. It may be shared with the
    addressee (the verified representatives of the body the appeal went to, who have the letter anyway), and the
    applicant may make it public once they have covered what is personal. An image is re-encoded without metadata
    like a photo; a PDF is checked and rewritten without its metadata (``core.pdfs``), and always downloaded,
    never shown inline.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("only the applicant and the moderators")
        ADDRESSEE = "addressee", _("also the authority's verified representatives")
        PUBLIC = "public", _("everyone")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="scans")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="scans")
    image = models.FileField(upload_to="scans/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=1)  # a PDF's pages; an image is one page
    position = models.PositiveSmallIntegerField(default=0)
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE, db_default="private"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(appeal__isnull=False) & Q(answer__isnull=True))
                | (Q(appeal__isnull=True) & Q(answer__isnull=False)),
                name="problems_scan_of_one_letter",
            )
        ]

    def __str__(self) -> str:
        return (
            f"scan {self.position + 1} of {'appeal' if self.appeal_id else 'answer'} {self.appeal_id or self.answer_id}"
        )

    def get_absolute_url(self) -> str:
        return reverse("scan", args=[self.pk])

    @property
    def public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def letter(self) -> Appeal:
        """The appeal this page belongs to (for an answer's scan, the appeal it answers)."""
        return self.appeal if self.appeal is not None else self.answer.appeal  # type: ignore[union-attr]
