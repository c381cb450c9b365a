"""The administrative hierarchy of Kazakhstan."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import NamedInThreeLanguages


class Place(NamedInThreeLanguages):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")
        TOWN = "town", _("city of regional significance")
        DISTRICT = "district", _("district")
        SETTLEMENT = "settlement", _("rural district or settlement")

    code = models.CharField(_("code"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    iso_code = models.CharField(_("ISO 3166 code"), max_length=10, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    bbox = models.JSONField(_("bounding box"), null=True, blank=True, help_text="[south, west, north, east]")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["depth", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="places_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="places_place_longitude_range",
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.depth = self.parent.depth + 1 if self.parent_id and self.parent else 0
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("places:detail", kwargs={"slug": self.slug})

    def ancestors(self) -> list[Place]:
        """The chain from the country down to this place's parent."""
        chain: list[Place] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))
