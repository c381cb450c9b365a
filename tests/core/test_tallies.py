"""Tallies (core.tallies): counted personal acts with keys, changeable values and capacities, exact under
concurrency. Supports use a tally too (tests/problems); these tests give it the shapes the next domains need
(signatures by region, agree/disagree votes, spots at an event) on tables of their own, in the real database."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import pytest
from django.db import connection, connections, models

from dauys.core import tallies
from dauys.core.events import Event, record_events
from tests.conftest import tables_of


class Gathering(models.Model):
    status = models.CharField(max_length=10, default="open")
    taken = models.PositiveIntegerField(default=0)
    places = models.PositiveIntegerField(default=1_000)

    class Meta:
        app_label = "tallies_test"


class Act(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE)
    person = models.IntegerField()
    choice = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tallies_test"
        constraints = [models.UniqueConstraint(fields=["gathering", "person"], name="tallies_test_one_act")]


class ActCount(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE)
    choice = models.CharField(max_length=10)
    count = models.IntegerField(default=0)

    class Meta:
        app_label = "tallies_test"
        constraints = [models.UniqueConstraint(fields=["gathering", "choice"], name="tallies_test_one_count")]


class Attendee(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE)
    person = models.IntegerField()

    class Meta:
        app_label = "tallies_test"
        constraints = [models.UniqueConstraint(fields=["gathering", "person"], name="tallies_test_one_place")]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Counted(Event):
    name = "tallies_test.counted"
    gathering_id: int
    count: int
    key: str | None


def _event(gathering: int, outcome: tallies.Outcome) -> Counted:
    return Counted(gathering_id=gathering, count=outcome.count, key=outcome.key)


SIGNATURES = tallies.Tally(  # one region per signature, fixed once given
    "tallies_test.signature", row=Act, thing="gathering", person="person", counter="taken",
    key="choice", counts=ActCount, open={"status": "open"}, event=_event,
)  # fmt: skip
VOTES = tallies.Tally(  # agree / disagree, changeable
    "tallies_test.vote", row=Act, thing="gathering", person="person", counter="taken",
    key="choice", counts=ActCount, changeable=True, open={"status": ["open", "voting"]}, event=_event,
)  # fmt: skip
SPOTS = tallies.Tally(  # at most `places` people
    "tallies_test.spot", row=Attendee, thing="gathering", person="person", counter="taken",
    capacity="places", open={"status": "open"}, event=_event,
)  # fmt: skip


@pytest.fixture(scope="module")
def tables(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with tables_of(django_db_blocker, Gathering, Act, ActCount, Attendee):
        yield


def _counted(gathering: Gathering) -> tuple[int, int, dict[str, int]]:
    """The counter, the rows and the counts per key, as the database holds them."""
    gathering.refresh_from_db()
    rows = Act.objects.filter(gathering=gathering).count() or Attendee.objects.filter(gathering=gathering).count()
    by_key = dict(ActCount.objects.filter(gathering=gathering, count__gt=0).values_list("choice", "count"))
    return gathering.taken, rows, by_key


@pytest.mark.django_db
def test_a_key_counts_where_it_was_given_and_a_repeat_changes_nothing(tables, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    place = Gathering.objects.create()
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        first = SIGNATURES.set(place.pk, 1, key="almaty")
        SIGNATURES.set(place.pk, 2, key="almaty")
        SIGNATURES.set(place.pk, 3, key="abai")
        again = SIGNATURES.set(place.pk, 1, key="abai")  # signed already, in Almaty: "you already did"
    assert first == tallies.Outcome(changed=True, count=1, key="almaty")
    assert again == tallies.Outcome(changed=False, count=3, key="almaty", previous="almaty")
    assert _counted(place) == (3, 3, {"almaty": 2, "abai": 1})
    assert SIGNATURES.counts_by_key(place.pk) == {"almaty": 2, "abai": 1}
    assert [(e.count, e.key) for e in seen] == [(1, "almaty"), (2, "almaty"), (3, "abai")]  # one event a change

    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        gone = SIGNATURES.clear(place.pk, 2)
        SIGNATURES.clear(place.pk, 2)  # a repeat
    assert gone == tallies.Outcome(changed=True, count=2, key=None, previous="almaty")
    assert _counted(place) == (2, 2, {"almaty": 1, "abai": 1})
    assert [(e.count, e.key) for e in seen] == [(2, None)]
    assert SIGNATURES.key_of(place.pk, 1) == "almaty" and SIGNATURES.key_of(place.pk, 2) is None


@pytest.mark.django_db
def test_a_changeable_vote_moves_between_keys_and_the_total_stays(tables) -> None:  # type: ignore[no-untyped-def]
    place = Gathering.objects.create(status="voting")
    VOTES.set(place.pk, 1, key="agree")
    VOTES.set(place.pk, 2, key="agree")
    changed = VOTES.set(place.pk, 1, key="disagree")
    assert changed == tallies.Outcome(changed=True, count=2, key="disagree", previous="agree")
    assert _counted(place) == (2, 2, {"agree": 1, "disagree": 1})
    assert VOTES.set(place.pk, 1, key="disagree").changed is False
    VOTES.clear(place.pk, 1)
    assert _counted(place) == (1, 1, {"agree": 1})


@pytest.mark.django_db
def test_a_thing_that_is_not_open_refuses_acts_but_lets_people_withdraw(tables) -> None:  # type: ignore[no-untyped-def]
    place = Gathering.objects.create()
    VOTES.set(place.pk, 1, key="agree")
    Gathering.objects.filter(pk=place.pk).update(status="closed")
    with pytest.raises(tallies.Closed):
        VOTES.set(place.pk, 2, key="agree")
    with pytest.raises(tallies.Closed):
        VOTES.set(place.pk, 1, key="disagree")  # nor may a vote change once it closed
    assert VOTES.clear(place.pk, 1).changed is True
    assert _counted(place) == (0, 0, {})
    with pytest.raises(Gathering.DoesNotExist):
        VOTES.set(place.pk + 1_000, 1, key="agree")
    with pytest.raises(ValueError):
        VOTES.set(place.pk, 1)  # this tally needs a key


@pytest.mark.django_db
def test_places_are_never_overbooked_and_a_repeat_at_capacity_is_not_a_refusal(tables) -> None:  # type: ignore[no-untyped-def]
    place = Gathering.objects.create(places=2)
    assert SPOTS.set(place.pk, 1).count == 1
    assert SPOTS.set(place.pk, 2).count == 2
    assert SPOTS.set(place.pk, 1) == tallies.Outcome(changed=False, count=2, key=True, previous=True)
    with pytest.raises(tallies.Full):
        SPOTS.set(place.pk, 3)
    SPOTS.clear(place.pk, 2)
    assert SPOTS.set(place.pk, 3).count == 2
    assert _counted(place) == (2, 2, {})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="several writers at once: PostgreSQL")
def test_concurrent_votes_and_places_count_exactly(tables) -> None:  # type: ignore[no-untyped-def]
    votes, spots = Gathering.objects.create(), Gathering.objects.create(places=10)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    full = []

    def act(worker: int) -> None:
        try:
            barrier.wait()
            for person in range(20):  # each person from two workers at once, changing their mind
                VOTES.set(votes.pk, person, key="agree" if (person + worker) % 2 else "disagree")
                VOTES.set(votes.pk, person, key="disagree" if (person + worker) % 3 else "agree")
                if person % 4 == worker % 4:
                    VOTES.clear(votes.pk, person)
                try:
                    SPOTS.set(spots.pk, person + 100 * (worker % 4))
                except tallies.Full:
                    full.append(person)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    taken, rows, by_key = _counted(votes)
    assert taken == rows == sum(by_key.values())
    in_rows = Act.objects.filter(gathering=votes).values_list("choice").annotate(n=models.Count("pk"))
    assert by_key == dict(in_rows)
    spots.refresh_from_db()
    assert spots.taken == Attendee.objects.filter(gathering=spots).count() == 10 and full
