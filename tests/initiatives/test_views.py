"""The initiatives' pages, as a citizen meets them with JavaScript off: start one in a minute, find it in the list
(by activity, never by size), join it or ask to, see the members only as a member, leave in one step."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.initiatives import services
from dauys.initiatives.models import Initiative, Membership
from dauys.places.models import Place

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_citizen_starts_an_initiative_from_the_form(make_user) -> None:  # type: ignore[no-untyped-def]
    founder = make_user("Aigerim")
    client = _client(founder)
    assert client.get("/en/initiatives/new/").status_code == 200
    done = client.post(
        "/en/initiatives/new/",
        {
            "name": "Clean yards of Almaty",
            "description": "We clean *one yard* a week.",
            "places": ["almaty", "astana"],
            "links": "https://t.me/clean_yards\n\n",
            "joining": "request",
        },
    )
    initiative = Initiative.objects.get()
    assert done.status_code == 302 and done["Location"] == "/en/initiatives/clean-yards-of-almaty/"
    assert initiative.links == ["https://t.me/clean_yards"] and initiative.joining == "request"
    page = client.get(done["Location"]).content.decode()
    assert "<em>one yard</em>" in page and "Aigerim" in page  # a member sees the members
    public = Client().get(done["Location"]).content.decode()
    assert "1 member" in public and "Aigerim" not in public and "Sign in to join" in public


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(make_user) -> None:  # type: ignore[no-untyped-def]
    client = _client(make_user())
    page = client.post("/en/initiatives/new/", {"name": "Ours", "description": "", "places": ["no-such-place"]})
    assert page.status_code == 400
    text = page.content.decode()
    assert "There is a problem" in text and "There is no such place." in text and 'value="Ours"' in text
    assert "This field is required." in text  # the description
    assert not Initiative.objects.exists()


def test_signing_in_is_needed_to_start_or_join(make_user) -> None:  # type: ignore[no-untyped-def]
    initiative = services.initiative_create(
        actor=make_user(),
        data=services.InitiativeInput(name="A", description="B", places=[Place.objects.get(slug="almaty")]),
    )
    assert Client().get("/en/initiatives/new/").status_code == 302
    assert Client().post(f"/en/initiatives/{initiative.slug}/join/").status_code == 302
    assert Membership.objects.count() == 1


def test_the_list_is_by_latest_activity_and_filters_by_place(make_user) -> None:  # type: ignore[no-untyped-def]
    person = make_user()
    almaty, astana = Place.objects.get(slug="almaty"), Place.objects.get(slug="astana")
    big = services.initiative_create(actor=person, data=services.InitiativeInput("Big", "b", [astana]))
    small = services.initiative_create(actor=person, data=services.InitiativeInput("Small", "s", [almaty]))
    for _ in range(3):
        services.initiative_join(initiative=big, actor=make_user())
    page = Client().get("/en/initiatives/").content.decode()
    assert page.index("Small") < page.index("Big")  # the newest first, whatever the size
    assert "4 members" not in page  # no sizes in the list
    district = Place.objects.filter(parent=almaty).first()
    assert district is not None
    services.initiative_update(initiative=small, actor=person, data=services.InitiativeInput("Small", "s", [district]))
    in_almaty = Client().get("/en/initiatives/?place=almaty").content.decode()
    assert "Small" in in_almaty and "Big" not in in_almaty  # a district of Almaty is in Almaty
    assert Client().get("/en/initiatives/?place=nowhere").status_code == 400


def test_joining_asking_accepting_and_leaving_through_the_pages(make_user) -> None:  # type: ignore[no-untyped-def]
    founder, asking = make_user("Founder"), make_user("Asking")
    initiative = services.initiative_create(
        actor=founder,
        data=services.InitiativeInput("Ask first", "d", [Place.objects.get(slug="almaty")], joining="request"),
    )
    url = initiative.get_absolute_url()
    client = _client(asking)
    assert "Ask to join" in client.get(url).content.decode()
    client.post(f"{url}join/")
    assert "You asked to join" in client.get(url).content.decode()
    assert client.get(f"{url}members/").status_code == 403  # not a member yet
    request = Membership.objects.get(user=asking)
    coordinator = _client(founder)
    members = coordinator.get(f"{url}members/").content.decode()
    assert "Requests to join" in members and "Asking" in members
    assert client.post(f"{url}members/{request.pk}/", {"action": "accept"}).status_code == 403
    bad = coordinator.post(f"{url}members/{request.pk}/", {"action": "promote-everyone"})
    assert bad.status_code == 400 and "Choose what to do." in bad.content.decode()
    assert coordinator.post(f"{url}members/{request.pk}/", {"action": "accept"}).status_code == 302
    assert "Asking" in client.get(f"{url}members/").content.decode()
    client.post(f"{url}leave/")
    assert not Membership.objects.filter(user=asking).exists()
    assert Initiative.objects.get(pk=initiative.pk).members_count == 1


def test_only_coordinators_reach_the_edit_form(make_user) -> None:  # type: ignore[no-untyped-def]
    founder, member = make_user(), make_user()
    initiative = services.initiative_create(
        actor=founder, data=services.InitiativeInput("Edit me", "d", [Place.objects.get(slug="almaty")])
    )
    services.initiative_join(initiative=initiative, actor=member)
    url = f"{initiative.get_absolute_url()}edit/"
    assert _client(member).get(url).status_code == 403
    form = _client(founder).get(url).content.decode()
    assert 'value="Edit me"' in form and 'value="almaty" selected' in form
    saved = _client(founder).post(url, {"name": "Edited", "description": "d", "places": ["almaty"], "joining": "open"})
    assert saved.status_code == 302 and Initiative.objects.get().name == "Edited"
