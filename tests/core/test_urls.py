"""core.urls.reverse_pk gives what Django's reverse gives, in every language and after the URLs change."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dauys.core import urls
from dauys.core.urls import reverse_pk


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("viewname", ["problems:detail", "discussions:comment"])
def test_the_same_url_as_reverse_in_each_language(language: str, viewname: str) -> None:
    with translation.override(language):
        for pk in (1, 42, 7_304_918_265, 10**12):
            assert reverse_pk(viewname, pk) == reverse(viewname, kwargs={"pk": pk})
        assert reverse_pk(viewname, 5).startswith(f"/{language}/")


def test_a_changed_script_prefix_or_url_setting_is_followed() -> None:
    from django.urls import set_script_prefix

    with translation.override("en"):
        before = reverse_pk("problems:detail", 3)
        set_script_prefix("/mirror/")
        try:
            assert reverse_pk("problems:detail", 3) == "/mirror" + before
        finally:
            set_script_prefix("/")
        urls._templates[("problems:detail", "en", "/", None)] = ("/stale/", "/")
        with override_settings(ROOT_URLCONF="dauys.urls"):
            assert reverse_pk("problems:detail", 3) == before  # the setting's change dropped every template


def test_a_url_whose_own_digits_match_the_stand_in_is_reversed_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "STAND_IN", 1)  # "/en/problems/1/" splits once, but a stand-in "1" in a path would not
    urls._templates.clear()
    try:
        with translation.override("en"):
            assert reverse_pk("problems:detail", 27) == reverse("problems:detail", kwargs={"pk": 27})
    finally:
        urls._templates.clear()
