"""An authority's own rules: no body answers to itself up the vertical."""

from __future__ import annotations

import pytest

from dauys.authorities.models import Authority

pytestmark = pytest.mark.django_db


def test_parent_cycle_is_refused() -> None:
    from django.core.exceptions import ValidationError

    pa = Authority.objects.get(kind="presidential_administration")
    pa.parent = Authority.objects.get(kind="government")
    with pytest.raises(ValidationError, match="cannot answer to itself"):
        pa.clean()
