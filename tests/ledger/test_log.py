"""Public events become numbered leaves: in the writing transaction, gap-free, with the tree's hashes stored."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection

from dauys.ledger import canonical, merkle, sequencer
from dauys.ledger.models import Entry, Node, Pending
from dauys.problems import services
from dauys.problems.models import Problem

pytestmark = pytest.mark.django_db


def test_public_events_become_leaves_and_private_ones_do_not(  # type: ignore[no-untyped-def]
    make_problem, make_user, yesil_akimat, author, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        problem = make_problem()  # drafted (private), then published (public)
        services.support_set(problem=problem, user=make_user("Fan"), supported=True)  # counted later, not a leaf
        services.appeal_create(
            problem=problem,
            authority=yesil_akimat,
            actor=author,
            delivery="recorded",
            registration_number="ЖТ-1",
            registered_on=date.today() - timedelta(days=1),
        )
    sequencer.sequence_all()
    entries = list(Entry.objects.order_by("index"))
    assert [e.index for e in entries] == list(range(len(entries)))
    leaves = [json.loads(e.data) for e in entries]
    assert [leaf["type"] for leaf in leaves] == ["problem.published", "appeal.sent"]
    for entry, leaf in zip(entries, leaves, strict=True):
        assert entry.data == canonical.dumps(leaf)  # stored exactly as hashed
        assert bytes(entry.leaf_hash) == merkle.leaf_hash(entry.data.encode())
        assert leaf["object"].endswith(f"/api/v1/problems/{problem.pk}") and leaf["v"] == 1
        assert "@" not in entry.data  # no e-mail address, ever
    assert leaves[1]["appeal_id"] > 0 and len(leaves[1]["content_sha256"]) == 64


def test_the_stored_tree_matches_the_definition_and_proves_every_leaf(make_problem) -> None:  # type: ignore[no-untyped-def]
    for i in range(37):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": f"/t/{i}"}))
    assert sequencer.sequence(batch=10) == 10
    assert sequencer.sequence_all() == 27 and not Pending.objects.exists()
    data = [e.data.encode() for e in Entry.objects.order_by("index")]
    node = sequencer.node_from_db
    for n in (1, 10, 16, 37):
        assert merkle.root(node, n) == merkle.mth(data[:n])
    root = merkle.root(node, 37)
    for i in range(37):
        assert merkle.verify_inclusion(merkle.leaf_hash(data[i]), i, 37, merkle.inclusion_proof(node, i, 37), root)
    assert Node.objects.filter(level=0).count() == 37 and Node.objects.filter(level=5).count() == 1


def test_no_public_change_without_its_leaf(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem(publish=False)
    failing = mock.patch("dauys.ledger.subscribers.Pending.objects.create", side_effect=RuntimeError("disk full"))
    with failing, pytest.raises(RuntimeError):
        services.problem_publish(problem=problem, actor=problem.author)
    assert Problem.objects.get(pk=problem.pk).status == Problem.Status.DRAFT
    assert not Pending.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sequencers_leave_no_gap(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("several writers at once: PostgreSQL (the CI's second pass); SQLite has one writer")
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(40):
                Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "w": k, "i": i, "object": ""}))
                if i % 7 == 0:
                    sequencer.sequence(batch=13)
            sequencer.sequence_all()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sequencer.sequence_all()
    assert errors == []
    indexes = list(Entry.objects.order_by("index").values_list("index", flat=True))
    assert indexes == list(range(240))
    data = [e.data.encode() for e in Entry.objects.order_by("index")]
    assert merkle.root(sequencer.node_from_db, 240) == merkle.mth(data)


def test_proofs_fetch_their_subtrees_in_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(100):
        Pending.objects.create(data=canonical.dumps({"v": 1, "type": "test", "n": i, "object": ""}))
    sequencer.sequence_all()
    data = [e.data.encode() for e in Entry.objects.order_by("index")]
    with django_assert_num_queries(1):
        proof = sequencer.with_stored_nodes(lambda node: merkle.inclusion_proof(node, 41, 100))
    with django_assert_num_queries(1):
        consistency = sequencer.with_stored_nodes(lambda node: merkle.consistency_proof(node, 37, 100))
    root = merkle.mth(data)
    assert merkle.verify_inclusion(merkle.leaf_hash(data[41]), 41, 100, proof, root)
    assert merkle.verify_consistency(37, 100, merkle.mth(data[:37]), root, consistency)


def test_every_problem_page_links_to_its_record_in_the_log(  # type: ignore[no-untyped-def]
    client, make_problem, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        problem = make_problem()
    sequencer.sequence_all()
    page = client.get(f"/en/problems/{problem.pk}/").content.decode()
    assert f'href="/en/problems/{problem.pk}/record/"' in page
    record = client.get(f"/en/problems/{problem.pk}/record/").content.decode()
    entry = Entry.objects.get()
    assert ">published<" in record
    assert f"/ledger/proof/inclusion.json?leaf_index={entry.index}&amp;tree_size=1" in record
    assert "dauys verify http" in record
    draft = make_problem(publish=False)
    assert client.get(f"/en/problems/{draft.pk}/record/").status_code == 404


def test_the_record_survives_a_change_of_the_base_url(
    client, make_problem, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        problem = make_problem()
    sequencer.sequence_all()
    assert json.loads(Entry.objects.get().data)["object"].startswith(settings.BASE_URL)
    settings.BASE_URL = "https://new-name.example.org"
    assert ">published<" in client.get(f"/en/problems/{problem.pk}/record/").content.decode()


def test_many_events_queue_one_numbering_pass_which_still_sees_them_all(  # type: ignore[no-untyped-def]
    make_problem, django_capture_on_commit_callbacks
) -> None:
    """A pass is queued once for a burst of events; once it starts, the next event queues another one."""
    from django.core.cache import cache

    from dauys.ledger import subscribers, tasks

    cache.delete(subscribers.QUEUED_KEY)
    with mock.patch("dauys.core.tasks.enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            make_problem(title="First of a burst")
        with django_capture_on_commit_callbacks(execute=True):
            make_problem(title="Second of a burst")

        def passes() -> int:
            return sum(call.args == ("dauys.ledger.tasks.sequence_pending",) for call in enqueue.call_args_list)

        assert passes() == 1  # the second found a pass queued and not started
        assert tasks.sequence_pending() == 2  # the queued pass numbers both
        with django_capture_on_commit_callbacks(execute=True):
            make_problem(title="After the pass started")
        assert passes() == 2
    assert tasks.sequence_pending() == 1
    assert Entry.objects.count() == 3 and not Pending.objects.exists()
