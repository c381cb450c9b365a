"""Fields that hold one text in each of the site's languages."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGS = ("kk", "ru", "en")


class NamedInThreeLanguages(models.Model):
    """An object with a name in Kazakh, Russian and English; ``name`` is the one for the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "kk")[:2]
        value = getattr(self, f"name_{lang}", "") if lang in LANGS else ""
        return str(value or self.name_kk or self.name_ru or self.name_en)


def order_by_name() -> Collate:
    """For ``order_by``: the name in the active language, in that language's alphabetical order."""
    from dauys.core.collation import active_language, collated

    lang = active_language()
    return collated(f"name_{lang}", lang)


def names(obj: NamedInThreeLanguages) -> dict[str, str]:
    """The three names of an object, for messages that are worded later, in the reader's language."""
    return {"kk": obj.name_kk, "ru": obj.name_ru, "en": obj.name_en}


def localize(value: object) -> object:
    """Pick the active language's text from a ``names()`` dict; leave anything else as it is."""
    if isinstance(value, dict) and set(value) >= set(LANGS):
        lang = (get_language() or "kk")[:2]
        return value.get(lang) or value.get("kk")
    return value
