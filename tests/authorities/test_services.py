"""The directory's writes: the seeded vertical, the default legal rule, operators' edits (each one event)."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.authorities.models import Authority
from dauys.authorities.selectors import vertical
from dauys.core.events import record_events

pytestmark = pytest.mark.django_db


def test_the_vertical_is_seeded() -> None:
    pa = Authority.objects.get(kind="presidential_administration")
    government = Authority.objects.get(kind="government")
    assert government.parent == pa
    assert not pa.accepts_complaints and not government.accepts_complaints
    assert Authority.objects.filter(kind="akimat", place__kind__in=["region", "city"]).count() == 20
    assert Authority.objects.filter(kind="parliament").count() == 2
    assert Authority.objects.filter(kind="ministry").count() >= 18
    assert Authority.objects.filter(kind="party").count() >= 6
    yesil = Authority.objects.get(place__code="KZ-71-yesil")
    assert [a.kind for a in vertical(authority=yesil)] == ["akimat", "government", "presidential_administration"]


def test_every_authority_has_the_default_15_day_rule_and_three_names() -> None:
    for a in Authority.objects.select_related("response_rule"):
        assert a.response_rule.answer_working_days == 15
        assert a.response_rule.extension_max_months == 2
        assert a.name_kk and a.name_ru and a.name_en


def test_admin_edit_goes_through_the_service_and_emits_one_event(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    a = Authority.objects.get(slug="akimat-astana")
    url = f"/en/admin/authorities/authority/{a.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "email": "appeals@astana.example.kz",
            "place": a.place_id,
            "parent": a.parent_id,
            "response_rule": a.response_rule_id,
            "representatives-TOTAL_FORMS": 0,
            "representatives-INITIAL_FORMS": 0,
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [e.name for e in seen] == ["authority.changed"]
    assert "email" in seen[0].fields  # type: ignore[attr-defined]


def test_saving_an_authority_and_verifying_a_representative_emit_one_event_each(make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Representative
    from dauys.authorities.services import authority_save, representative_set_verified

    akimat = Authority.objects.get(slug="akimat-astana")
    akimat.email = "appeals@astana.example.kz"
    names, _saved = emitted(authority_save, authority=akimat, changed=["email"], actor=make_user("Operator"))
    assert names == ["authority.changed"]
    assert Authority.objects.get(pk=akimat.pk).email == "appeals@astana.example.kz"
    representative = Representative.objects.create(user=make_user("Akimat clerk"), authority=akimat)
    names, representative = emitted(representative_set_verified, representative=representative, verified=True)
    assert names == ["authority.representative_verified"]
    assert representative.verified and representative.verified_at is not None
    names, representative = emitted(representative_set_verified, representative=representative, verified=False)
    assert names == ["authority.representative_verified"] and representative.verified_at is None
