"""Filing, editing and changing the status of problems: each validates, writes atomically and emits one event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dauys.core.events import record_events
from dauys.problems import services
from dauys.problems.models import Problem, Promise, TimelineEvent

pytestmark = pytest.mark.django_db


def test_draft_then_publish_emits_one_event_each(make_problem, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = make_problem(publish=False)
    assert [e.name for e in seen] == ["problem.drafted"]
    assert problem.status == "draft" and problem.published_at is None
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_publish(problem=problem, actor=problem.author)
    assert [e.name for e in seen] == ["problem.published"]
    assert problem.status == "open" and problem.published_at is not None
    assert "<p>Deep potholes" in problem.body_html


def test_double_submission_creates_one_problem(author, astana_yesil) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems.models import Category

    data = services.ProblemInput(
        title="Broken bench",
        body="The bench in the park is broken.",
        category=Category.objects.get(slug="other"),
        place=astana_yesil,
    )
    first = services.problem_draft(author=author, data=data, submission_key="k1")
    again = services.problem_draft(author=author, data=data, submission_key="k1")
    assert first.pk == again.pk
    assert Problem.objects.filter(author=author).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "abc"}, "title", "at least 5 characters"),
        ({"body": "short"}, "body", "at least 10 characters"),
        ({"latitude": 48.0}, "latitude", "both latitude and longitude"),
        ({"latitude": 10.0, "longitude": 10.0}, "latitude", "not in Kazakhstan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(make_problem, overrides, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_problem(publish=False, **overrides)
    assert message in " ".join(info.value.message_dict[field])
    assert Problem.objects.count() == 0


def test_blurred_location_stores_only_the_blurred_point(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem(latitude=51.128207, longitude=71.430420, blur_location=True)
    assert (problem.latitude, problem.longitude) != (51.128207, 71.430420)
    assert abs(problem.latitude - 51.128207) < 0.005 and abs(problem.longitude - 71.430420) < 0.008
    neighbour = make_problem(latitude=51.128300, longitude=71.430500, blur_location=True)
    assert (neighbour.latitude, neighbour.longitude) == (problem.latitude, problem.longitude)


def test_resolving_keeps_pending_promises(recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    appeal = recorded_appeal(today - timedelta(days=3))
    author = appeal.problem.author
    services.answer_record(
        appeal=appeal,
        actor=author,
        kind="promise",
        text="Soon",
        received_on=today,
        promise_due_on=today + timedelta(days=9),
    )
    services.problem_set_status(problem=appeal.problem, actor=author, status="resolved")
    assert Promise.objects.get().status == "kept"


def test_reopening_needs_evidence_and_anyone_signed_in_may_do_it(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    services.problem_set_status(problem=problem, actor=problem.author, status="resolved")
    neighbour = make_user("Neighbour")
    with pytest.raises(ValidationError):
        services.problem_set_status(problem=problem, actor=neighbour, status="open")
    problem = services.problem_set_status(
        problem=problem, actor=neighbour, status="open", reason="Still broken on 1 May."
    )
    assert problem.status == "open"
    assert TimelineEvent.objects.filter(problem=problem, kind="status:open").exists()


def test_only_a_moderator_removes_a_problem_or_brings_it_back(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    problem = make_problem()
    neighbour, moderator = make_user("Neighbour"), make_user("Moderator")
    moderator.is_staff = True
    moderator.save()
    for actor in (neighbour, problem.author, None):
        with pytest.raises(PermissionDenied):
            services.problem_set_status(problem=problem, actor=actor, status="removed")
    problem = services.problem_set_status(problem=problem, actor=moderator, status="removed")
    assert problem.status == "removed"
    # Its author still sees it, but cannot bring it back by "reopening" it, through the service or the page.
    with pytest.raises(PermissionDenied):
        services.problem_set_status(problem=problem, actor=problem.author, status="open", reason="Please")
    client = Client()
    client.force_login(problem.author)
    response = client.post(f"/en/problems/{problem.pk}/status/", {"status": "open", "reason": "Please"})
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "removed"
    problem = services.problem_set_status(problem=problem, actor=moderator, status="open", reason="Removed by mistake")
    assert problem.status == "open"


def test_filing_drafts_and_publishes_in_one_transaction(  # type: ignore[no-untyped-def]
    author, astana_yesil, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from dauys.problems.models import Category
    from dauys.problems.services import problems as filing

    data = services.ProblemInput(
        title="No light in the underpass",
        body="The underpass near the station has had no light for a month.",
        category=Category.objects.get(slug="roads"),
        place=astana_yesil,
    )
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_file(author=author, data=data, publish=True, submission_key="k1")
        again = services.problem_file(author=author, data=data, publish=True, submission_key="k1")  # resent
    assert problem.status == "open" and again.pk == problem.pk
    assert [e.name for e in seen] == ["problem.drafted", "problem.published"]

    def fails(**kwargs: object) -> None:
        raise RuntimeError("the database went away while publishing")

    monkeypatch.setattr(filing, "problem_publish", fails)
    with pytest.raises(RuntimeError):
        services.problem_file(author=author, data=data, publish=True, submission_key="k2")
    assert not Problem.objects.filter(submission_key="k2").exists()  # no draft left half-filed


def test_an_edit_and_each_change_of_status_emit_one_event(make_problem, emitted) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    data = services.ProblemInput(
        title="Deep potholes on Kenesary street",
        body=problem.body + " They are deeper after the rain.",
        category=problem.category,
        place=problem.place,
    )
    names, problem = emitted(services.problem_edit, problem=problem, actor=problem.author, data=data)
    assert names == ["problem.edited"]
    assert TimelineEvent.objects.filter(problem=problem, kind="edited").count() == 1
    names, problem = emitted(services.problem_set_status, problem=problem, actor=problem.author, status="resolved")
    assert names == ["problem.status_changed"] and problem.status == "resolved"
    names, problem = emitted(
        services.problem_set_status, problem=problem, actor=problem.author, status="open", reason="It broke again."
    )
    assert names == ["problem.status_changed"] and problem.status == "open"
