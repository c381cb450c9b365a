"""The domain event bus delivers after commit, in order, and never for a rolled-back write."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import transaction

from dauys.core import events
from dauys.core.events import Event, emit, record_events, subscriber


@dataclasses.dataclass(frozen=True, kw_only=True)
class Pinged(Event):
    name = "test.pinged"
    n: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class Ponged(Event):
    name = "test.ponged"
    n: int


received: list[tuple[str, int]] = []
task_received: list[int] = []


@subscriber(Pinged)
def first(event: Pinged) -> None:
    received.append(("first", event.n))


@subscriber(Pinged)
def broken(event: Pinged) -> None:
    if event.n < 0:
        raise RuntimeError("boom")
    received.append(("broken", event.n))


@subscriber(Pinged)
def last(event: Pinged) -> None:
    received.append(("last", event.n))


@subscriber(Ponged, as_task=True)
def in_a_task(event: Ponged) -> None:
    task_received.append(event.n)


@pytest.fixture(autouse=True)
def _clear() -> None:
    received.clear()
    task_received.clear()


@pytest.mark.django_db(transaction=True)
def test_delivered_only_after_commit_in_registration_order() -> None:
    with transaction.atomic():
        emit(Pinged(n=1))
        assert received == []
    assert received == [("first", 1), ("broken", 1), ("last", 1)]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_write_emits_nothing() -> None:
    with record_events() as seen:
        try:
            with transaction.atomic():
                emit(Pinged(n=2))
                raise ValueError("the write fails")
        except ValueError:
            pass
    assert received == []
    assert seen == []


@pytest.mark.django_db(transaction=True)
def test_rolled_back_savepoint_drops_only_its_events() -> None:
    with transaction.atomic():
        emit(Pinged(n=3))
        try:
            with transaction.atomic():
                emit(Pinged(n=4))
                raise ValueError
        except ValueError:
            pass
    assert [n for who, n in received if who == "first"] == [3]


@pytest.mark.django_db(transaction=True)
def test_failing_subscriber_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    with transaction.atomic():
        emit(Pinged(n=-1))
    assert received == [("first", -1), ("last", -1)]
    assert "subscriber tests.core.test_events.broken failed on test.pinged" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_task_subscriber_gets_an_equal_event_through_the_queue() -> None:
    # The test settings run the queue synchronously; the event still goes through payload serialisation.
    with transaction.atomic():
        emit(Ponged(n=7))
    assert task_received == [7]


def test_event_round_trips_through_its_payload() -> None:
    event = Pinged(n=5)
    again = Event.from_payload(event.name, event.payload())
    assert again == event
    assert again.occurred.tzinfo is not None


def test_every_event_has_its_own_id_which_survives_the_queue() -> None:
    first, second = Pinged(n=5), Pinged(n=5)
    assert first.id != second.id and len(first.id) == 32
    assert Event.from_payload(first.name, first.payload()).id == first.id


def test_event_names_are_unique_and_required() -> None:
    with pytest.raises(TypeError, match="already used"):

        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Duplicate(Event):
            name = "test.pinged"

    with pytest.raises(TypeError, match="must set"):

        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Nameless(Event):
            pass


def test_subscribing_twice_registers_once() -> None:
    subscriber(Pinged)(first)
    assert [s.handler for s in events.subscriptions(Pinged)].count(first) == 1


def test_services_emit_with_captured_on_commit(django_capture_on_commit_callbacks, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.events import DisplayNameChanged
    from dauys.accounts.services import display_name_change

    user = make_user("Before")
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        display_name_change(user=user, display_name="After")
    assert seen == [
        DisplayNameChanged(user_id=user.pk, display_name="After", id=seen[0].id, occurred_at=seen[0].occurred_at)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_task_subscriber_is_queued_in_the_writing_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a real queue (not the tests' synchronous one) the task row is part of the change: it commits with it,
    once, and a rolled-back change leaves no task behind."""
    from django_q.conf import Conf
    from django_q.models import OrmQ

    monkeypatch.setattr(Conf, "SYNC", False)
    with transaction.atomic():
        emit(Ponged(n=8))
        assert OrmQ.objects.count() == 1  # written now, in the transaction: a worker sees it only after the commit
    assert OrmQ.objects.count() == 1  # not queued a second time on commit
    try:
        with transaction.atomic():
            emit(Ponged(n=9))
            raise ValueError("the write fails")
    except ValueError:
        pass
    assert OrmQ.objects.count() == 1
    emit(Ponged(n=10))  # outside a transaction: queued at once, as before
    assert OrmQ.objects.count() == 2
    assert task_received == []  # nothing ran in this process: a worker would
