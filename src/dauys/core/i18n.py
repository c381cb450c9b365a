"""Fields that hold one text in each of the site's languages."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dauys.core.collation import LANGUAGES as LANGS
from dauys.core.collation import sort_key


def active_language() -> str:
    """The active language if it is one of the site's, else Kazakh."""
    lang = (get_language() or "kk")[:2]
    return lang if lang in LANGS else "kk"


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
        value = getattr(self, f"name_{active_language()}", "")
        return str(value or self.name_kk or self.name_ru or self.name_en)


def order_by_name() -> Collate:
    """For ``order_by``: the name in the active language, in that language's alphabetical order (the collation
    ``dauys_<lang>`` of ``core.collation``)."""
    lang = active_language()
    return Collate(F(f"name_{lang}"), f"dauys_{lang}")


def name_key(text: str) -> tuple[tuple[int, int], ...]:
    """For ``sorted(..., key=...)`` over names: the active language's alphabetical order, as ``order_by_name``."""
    return sort_key(text, active_language())


def names(obj: NamedInThreeLanguages) -> dict[str, str]:
    """The three names of an object, for messages that are worded later, in the reader's language."""
    return {"kk": obj.name_kk, "ru": obj.name_ru, "en": obj.name_en}


def localize(value: object) -> object:
    """Pick the active language's text from a ``names()`` dict; leave anything else as it is."""
    if isinstance(value, dict) and set(value) >= set(LANGS):
        return value.get(active_language()) or value.get("kk")
    return value
