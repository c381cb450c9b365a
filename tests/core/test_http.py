"""core.http.back_to: a form's "next" is followed only to a path on this site, whatever text it holds."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from dauys.core.http import back_to


@pytest.mark.parametrize(
    ("wanted", "goes_to"),
    [
        ("/en/problems/12/", "/en/problems/12/"),
        ("/en/places/?place=astana", "/en/places/?place=astana"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/x", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("problems:detail", "/fallback/"),  # a view's name to django.shortcuts.redirect: never followed
        ("9" * 40, "/fallback/"),
        ("", "/fallback/"),
        (None, "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
    ],
)
def test_only_a_path_on_this_site_is_followed(wanted: str | None, goes_to: str) -> None:
    request = RequestFactory().post("/en/x/")
    assert back_to(request, wanted, "/fallback/")["Location"] == goes_to
