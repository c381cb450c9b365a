from __future__ import annotations

import pytest
from django.test import Client

from dauys.authorities.models import Authority
from dauys.authorities.selectors import vertical, vertical_tree
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


def test_vertical_tree_holds_every_authority_once() -> None:
    seen: list[int] = []

    def walk(nodes) -> None:  # type: ignore[no-untyped-def]
        for n in nodes:
            seen.append(n.authority.pk)
            walk(n.children)

    walk(vertical_tree())
    assert sorted(seen) == sorted(Authority.objects.values_list("pk", flat=True))


def test_filter_by_kind_and_place(client: Client) -> None:
    response = client.get("/en/authorities/", {"kind": "akimat", "place": "astana"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Akimat of Astana" in html
    assert "Yesil" in html
    assert "Akimat of Abai Region" not in html
    assert "Ministry" not in html


def test_bad_filter_gets_a_precise_message_and_400(client: Client) -> None:
    response = client.get("/ru/authorities/", {"kind": "emperor", "place": "atlantis"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Такого типа органа нет." in html
    assert "Такой территории нет." in html


def test_authority_page(client: Client) -> None:
    response = client.get("/kk/authorities/akimat-astana/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Астана қаласының әкімдігі" in html
    assert "Қазақстан Республикасының Үкіметі" in html  # answers to the Government


def test_vertical_page(client: Client) -> None:
    response = client.get("/en/authorities/vertical/")
    assert response.status_code == 200
    assert "Administration of the President of the Republic of Kazakhstan" in response.content.decode()


def test_parent_cycle_is_refused() -> None:
    from django.core.exceptions import ValidationError

    pa = Authority.objects.get(kind="presidential_administration")
    pa.parent = Authority.objects.get(kind="government")
    with pytest.raises(ValidationError, match="cannot answer to itself"):
        pa.clean()


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
