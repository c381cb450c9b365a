"""The addressees of appeals and the vertical of power they form."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import NamedInThreeLanguages


class ResponseRule(models.Model):
    """How long an authority has to answer, as a law sets it. See docs/legal-clock.md for the citations.

    The default rule is the Administrative Procedural and Process Code (APPK) of 29 June 2020 No. 350-VI:
    Art. 76(1) 15 working days; Art. 76(2) extension by a reasoned decision to at most two months in all, the
    applicant told within 3 working days; Art. 65(1) redirection within 3 working days; Art. 91(2) silence is a
    refusal; Art. 92(1) complaint within 3 months. Points the Code leaves open are fields, not constants.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    answer_working_days = models.PositiveSmallIntegerField(_("working days to answer"), default=15)
    count_from_next_day = models.BooleanField(
        _("count from the day after registration"),
        default=True,
        help_text=_("The Code says “from the day of receipt”; counting from the next day is our reading."),
    )
    extension_max_months = models.PositiveSmallIntegerField(_("longest term after an extension, months"), default=2)
    redirect_working_days = models.PositiveSmallIntegerField(_("working days to redirect"), default=3)
    complaint_months = models.PositiveSmallIntegerField(_("months to file a complaint"), default=3)
    complaint_working_days = models.PositiveSmallIntegerField(
        _("working days for the higher body to decide a complaint"), default=20
    )

    class Meta:
        verbose_name = _("response rule")
        verbose_name_plural = _("response rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer_working_days__gte=1), name="authorities_rule_days_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Authority(NamedInThreeLanguages):
    class Kind(models.TextChoices):
        PRESIDENTIAL_ADMINISTRATION = "presidential_administration", _("presidential administration")
        GOVERNMENT = "government", _("government")
        MINISTRY = "ministry", _("ministry")
        AGENCY = "agency", _("agency")
        AKIMAT = "akimat", _("akimat")
        PARLIAMENT = "parliament", _("parliament")
        PARTY = "party", _("political party")
        PROSECUTOR = "prosecutor", _("prosecutor's office")
        COURT = "court", _("court")
        STATE_COMPANY = "state_company", _("state company")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, db_index=True)
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        verbose_name=_("jurisdiction"),
        help_text=_("Empty for bodies of the whole country."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("answers to"),
        help_text=_("The higher body: where complaints and escalations go."),
    )
    email = models.EmailField(_("public e-mail for appeals"), blank=True)
    # Where the address was published, and when someone last saw it there: an address is never guessed.
    email_source = models.CharField(
        _("source of the e-mail address"),
        max_length=300,
        blank=True,
        help_text=_("The public page (or document) that gives the address."),
    )
    email_checked_on = models.DateField(_("e-mail address checked on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    portal_url = models.URLField(_("appeals portal"), blank=True, default="https://eotinish.kz")
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    response_rule = models.ForeignKey(
        ResponseRule, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("response rule")
    )
    accepts_complaints = models.BooleanField(
        _("considers complaints"),
        default=True,
        help_text=_("APPK Art. 91(3): the President, the Prime Minister and the Government do not."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name_en"]

    def get_absolute_url(self) -> str:
        return reverse("authorities:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.email and not self.email_source.strip():
            raise ValidationError(
                {"email_source": _("Say where the address is published: an address is never guessed.")}
            )
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("An authority cannot answer to itself or to a body below it.")})
            seen.add(node.pk)
            node = node.parent


class Representative(models.Model):
    """A person who speaks for an authority. Only verified representatives post official answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("account"),
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("authority")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [models.UniqueConstraint(fields=["user", "authority"], name="authorities_representative_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.authority}"
