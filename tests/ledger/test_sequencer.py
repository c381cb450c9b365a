"""Public events become numbered leaves: in the writing transaction, gap-free, with the tree's hashes stored."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection

from dauys.authorities import services as authorities
from dauys.authorities.leaves import authority_content
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
    failing = mock.patch("dauys.ledger.subscribers.statements.insert", side_effect=RuntimeError("disk full"))
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


def test_leaves_name_the_public_actor_and_nobody_who_hid_or_is_not_an_account(  # type: ignore[no-untyped-def]
    make_problem, make_user, author, django_capture_on_commit_callbacks
) -> None:
    from dauys.discussions import services as discussions
    from dauys.discussions.models import Moderator

    moderator = make_user("Moderator")
    Moderator.objects.create(user=moderator)
    named = make_problem(title="Signed with a pseudonym")
    hidden = make_problem(title="Filed without a name", hide_author=True)
    comment = discussions.comment_post(target_key=f"problem:{hidden.pk}", body="Mine too", author=author)
    guest = discussions.Guest(name="Passer-by", email="guest@example.org", confirmed=True)
    discussions.comment_post(target_key=f"problem:{named.pk}", body="A guest's words", guest=guest)
    discussions.comment_hide(comment=comment, moderator=moderator, rule="spam")
    services.problem_set_status(problem=named, actor=None, status=Problem.Status.RESOLVED)  # the monitoring job
    sequencer.sequence_all()
    leaves = [json.loads(e.data) for e in Entry.objects.order_by("index")]
    actors = [(leaf["type"], leaf["object"].rsplit("/", 2)[-2], leaf["actor"]) for leaf in leaves]
    assert actors == [
        ("problem.published", "problems", author.username),
        ("problem.published", "problems", None),  # the author hid their name: the log does not name them
        ("comment.posted", "comments", author.username),  # a comment is signed even on an anonymous problem
        ("comment.posted", "comments", None),  # a guest is not an account
        ("comment.hidden", "comments", moderator.username),  # moderators act under their pseudonym
        ("problem.status_changed", "problems", None),
    ]
    assert all("@" not in (leaf["actor"] or "") for leaf in leaves)


def test_supports_enter_the_log_as_hourly_counts_of_the_problems_that_changed(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.ledger import tasks

    quiet, busy = make_problem(title="Nobody supports this"), make_problem(title="Everybody supports this")
    fans = [make_user(f"Fan{i}") for i in range(3)]
    for fan in fans:
        services.support_set(problem=busy, user=fan, supported=True)
    sequencer.sequence_all()
    before = Entry.objects.count()
    assert tasks.count_checkpoints() == 1  # only the problem whose count changed
    assert tasks.count_checkpoints() == 0  # nothing changed since
    services.support_set(problem=busy, user=fans[0], supported=False)
    assert tasks.count_checkpoints() == 1  # a count that goes down is logged too
    sequencer.sequence_all()
    leaves = [json.loads(e.data) for e in Entry.objects.filter(index__gte=before).order_by("index")]
    assert [(leaf["type"], leaf["supports_count"], leaf["actor"]) for leaf in leaves] == [
        ("problem.supports_counted", 3, None),
        ("problem.supports_counted", 2, None),
    ]
    assert all(leaf["object"].endswith(f"/api/v1/problems/{busy.pk}") for leaf in leaves) and quiet.pk != busy.pk
    # No leaf says who supported: the log holds the count, not the people.
    assert not any(fan.username in e.data for e in Entry.objects.all() for fan in fans)


def test_operators_edits_of_authorities_and_routing_are_leaves_naming_the_operator(  # type: ignore[no-untyped-def]
    yesil_akimat, make_user
) -> None:
    from django.test import Client

    from dauys.accounts.models import User
    from dauys.problems.models import Category, RoutingRule

    operator = User.objects.create_superuser("op1", "op@example.org", "a long operator password", display_name="Op")
    admin = Client()
    admin.force_login(operator)
    category = Category.objects.get(slug="corruption")
    form = {"category": category.pk, "place": yesil_akimat.place_id, "authority": yesil_akimat.pk}
    assert admin.post("/en/admin/problems/routingrule/add/", form).status_code == 302
    rule = RoutingRule.objects.get(category=category, place=yesil_akimat.place)
    assert Client().get("/api/v1/routing").json()[-1] == {
        "id": rule.pk,
        "category": "corruption",
        "place": yesil_akimat.place.slug,
        "authority": yesil_akimat.slug,
    }
    assert admin.post(f"/en/admin/problems/routingrule/{rule.pk}/delete/", {"post": "yes"}).status_code == 302
    yesil_akimat.email = "new-address@yesil.example.kz"
    yesil_akimat.email_source = "https://yesil.example.kz/contacts"
    authorities.authority_save(authority=yesil_akimat, changed=["email"], actor=operator)
    sequencer.sequence_all()
    leaves = [json.loads(e.data) for e in Entry.objects.order_by("index")]
    added, removed, authority = leaves[-3:]
    assert (added["type"], added["authority"], added["category"], added["actor"]) == (
        "routing.changed",
        yesil_akimat.slug,
        "corruption",
        "op1",
    )
    assert (removed["type"], removed["removed"], removed["category"]) == ("routing.changed", True, "corruption")
    assert authority["type"] == "authority.changed" and authority["fields"] == ["email"]
    assert authority["object"].endswith(f"/api/v1/authorities/{yesil_akimat.slug}")
    content = canonical.dumpb(authority_content(yesil_akimat.pk))
    assert authority["content_sha256"] == hashlib.sha256(content).hexdigest()  # where appeals go is on record


def test_a_removed_problem_leaves_a_leaf_saying_so(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem(title="A title that will be removed")
    staff = make_user("Staff")
    staff.is_staff = True
    staff.save()
    services.problem_set_status(problem=problem, actor=staff, status=Problem.Status.REMOVED)
    sequencer.sequence_all()
    last = json.loads(Entry.objects.order_by("-index").first().data)  # type: ignore[union-attr]
    assert (last["type"], last["old"], last["new"]) == ("problem.status_changed", "open", "removed")
    assert last["content_sha256"] == hashlib.sha256(canonical.dumpb({"status": "removed"})).hexdigest()
