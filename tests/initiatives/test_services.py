"""The initiatives' writes: anyone starts one, coordinators run it, joining is open or by request, leaving is always
possible, the member count is exact; each write one event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.initiatives import services
from dauys.initiatives.models import Initiative, Membership
from dauys.places.models import Place
from dauys.problems.models import Category

pytestmark = pytest.mark.django_db


def _input(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "name": "Жасыл Алматы",
        "description": "Біз ағаш отырғызамыз. Мы сажаем деревья во дворах.",
        "places": [Place.objects.get(slug="almaty")],
        "topics": [Category.objects.order_by("pk").first()],
        "links": ["https://t.me/jasyl_almaty"],
        "joining": "open",
    }
    data.update(overrides)
    return services.InitiativeInput(**data)


@pytest.fixture
def started(make_user, emitted):  # type: ignore[no-untyped-def]
    founder = make_user("Founder")
    names, initiative = emitted(services.initiative_create, actor=founder, data=_input())
    assert names == ["initiative.created"]
    return initiative, founder


def test_anyone_starts_an_initiative_and_is_its_first_coordinator(started) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    assert initiative.slug == "jasil-almati"
    assert initiative.members_count == 1 and initiative.description_html.startswith("<p>")
    assert [p.slug for p in initiative.places.all()] == ["almaty"]
    membership = Membership.objects.get(initiative=initiative)
    assert (membership.user, membership.role, membership.state) == (founder, "coordinator", "active")


def test_slugs_are_unique_and_latin(make_user) -> None:  # type: ignore[no-untyped-def]
    person = make_user()
    first = services.initiative_create(actor=person, data=_input(name="Чистый двор"))
    second = services.initiative_create(actor=person, data=_input(name="Чистый  двор!"))
    third = services.initiative_create(actor=person, data=_input(name="«»"))
    assert (first.slug, second.slug, third.slug) == ("chistii-dvor", "chistii-dvor-2", "initiative")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the initiative a name."),
        ({"description": ""}, "description", "Say in a few words what the initiative does."),
        ({"places": []}, "places", "Choose at least one place where the initiative acts."),
        ({"links": ["javascript:alert(1)"]}, "links", "“javascript:alert(1)” is not a web address (https://…)."),
        ({"links": [f"https://example.org/{i}" for i in range(6)]}, "links", "Give at most 5 links."),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_written(make_user, overrides, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.initiative_create(actor=make_user(), data=_input(**overrides))
    assert refused.value.message_dict == {field: [message]}
    assert not Initiative.objects.exists() and not Membership.objects.exists()


def test_joining_an_open_initiative_counts_at_once_and_a_repeat_changes_nothing(started, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    initiative, _founder = started
    person = make_user()
    names, membership = emitted(services.initiative_join, initiative=initiative, actor=person)
    assert names == ["initiative.membership_changed"] and membership.state == "active"
    names, again = emitted(services.initiative_join, initiative=initiative, actor=person)
    assert names == [] and again.pk == membership.pk
    initiative.refresh_from_db()
    assert initiative.members_count == 2


def test_joining_by_request_waits_for_a_coordinator(started, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    services.initiative_update(initiative=initiative, actor=founder, data=_input(joining="request"))
    asking, refused = make_user(), make_user()
    request = services.initiative_join(initiative=initiative, actor=asking)
    other = services.initiative_join(initiative=initiative, actor=refused)
    assert request.state == "requested" and Initiative.objects.get(pk=initiative.pk).members_count == 1
    with pytest.raises(PermissionDenied):
        services.membership_decide(membership=other, actor=asking, accept=True)  # not a coordinator
    names, accepted = emitted(services.membership_decide, membership=request, actor=founder, accept=True)
    assert names == ["initiative.membership_changed"] and accepted.state == "active"
    assert services.membership_decide(membership=other, actor=founder, accept=False) is None
    assert not Membership.objects.filter(user=refused).exists()
    assert Initiative.objects.get(pk=initiative.pk).members_count == 2
    with pytest.raises(ValidationError, match="member already"):
        services.membership_decide(membership=accepted, actor=founder, accept=True)


def test_leaving_is_always_possible_and_the_last_coordinator_hands_over(started, make_user) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    first, second = make_user(), make_user()
    services.initiative_join(initiative=initiative, actor=first)
    services.initiative_join(initiative=initiative, actor=second)
    services.initiative_leave(initiative=initiative, actor=founder)
    heir = Membership.objects.get(user=first)
    assert heir.role == "coordinator" and Membership.objects.get(user=second).role == "member"
    assert Initiative.objects.get(pk=initiative.pk).members_count == 2
    services.initiative_leave(initiative=initiative, actor=founder)  # again: nothing to leave
    assert Initiative.objects.get(pk=initiative.pk).members_count == 2


def test_roles_change_but_one_coordinator_stays(started, make_user) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    member = services.initiative_join(initiative=initiative, actor=make_user())
    services.membership_role(membership=member, actor=founder, role="coordinator")
    mine = Membership.objects.get(user=founder)
    services.membership_role(membership=mine, actor=founder, role="member")
    with pytest.raises(ValidationError, match="at least one coordinator"):
        services.membership_role(membership=Membership.objects.get(pk=member.pk), actor=member.user, role="member")
    with pytest.raises(ValidationError, match="Choose a role"):
        services.membership_role(membership=member, actor=member.user, role="owner")


def test_only_coordinators_edit_and_an_edit_says_what_changed(started, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        services.initiative_update(initiative=initiative, actor=stranger, data=_input(name="Taken over"))
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            initiative=initiative,
            actor=services.initiative_join(initiative=initiative, actor=stranger).user,
            data=_input(name="Taken over"),
        )
    names, _ = emitted(
        services.initiative_update, initiative=initiative, actor=founder, data=_input(name="Green Almaty")
    )
    assert names == ["initiative.changed"]
    names, _ = emitted(
        services.initiative_update, initiative=initiative, actor=founder, data=_input(name="Green Almaty")
    )
    assert names == []  # nothing changed, nothing said
    initiative.refresh_from_db()
    assert initiative.name == "Green Almaty" and initiative.slug == "jasil-almati"  # its address stays


def test_the_coordinators_hear_of_a_request_and_the_person_of_the_answer(  # type: ignore[no-untyped-def]
    started, make_user, django_capture_on_commit_callbacks
) -> None:
    from dauys.notifications.models import Notification

    initiative, founder = started
    services.initiative_update(initiative=initiative, actor=founder, data=_input(joining="request"))
    asking = make_user("Asking")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.initiative_join(initiative=initiative, actor=asking)
    told = Notification.objects.get(user=founder, kind="initiative.requested")
    assert told.url == f"/en/initiatives/{initiative.slug}/members/" and told.params["person"] == "Asking"
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(membership=request, actor=founder, accept=True)
    assert Notification.objects.filter(user=asking, kind="initiative.accepted").count() == 1


def test_a_request_withdrawn_meanwhile_is_told_not_a_crash(started, make_user) -> None:  # type: ignore[no-untyped-def]
    initiative, founder = started
    services.initiative_update(initiative=initiative, actor=founder, data=_input(joining="request"))
    asking = make_user()
    request = services.initiative_join(initiative=initiative, actor=asking)
    services.initiative_leave(initiative=initiative, actor=asking)  # withdrawn before the coordinator answers
    with pytest.raises(ValidationError, match="left meanwhile"):
        services.membership_decide(membership=request, actor=founder, accept=True)
    assert Initiative.objects.get(pk=initiative.pk).members_count == 1
